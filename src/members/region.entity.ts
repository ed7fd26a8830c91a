import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";

@Entity("region")
@ObjectType({ implements: Node, simpleResolvers: true, description: "A WCO region." })
export class Region implements Node {
  static readonly typename = "Region";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(Region.typename, this.pk);
  }
  @Field(() => ID, { description: "Short code, e.g. ESA." }) @Column({ type: "varchar", length: 16 }) code!: string;
  @Field() @Column({ type: "varchar", length: 255 }) name!: string;
}
