import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";
import { DisclosureLevel } from "../disclosure/disclosure-level";

export enum CapacityNeedCategory {
  LEGISLATION = "LEGISLATION",
  PROCEDURES = "PROCEDURES",
  IT_SYSTEMS = "IT_SYSTEMS",
  TRAINING = "TRAINING",
  EQUIPMENT = "EQUIPMENT",
  ORGANIZATION = "ORGANIZATION",
  DATA_AND_STATISTICS = "DATA_AND_STATISTICS",
  COOPERATION = "COOPERATION",
}
export enum Priority {
  HIGH = "HIGH",
  MEDIUM = "MEDIUM",
  LOW = "LOW",
}
registerEnumType(CapacityNeedCategory, {
  name: "CapacityNeedCategory",
  description: "Kind of support a Member needs.",
});
registerEnumType(Priority, { name: "Priority" });

/**
 * A capacity-building need a Member records for an expected outcome. Protected like a result:
 * category, priority and description follow the need's disclosure level; its existence does not.
 */
@Entity("capacity_need")
@ObjectType({ implements: Node, description: "A capacity-building need a Member recorded for an expected outcome." })
export class CapacityNeed implements Node {
  static readonly typename = "CapacityNeed";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(CapacityNeed.typename, this.pk);
  }
  @Column({ type: "int" }) assessmentId!: number;
  @Column({ type: "int" }) outcomeId!: number;
  @Column({ type: "int" }) memberId!: number;
  @Column({ type: "varchar", length: 32 }) category!: CapacityNeedCategory;
  @Column({ type: "varchar", length: 8 }) priority!: Priority;
  @Column({ type: "text" }) description!: string;
  @Field(() => DisclosureLevel) @Column({ type: "varchar", length: 8 }) disclosure!: DisclosureLevel;
  @Field(() => DateTimeISOResolver) @Column({ type: "datetime" }) updatedAt!: Date;
  @Column({ type: "varchar", length: 128 }) updatedBy!: string;
}
