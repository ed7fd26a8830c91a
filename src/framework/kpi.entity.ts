import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";
import { KpiDirection, KpiUnit, Provenance } from "./framework.enums";
import type { ScoringRule } from "./framework-definition";

@Entity("kpi")
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "A Key Performance Indicator measuring an expected outcome.",
})
export class Kpi implements Node {
  static readonly typename = "Kpi";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(Kpi.typename, this.pk);
  }
  @Column({ type: "int" }) frameworkVersionId!: number;
  @Column({ type: "int" }) outcomeId!: number;
  @Field(() => ID, { description: "Stable framework code, e.g. TF.1.1." })
  @Column({ type: "varchar", length: 32 })
  code!: string;
  @Field() @Column({ type: "varchar", length: 255 }) name!: string;
  @Field(() => KpiUnit) @Column({ type: "varchar", length: 32 }) unit!: KpiUnit;
  @Field(() => KpiDirection) @Column({ type: "varchar", length: 32 }) direction!: KpiDirection;
  @Field(() => [String], {
    description: "Names of the inputs a Member declares for this KPI (e.g. numerator, denominator).",
  })
  @Column({ type: "simple-json" })
  inputs!: string[];
  @Field(() => Provenance) @Column({ type: "varchar", length: 16 }) provenance!: Provenance;
  @Column({ type: "int" }) position!: number;
  /** The framework's scoring rule for this KPI (null: not scored); exposed as `scoring`. */
  @Column({ type: "simple-json", nullable: true }) scoring!: ScoringRule | null;
}
