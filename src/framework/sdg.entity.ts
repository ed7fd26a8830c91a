import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";

@Entity("sdg_goal")
@ObjectType({ implements: Node, simpleResolvers: true, description: "A UN Sustainable Development Goal." })
export class SdgGoal implements Node {
  static readonly typename = "SdgGoal";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(SdgGoal.typename, this.pk);
  }
  @Field(() => Int) @Column({ type: "int" }) number!: number;
  @Field() @Column({ type: "varchar", length: 255 }) title!: string;
  @Field() @Column({ type: "text" }) fullTitle!: string;
}

@Entity("sdg_target")
@ObjectType({ implements: Node, simpleResolvers: true, description: "A target of an SDG (official code, e.g. 16.5)." })
export class SdgTarget implements Node {
  static readonly typename = "SdgTarget";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(SdgTarget.typename, this.pk);
  }
  @Column({ type: "int" }) goalId!: number;
  @Field(() => ID) @Column({ type: "varchar", length: 16 }) code!: string;
  @Field() @Column({ type: "text" }) text!: string;
}
