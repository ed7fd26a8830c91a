import { EntityManager } from "typeorm";
import type { Context } from "../context";
import { badInput, domainError, notFound, Problem, rejectProblems, staleVersion } from "../common/errors";
import { idArgument } from "../common/global-id";
import { writeTransaction } from "../db/write-transaction";
import { actor, assertWritesMember, forbidden, isSecretariatViewer } from "../disclosure/authorization";
import { Assessment, AssessmentStatus } from "../assessment/assessment.entity";
import { Cycle, CyclePhase } from "../assessment/cycle.entity";
import { round } from "../assessment/kpi-value";
import { KpiResult } from "../assessment/kpi-result.entity";
import { assessmentService } from "../assessment/assessment.service";
import { cycleService, wrongPhase } from "../assessment/cycle.service";
import { lockResults, writeResultChange } from "../assessment/result-history";
import {
  FindingStatus,
  PeerReview,
  PeerReviewAssignment,
  PeerReviewStatus,
  ReviewFinding,
  withMember,
} from "./peer-review.entity";
import { maySee } from "../disclosure/policy";

const MAX_TEXT = 4000;

async function reviewOf(
  em: EntityManager,
  pk: number,
): Promise<{ review: PeerReview; assessment: Assessment; cycle: Cycle }> {
  const review = await em.findOneBy(PeerReview, { pk });
  if (!review) throw notFound("No such peer review");
  const assessment = await em.findOneByOrFail(Assessment, { pk: review.assessmentId });
  return { review, assessment, cycle: await cycleService.current(em, assessment.cycleId) };
}

/**
 * Only a reviewer the Secretariat assigned to this review (or the Secretariat) writes findings. Nobody is
 * assigned to a review that does not exist, so without one only the Secretariat gets further.
 */
async function assertAssigned(ctx: Context, em: EntityManager, review: PeerReview | null): Promise<void> {
  if (isSecretariatViewer(ctx)) return;
  const assigned =
    review &&
    ctx.viewer.subject &&
    (await em.findOneBy(PeerReviewAssignment, { reviewId: review.pk, reviewer: ctx.viewer.subject }));
  if (!assigned) throw forbidden("Only the peer reviewers assigned to this review or the Secretariat may do this");
}

/**
 * A finding is read only through its result, so one whose result this viewer may not see does not exist for
 * it: the same answer, word for word, as an unknown id. Otherwise the answer (or a FORBIDDEN naming the
 * Member) would tell which Members' reviews have findings, by walking the sequential ids.
 */
async function visibleFinding(ctx: Context, em: EntityManager, id: string): Promise<ReviewFinding> {
  const finding = await em.findOneBy(ReviewFinding, { pk: idArgument(id, "ReviewFinding", "finding", "a finding") });
  const result = finding && (await em.findOneBy(KpiResult, { pk: finding.resultId }));
  if (!finding || !result || !maySee(ctx.scope, result.memberId, result.disclosure)) throw notFound("No such finding");
  return finding;
}

/** What is wrong with a finding as sent; asked only once the viewer may write it. */
function findingProblems(input: FindingInput): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, reason: string) => problems.push({ where: "input", kpi: null, field, reason });
  if (
    input.status === FindingStatus.ADJUSTED &&
    (input.proposedValue === undefined || input.proposedValue === null || !Number.isFinite(input.proposedValue))
  ) {
    add("proposedValue", "is required for an ADJUSTED finding");
  }
  if (input.status !== FindingStatus.ADJUSTED && input.proposedValue != null)
    add("proposedValue", "is only for ADJUSTED findings");
  if (input.status === FindingStatus.QUERIED && !input.comment?.trim())
    add("comment", "is required for a QUERIED finding");
  if (input.comment && input.comment.length > MAX_TEXT) add("comment", `must be at most ${MAX_TEXT} characters`);
  return problems;
}

interface FindingInput {
  status: FindingStatus;
  proposedValue?: number | null;
  comment?: string | null;
  expectedVersion?: number | null;
}

