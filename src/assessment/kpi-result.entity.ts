import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";
import { DisclosureLevel } from "../disclosure/disclosure-level";

/**
 * A KPI result: public metadata (which KPI, Member, cycle; its level; its version) and protected fields
 * (value, score, inputs, evidence, not-used reason, who changed it, history). Protected fields have no
 * @Field here: they are declared in RESULT_FIELDS (kpi-result.fields.ts), where each goes through the disclosure policy.
 */
@Entity("kpi_result")
@ObjectType({ implements: Node, description: "A Member's result for one KPI in one cycle." })
export class KpiResult implements Node {
  static readonly typename = "KpiResult";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID, { simple: true }) get id(): string {
    return toGlobalId(KpiResult.typename, this.pk);
  }
  @Column({ type: "int" }) assessmentId!: number;
  @Column({ type: "int" }) kpiId!: number;
  @Column({ type: "int" }) memberId!: number;
  @Column({ type: "int" }) cycleId!: number;
  @Field(() => DisclosureLevel, { simple: true }) @Column({ type: "varchar", length: 8 }) disclosure!: DisclosureLevel;
  @Column({ type: "simple-json", nullable: true }) inputs!: Record<string, number> | null;
  @Column({ type: "double", nullable: true }) value!: number | null;
  @Column({ type: "double", nullable: true }) score!: number | null;
  @Column({ type: "text", nullable: true }) evidence!: string | null;
  /** The Member's own target for the next cycle, in the KPI's unit. */
  @Column({ type: "double", nullable: true }) target!: number | null;
  /** After peer review: the proposed value where a finding adjusted it, else the self-assessed value. */
  @Column({ type: "double", nullable: true }) validatedValue!: number | null;
  @Field({ simple: true, description: "False while the result follows its assessment's default level." })
  @Column({ type: "boolean", default: false })
  disclosureChosen!: boolean;
  @Column({ type: "boolean" }) notUsed!: boolean;
  @Column({ type: "text", nullable: true }) notUsedReason!: string | null;
  @Field(() => Int, { simple: true, description: "The version an edit must name (optimistic concurrency)." })
  @Column({ type: "int" })
  version!: number;
  /** Shown by RESULT_FIELDS.updatedAt (lists of results read it only when asked: result-columns.ts). */
  @Column({ type: "datetime" }) updatedAt!: Date;
  @Column({ type: "varchar", length: 128 }) updatedBy!: string;
}

@Entity("kpi_result_change")
export class KpiResultChangeRow {
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Column({ type: "int" }) resultId!: number;
  @Column({ type: "int" }) version!: number;
  @Column({ type: "datetime" }) changedAt!: Date;
  @Column({ type: "varchar", length: 128 }) changedBy!: string;
  @Column({ type: "simple-json" }) fields!: string[];
  @Column({ type: "simple-json" }) before!: Record<string, unknown>;
  @Column({ type: "simple-json" }) after!: Record<string, unknown>;
}
