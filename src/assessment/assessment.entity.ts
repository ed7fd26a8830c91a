import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";
import { DisclosureLevel } from "../disclosure/disclosure-level";

export enum AssessmentStatus {
  IN_PROGRESS = "IN_PROGRESS",
  SUBMITTED = "SUBMITTED",
}
registerEnumType(AssessmentStatus, {
  name: "AssessmentStatus",
  description: "Where a Member's self-assessment stands.",
});

/** A Member's assessment in one cycle. Its existence is public: which Members took part is not protected. */
@Entity("assessment")
@ObjectType({
  implements: Node,
  description: "A Member's assessment in one cycle (self-assessment, then optional peer review).",
})
export class Assessment implements Node {
  static readonly typename = "Assessment";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(Assessment.typename, this.pk);
  }
  @Column({ type: "int" }) memberId!: number;
  @Column({ type: "int" }) cycleId!: number;
  @Field(() => AssessmentStatus) @Column({ type: "varchar", length: 32 }) status!: AssessmentStatus;
  @Field(() => DisclosureLevel, { description: "Level given to results that do not choose their own." })
  @Column({ type: "varchar", length: 8 })
  defaultDisclosure!: DisclosureLevel;
  @Field(() => Int) @Column({ type: "int" }) version!: number;
  @Column({ type: "datetime" }) createdAt!: Date;
  @Field(() => DateTimeISOResolver) @Column({ type: "datetime" }) updatedAt!: Date;
  @Column({ type: "varchar", length: 128 }) updatedBy!: string;
  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: "When the Member submitted it; null while in progress.",
  })
  @Column({ type: "datetime", nullable: true })
  submittedAt!: Date | null;
}