export const peerReviewService = {
  /** After submitting, the Member's NCP asks for a peer review. */
  async request(ctx: Context, assessmentId: string): Promise<PeerReview> {
    return writeTransaction(ctx.ds, async (em) => {
      const { assessment, cycle } = await assessmentService.load(ctx, assessmentId, em);
      assertWritesMember(ctx, assessment.memberId);
      if (assessment.status !== AssessmentStatus.SUBMITTED) {
        throw domainError("CONFLICT", "Submit the assessment before requesting a peer review", {
          reason: "NOT_SUBMITTED",
        });
      }
      if (cycle.phase === CyclePhase.CLOSED)
        throw wrongPhase(
          cycle,
          [CyclePhase.SELF_ASSESSMENT, CyclePhase.SELF_ASSESSMENT_CLOSED, CyclePhase.PEER_REVIEW],
          "request a peer review",
        );
      if (await em.findOneBy(PeerReview, { assessmentId: assessment.pk })) {
        throw domainError("CONFLICT", "A peer review of this assessment was requested already", { reason: "EXISTS" });
      }
      return em.save(
        em.create(PeerReview, {
          assessmentId: assessment.pk,
          memberId: assessment.memberId,
          status: PeerReviewStatus.REQUESTED,
          requestedAt: new Date(),
          requestedBy: actor(ctx),
          closedAt: null,
          version: 1,
        }),
      );
    });
  },

  /** The Secretariat assigns reviewers (user ids), who then see the Member's COUNTRY-level results. */
  async assign(ctx: Context, reviewId: string, reviewers: string[]): Promise<PeerReview> {
    const ids = [...new Set(reviewers.map((r) => r.trim()))];
    if (!ids.length || ids.some((r) => !r || r.length > 128))
      throw badInput("reviewers must be 1 or more user ids of 1 to 128 characters");
    return writeTransaction(ctx.ds, async (em) => {
      const { review, cycle } = await reviewOf(
        em,
        idArgument(reviewId, PeerReview.typename, "review", "a peer review"),
      );
      if (review.status === PeerReviewStatus.CLOSED)
        throw domainError("CONFLICT", "The peer review is closed", { reason: "REVIEW_CLOSED" });
      if (cycle.phase === CyclePhase.CLOSED)
        throw wrongPhase(cycle, [CyclePhase.SELF_ASSESSMENT_CLOSED, CyclePhase.PEER_REVIEW], "assign peer reviewers");
      const existing = new Set((await em.findBy(PeerReviewAssignment, { reviewId: review.pk })).map((a) => a.reviewer));
      for (const reviewer of ids.filter((r) => !existing.has(r))) {
        await em.insert(PeerReviewAssignment, {
          reviewId: review.pk,
          reviewer,
          assignedAt: new Date(),
          assignedBy: actor(ctx),
        });
      }
      await em.update(
        PeerReview,
        { pk: review.pk },
        { status: PeerReviewStatus.IN_PROGRESS, version: review.version + 1 },
      );
      return em.findOneByOrFail(PeerReview, { pk: review.pk });
    });
  },

  /** An assigned reviewer's finding on one result: accepted, queried, or adjusted with a proposed value. */
  async recordFinding(ctx: Context, resultId: string, input: FindingInput): Promise<ReviewFinding> {
    return writeTransaction(ctx.ds, async (em) => {
      const result = await em.findOneBy(KpiResult, {
        pk: idArgument(resultId, KpiResult.typename, "result", "a KPI result"),
      });
      if (!result) throw notFound("No such KPI result");
      const review = await em.findOneBy(PeerReview, { assessmentId: result.assessmentId });
      // Who asks first: what it sent and the review's state are answered only to those who may write here.
      await assertAssigned(ctx, em, review);
      const problems = findingProblems(input);
      if (problems.length) rejectProblems(problems);
      if (!review)
        throw domainError("CONFLICT", "No peer review was requested for this result's assessment", {
          reason: "NO_REVIEW",
        });
      const cycle = await cycleService.current(em, result.cycleId);
      if (cycle.phase !== CyclePhase.PEER_REVIEW) throw wrongPhase(cycle, [CyclePhase.PEER_REVIEW], "record a finding");
      if (review.status !== PeerReviewStatus.IN_PROGRESS)
        throw domainError("CONFLICT", `The peer review is ${review.status}`, { reason: "REVIEW_NOT_IN_PROGRESS" });
      const fields = {
        status: input.status,
        // Stored to 6 decimals like a submitted value: on closing it becomes the validated value of record.
        proposedValue: input.proposedValue == null ? null : round(input.proposedValue),
        comment: input.comment?.trim() || null,
        updatedAt: new Date(),
      };
      const existing = await em.findOneBy(ReviewFinding, { reviewId: review.pk, resultId: result.pk });
      if (!existing) {
        const created = await em.save(
          em.create(ReviewFinding, {
            ...fields,
            reviewId: review.pk,
            resultId: result.pk,
            response: null,
            reviewer: actor(ctx),
            createdAt: new Date(),
            version: 1,
          }),
        );
        return withMember(created, review.memberId);
      }
      const updated = await this.updateFinding(em, existing, input.expectedVersion, {
        ...fields,
        reviewer: actor(ctx),
      });
      return withMember(updated, review.memberId);
    });
  },

  /** The Member's NCP answers a finding. */
  async respond(ctx: Context, findingId: string, response: string, expectedVersion: number): Promise<ReviewFinding> {
    return writeTransaction(ctx.ds, async (em) => {
      const finding = await visibleFinding(ctx, em, findingId);
      const { review, cycle } = await reviewOf(em, finding.reviewId);
      // The viewer may see the finding, hence its result's Member: FORBIDDEN may name it.
      assertWritesMember(ctx, review.memberId);
      if (!response.trim() || response.length > MAX_TEXT)
        throw badInput(`response must be 1 to ${MAX_TEXT} characters`);
      if (cycle.phase !== CyclePhase.PEER_REVIEW) throw wrongPhase(cycle, [CyclePhase.PEER_REVIEW], "answer a finding");
      if (review.status === PeerReviewStatus.CLOSED)
        throw domainError("CONFLICT", "The peer review is closed", { reason: "REVIEW_CLOSED" });
      const updated = await this.updateFinding(em, finding, expectedVersion, {
        response: response.trim(),
        updatedAt: new Date(),
      });
      return withMember(updated, review.memberId);
    });
  },

  async updateFinding(
    em: EntityManager,
    finding: ReviewFinding,
    expectedVersion: number | null | undefined,
    set: Partial<ReviewFinding>,
  ) {
    if (expectedVersion == null)
      throw badInput("expectedVersion is required to change an existing finding", { currentVersion: finding.version });
    const res = await em.update(
      ReviewFinding,
      { pk: finding.pk, version: expectedVersion },
      { ...set, version: expectedVersion + 1 },
    );
    if (res.affected !== 1)
      throw staleVersion("The finding", (await em.findOneByOrFail(ReviewFinding, { pk: finding.pk })).version);
    return em.findOneByOrFail(ReviewFinding, { pk: finding.pk });
  },

  /** Closes a review: each result keeps its self-assessed value and gets its validated one. */
  async close(ctx: Context, reviewId: string): Promise<PeerReview> {
    return writeTransaction(ctx.ds, async (em) => {
      const { review, cycle } = await reviewOf(
        em,
        idArgument(reviewId, PeerReview.typename, "review", "a peer review"),
      );
      if (cycle.phase !== CyclePhase.PEER_REVIEW)
        throw wrongPhase(cycle, [CyclePhase.PEER_REVIEW], "close a peer review");
      if (review.status !== PeerReviewStatus.IN_PROGRESS)
        throw domainError("CONFLICT", `The peer review is ${review.status}`, { reason: "REVIEW_NOT_IN_PROGRESS" });
      const findings = new Map((await em.findBy(ReviewFinding, { reviewId: review.pk })).map((f) => [f.resultId, f]));
      for (const r of await lockResults(em, { assessmentId: review.assessmentId })) {
        const f = findings.get(r.pk);
        const validatedValue = f?.status === FindingStatus.ADJUSTED ? f.proposedValue : r.value;
        await writeResultChange(ctx, em, r, r.version, { validatedValue });
      }
      const res = await em.update(
        PeerReview,
        { pk: review.pk, version: review.version },
        { status: PeerReviewStatus.CLOSED, closedAt: new Date(), version: review.version + 1 },
      );
      if (res.affected !== 1) throw staleVersion("The peer review", review.version + 1);
      return em.findOneByOrFail(PeerReview, { pk: review.pk });
    });
  },
};
