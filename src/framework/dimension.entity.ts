import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";

@Entity("dimension")
@ObjectType({ implements: Node, simpleResolvers: true, description: "One of the four PMM dimensions." })
export class Dimension implements Node {
  static readonly typename = "Dimension";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(Dimension.typename, this.pk);
  }
  @Column({ type: "int" }) frameworkVersionId!: number;
  @Field(() => ID, { description: "Stable framework code, e.g. TF." })
  @Column({ type: "varchar", length: 32 })
  code!: string;
  @Field() @Column({ type: "varchar", length: 255 }) name!: string;
  @Column({ type: "int" }) position!: number;
}
