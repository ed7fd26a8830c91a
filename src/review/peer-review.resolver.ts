import { Arg, Ctx, FieldResolver, Float, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { identity } from "../disclosure/disclosed";
import { Assessment } from "../assessment/assessment.entity";
import { Member } from "../members/member.entity";
import { FindingStatus, PeerReview, ReviewFinding } from "./peer-review.entity";
import { peerReviewService } from "./peer-review.service";

@Resolver(() => PeerReview)
export class PeerReviewResolver {
  @Mutation(() => PeerReview, { description: "NCP: ask for a peer review of a submitted assessment." })
  requestPeerReview(@Ctx() ctx: Context, @Arg("assessment", () => ID) assessment: string): Promise<PeerReview> {
    return peerReviewService.request(ctx, assessment);
  }

  @Mutation(() => PeerReview, {
    description: "Secretariat: assign peer reviewers (user ids, the `sub` of their tokens).",
  })
  assignPeerReviewers(
    @Ctx() ctx: Context,
    @Arg("review", () => ID) review: string,
    @Arg("reviewers", () => [String]) reviewers: string[],
  ): Promise<PeerReview> {
    return peerReviewService.assign(ctx, review, reviewers);
  }

  @Mutation(() => ReviewFinding, {
    description: "Assigned reviewer: record (or revise, with expectedVersion) a finding on one result.",
  })
  recordFinding(
    @Ctx() ctx: Context,
    @Arg("result", () => ID) result: string,
    @Arg("status", () => FindingStatus) status: FindingStatus,
    @Arg("proposedValue", () => Float, { nullable: true }) proposedValue?: number,
    @Arg("comment", () => String, { nullable: true }) comment?: string,
    @Arg("expectedVersion", () => Int, { nullable: true, description: "Required to revise an existing finding." })
    expectedVersion?: number,
  ): Promise<ReviewFinding> {
    return peerReviewService.recordFinding(ctx, result, { status, proposedValue, comment, expectedVersion });
  }

  @Mutation(() => ReviewFinding, { description: "NCP: answer a finding." })
  respondToFinding(
    @Ctx() ctx: Context,
    @Arg("finding", () => ID) finding: string,
    @Arg("response") response: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
  ): Promise<ReviewFinding> {
    return peerReviewService.respond(ctx, finding, response, expectedVersion);
  }

  @Mutation(() => PeerReview, {
    description: "Secretariat: close a review; each result keeps its self-assessed and its validated value.",
  })
  closePeerReview(@Ctx() ctx: Context, @Arg("review", () => ID) review: string): Promise<PeerReview> {
    return peerReviewService.close(ctx, review);
  }

  @FieldResolver(() => Assessment)
  async assessment(@Root() r: PeerReview, @Ctx() ctx: Context): Promise<Assessment> {
    return (await ctx.loaders.assessment.load(r.assessmentId))!;
  }

  @FieldResolver(() => Member)
  async member(@Root() r: PeerReview, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.member.load(r.memberId))!;
  }

  @FieldResolver(() => [String], {
    nullable: true,
    description:
      "User ids of the assigned reviewers: for the Secretariat, the Member's NCPs and the reviewers; null for others.",
  })
  async reviewers(@Root() r: PeerReview, @Ctx() ctx: Context): Promise<string[] | null> {
    if (identity(ctx, r.memberId, true) === null) return null;
    return (await ctx.loaders.reviewersByReview.load(r.pk)).map((a) => a.reviewer);
  }
}

@Resolver(() => ReviewFinding)
export class ReviewFindingResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Who wrote the finding (role:user id). An identity: null unless you may see the Member's COUNTRY level, whatever the result's level.",
  })
  reviewer(@Root() f: ReviewFinding, @Ctx() ctx: Context): string | null {
    // A finding handed over without its Member shows no reviewer (withMember), rather than everyone's.
    return f.memberId === undefined ? null : identity(ctx, f.memberId, f.reviewer);
  }
}
