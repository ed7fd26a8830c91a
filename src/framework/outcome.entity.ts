import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";
import { Provenance } from "./framework.enums";

@Entity("outcome")
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "An expected outcome of a dimension, measured by KPIs.",
})
export class Outcome implements Node {
  static readonly typename = "Outcome";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(Outcome.typename, this.pk);
  }
  @Column({ type: "int" }) frameworkVersionId!: number;
  @Column({ type: "int" }) dimensionId!: number;
  @Field(() => ID, { description: "Stable framework code, e.g. TF.1." })
  @Column({ type: "varchar", length: 32 })
  code!: string;
  @Field() @Column({ type: "varchar", length: 255 }) name!: string;
  @Field(() => Provenance) @Column({ type: "varchar", length: 16 }) provenance!: Provenance;
  @Column({ type: "int" }) position!: number;
}
