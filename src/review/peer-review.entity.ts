import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";

export enum PeerReviewStatus {
  REQUESTED = "REQUESTED",
  IN_PROGRESS = "IN_PROGRESS",
  CLOSED = "CLOSED",
}
export enum FindingStatus {
  ACCEPTED = "ACCEPTED",
  QUERIED = "QUERIED",
  ADJUSTED = "ADJUSTED",
}
registerEnumType(PeerReviewStatus, { name: "PeerReviewStatus" });
registerEnumType(FindingStatus, {
  name: "FindingStatus",
  valuesConfig: {
    ACCEPTED: { description: "The reviewer accepts the self-assessed value." },
    QUERIED: { description: "The reviewer asks the Member a question." },
    ADJUSTED: { description: "The reviewer proposes another value (proposedValue)." },
  },
});

/** A Member's request for peer review of a submitted assessment. That a review exists is public. */
@Entity("peer_review")
@ObjectType({ implements: Node, description: "Peer review of a submitted assessment." })
export class PeerReview implements Node {
  static readonly typename = "PeerReview";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(PeerReview.typename, this.pk);
  }
  @Column({ type: "int" }) assessmentId!: number;
  @Column({ type: "int" }) memberId!: number;
  @Field(() => PeerReviewStatus) @Column({ type: "varchar", length: 16 }) status!: PeerReviewStatus;
  @Field(() => DateTimeISOResolver) @Column({ type: "datetime" }) requestedAt!: Date;
  @Column({ type: "varchar", length: 128 }) requestedBy!: string;
  @Field(() => DateTimeISOResolver, { nullable: true })
  @Column({ type: "datetime", nullable: true })
  closedAt!: Date | null;
  @Field(() => Int) @Column({ type: "int" }) version!: number;
}

@Entity("peer_review_assignment")
export class PeerReviewAssignment {
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Column({ type: "int" }) reviewId!: number;
  /** The reviewer's user id (the `sub` of its tokens). */
  @Column({ type: "varchar", length: 128 }) reviewer!: string;
  @Column({ type: "datetime" }) assignedAt!: Date;
  @Column({ type: "varchar", length: 128 }) assignedBy!: string;
}

/**
 * A reviewer's finding on one result; read only through the result, so it is protected like the result. Who
 * wrote it is an identity, shown only to those who see the Member's COUNTRY level (ReviewFindingResolver).
 */
@Entity("review_finding")
@ObjectType({
  description: "A peer reviewer's finding on a result, and the Member's answer. Protected like the result.",
})
export class ReviewFinding {
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID, { description: "Opaque id, for respondToFinding." }) get id(): string {
    return toGlobalId("ReviewFinding", this.pk);
  }
  @Column({ type: "int" }) reviewId!: number;
  @Column({ type: "int" }) resultId!: number;
  @Field(() => FindingStatus) @Column({ type: "varchar", length: 16 }) status!: FindingStatus;
  @Field(() => Number, { nullable: true }) @Column({ type: "double", nullable: true }) proposedValue!: number | null;
  @Field(() => String, { nullable: true }) @Column({ type: "text", nullable: true }) comment!: string | null;
  @Field(() => String, { nullable: true, description: "The Member's answer." })
  @Column({ type: "text", nullable: true })
  response!: string | null;
  /** Shown by ReviewFindingResolver.reviewer, to those who may see the Member's identities. */
  @Column({ type: "varchar", length: 128 }) reviewer!: string;
  @Column({ type: "datetime" }) createdAt!: Date;
  @Field(() => DateTimeISOResolver) @Column({ type: "datetime" }) updatedAt!: Date;
  @Field(() => Int) @Column({ type: "int" }) version!: number;
  /**
   * The reviewed Member, not a column: set by whoever hands a finding to GraphQL (withMember), for the identity
   * rule on `reviewer`. A finding handed over without it shows no reviewer.
   */
  memberId?: number;
}

/** Findings of Member `memberId`'s review, ready for GraphQL (see ReviewFinding.memberId). */
export function withMember<T extends ReviewFinding | ReviewFinding[]>(findings: T, memberId: number): T {
  for (const f of Array.isArray(findings) ? findings : [findings]) f.memberId = memberId;
  return findings;
}
