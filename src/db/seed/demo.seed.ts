import { DataSource, EntityManager } from "typeorm";
import { Assessment, AssessmentStatus } from "../../assessment/assessment.entity";
import { KpiResult } from "../../assessment/kpi-result.entity";
import { Cycle } from "../../assessment/cycle.entity";
import { computeValue } from "../../assessment/kpi-value";
import { DisclosureLevel } from "../../disclosure/disclosure-level";
import { Kpi } from "../../framework/kpi.entity";
import { FrameworkVersion } from "../../framework/framework-version.entity";
import { KpiDirection, KpiUnit } from "../../framework/framework.enums";
import { Outcome } from "../../framework/outcome.entity";
import { Member } from "../../members/member.entity";
import { CapacityNeed, CapacityNeedCategory, Priority } from "../../assessment/capacity-need.entity";
import { round } from "../../assessment/kpi-value";
import {
  FindingStatus,
  PeerReview,
  PeerReviewAssignment,
  PeerReviewStatus,
  ReviewFinding,
} from "../../review/peer-review.entity";

/**
 * Synthetic demo results, deterministic for a seed: every cycle; most Members (85%, a different draw per
 * cycle, so some do not take part); every KPI, some marked not used;
 * all four disclosure levels well represented. Values are computed from generated inputs by the same
 * code that computes submitted ones, so they obey every unit's rules. So that every figure of the API has
 * something to show (docs/methods.md, "Reference figures"): most results carry the Member's target for the next
 * cycle; many assessments record capacity-building needs at every level; in the first cycle (CLOSED) several
 * peer reviews are closed with findings, some ADJUSTED, so validated values differ from submitted ones; in the
 * second (in peer review) reviews are requested or in progress. These extras draw from a second generator, so
 * the results' values are the same as without them.
 */
export const DEMO_SEED = 20231205;
const SHARE_TAKING_PART = 0.85;
export const SHARE_NOT_USED = 0.07;
export const LEVEL_WEIGHTS: [DisclosureLevel, number][] = [
  [DisclosureLevel.PUBLIC, 0.35],
  [DisclosureLevel.WCO, 0.25],
  [DisclosureLevel.UNION, 0.2],
  [DisclosureLevel.COUNTRY, 0.2],
];
export const NOT_USED_REASONS = [
  "Data not collected by the administration in the reference year",
  "Procedure not applicable under national legislation",
  "Information held by another agency and not available",
  "IT system does not record this information yet",
];

/** mulberry32: small, fast, and the same on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, weighted: [T, number][]): T {
  let x = rand() * weighted.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
}

/** Plausible inputs for a unit; `quality` (0..1) is the Member's general performance, so KPIs correlate. */
export function demoInputs(unit: KpiUnit, rand: () => number, quality: number): Record<string, number> {
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  switch (unit) {
    case KpiUnit.PERCENT:
    case KpiUnit.RATIO: {
      const denominator = int(200, 500_000);
      const share = Math.min(1, Math.max(0, quality * 0.8 + between(-0.15, 0.3)));
      const numerator = Math.round(denominator * (unit === KpiUnit.RATIO ? share * between(0.01, 0.2) : share));
      return { numerator, denominator };
    }
    case KpiUnit.VARIATION_PERCENT: {
      const valueYearTMinus1 = int(10, 20_000);
      return { valueYearT: Math.round(valueYearTMinus1 * (1 + between(-0.4, 0.6))), valueYearTMinus1 };
    }
    case KpiUnit.COUNT:
      return { count: Math.floor(Math.exp(between(0, 8))) };
    case KpiUnit.HOURS:
      return { hours: Math.round(between(2, 120) * (1.5 - quality) * 10) / 10 };
    case KpiUnit.DAYS:
      return { days: Math.round(between(1, 60) * (1.5 - quality)) };
    case KpiUnit.YES_NO:
      return { yes: rand() < 0.3 + quality * 0.6 ? 1 : 0 };
    case KpiUnit.USD_THOUSANDS:
      return { amount: Math.round(between(50, 5000) * (0.5 + quality)) };
  }
}

export async function seedDemoResults(
  ds: DataSource,
  seed = DEMO_SEED,
): Promise<{ assessments: number; results: number } | null> {
  if ((await ds.getRepository(Assessment).count()) > 0) return null;
  const rand = prng(seed);
  const extra = prng(seed + 1);
  const version = await ds.getRepository(FrameworkVersion).findOneByOrFail({ active: true });
  const kpis = await ds.getRepository(Kpi).find({ where: { frameworkVersionId: version.pk }, order: { pk: "ASC" } });
  const members = await ds.getRepository(Member).find({ order: { code: "ASC" } });
  const allCycles = await ds.getRepository(Cycle).find({ order: { code: "ASC" } });
  const quality = new Map(members.map((m) => [m.pk, rand()]));
  let assessments = 0;
  let results = 0;
  await ds.transaction(async (em) => {
    for (const cycle of allCycles) {
      const taking = Math.round(members.length * SHARE_TAKING_PART);
      const chosen = [...members].sort(() => rand() - 0.5).slice(0, taking);
      const when = new Date(`${cycle.opensOn}T12:00:00Z`);
      const rows: Partial<KpiResult>[] = [];
      for (const member of chosen) {
        const defaultDisclosure = pick(rand, LEVEL_WEIGHTS);
        const a = await em.save(
          em.create(Assessment, {
            memberId: member.pk,
            cycleId: cycle.pk,
            status: AssessmentStatus.SUBMITTED,
            defaultDisclosure,
            version: 1,
            createdAt: when,
            updatedAt: when,
            updatedBy: "demo-seed",
          }),
        );
        assessments++;
        const q = Math.min(1, Math.max(0, quality.get(member.pk)! + (rand() - 0.5) * 0.2));
        for (const kpi of kpis) {
          const disclosure = rand() < 0.7 ? defaultDisclosure : pick(rand, LEVEL_WEIGHTS);
          const notUsed = rand() < SHARE_NOT_USED;
          const inputs = notUsed ? null : demoInputs(kpi.unit, rand, q);
          const value = inputs ? computeValue(kpi.unit, inputs).value : null;
          rows.push({
            assessmentId: a.pk,
            kpiId: kpi.pk,
            memberId: member.pk,
            cycleId: cycle.pk,
            disclosure,
            inputs,
            value,
            score: null,
            target: extra() < SHARE_WITH_TARGET ? demoTarget(kpi.unit, kpi.direction, value, extra) : null,
            evidence: notUsed ? null : `Synthetic demo result for ${member.name}, ${kpi.code}.`,
            notUsed,
            notUsedReason: notUsed ? NOT_USED_REASONS[Math.floor(rand() * NOT_USED_REASONS.length)] : null,
            version: 1,
            updatedAt: when,
            updatedBy: "demo-seed",
          });
        }
      }
      for (let i = 0; i < rows.length; i += 400) await em.insert(KpiResult, rows.slice(i, i + 400) as never);
      results += rows.length;
    }
    await seedNeedsAndReviews(em, allCycles, extra);
  });
  return { assessments, results };
}

const SHARE_WITH_TARGET = 0.8;
const SHARE_WITH_NEEDS = 0.6;
/** Closed reviews of the first cycle, and reviews requested or in progress in the second. */
const CLOSED_REVIEWS = 14;
const OPEN_REVIEWS = 10;

/**
 * The target a Member sets for the next cycle: a step in the KPI's better direction, within the unit's range,
 * stated to 2 decimals (a whole number for counts, yes for yes/no). None for a NEUTRAL KPI or without a value.
 */
export function demoTarget(
  unit: KpiUnit,
  direction: KpiDirection,
  value: number | null,
  rand: () => number,
): number | null {
  if (value === null || direction === KpiDirection.NEUTRAL) return null;
  const up = direction === KpiDirection.HIGHER_IS_BETTER;
  if (unit === KpiUnit.YES_NO) return up ? 1 : 0;
  const step = Math.max(Math.abs(value) * (0.05 + 0.2 * rand()), unit === KpiUnit.RATIO ? 0.01 : 1);
  let t = up ? value + step : value - step;
  if (unit === KpiUnit.PERCENT) t = Math.min(100, t);
  if (unit !== KpiUnit.VARIATION_PERCENT) t = Math.max(0, t);
  return unit === KpiUnit.COUNT ? Math.round(t) : Math.round(t * 100) / 100;
}

/** A reviewer's proposed value: another value the unit allows (stored to 6 decimals like submitted ones). */
export function demoAdjusted(unit: KpiUnit, value: number, rand: () => number): number {
  if (unit === KpiUnit.YES_NO) return value === 1 ? 0 : 1;
  if (unit === KpiUnit.COUNT) return value > 0 ? Math.floor(value * 0.8) : 1;
  const factor = 0.75 + 0.2 * rand(); // reviewers mostly find values overstated
  let v = round(value * factor);
  if (v === value) v = round(value + 1);
  return unit === KpiUnit.PERCENT ? Math.min(100, v) : v;
}

const CATEGORY_NEEDS: Record<CapacityNeedCategory, string> = {
  LEGISLATION: "Amend the legal basis",
  PROCEDURES: "Simplify and document the procedures",
  IT_SYSTEMS: "Extend the customs IT system",
  TRAINING: "Train officers",
  EQUIPMENT: "Acquire scanning and detection equipment",
  ORGANIZATION: "Set up a dedicated unit",
  DATA_AND_STATISTICS: "Collect and publish the data",
  COOPERATION: "Agree on cooperation with partner agencies",
};

async function seedNeedsAndReviews(em: EntityManager, cycles: Cycle[], rand: () => number): Promise<void> {
  const version = await em.findOneByOrFail(FrameworkVersion, { active: true });
  const outcomes = await em.find(Outcome, { where: { frameworkVersionId: version.pk }, order: { pk: "ASC" } });
  const kpis = new Map(
    (await em.find(Kpi, { where: { frameworkVersionId: version.pk } })).map((k) => [k.pk, k] as const),
  );
  const categories = Object.values(CapacityNeedCategory);
  const priorities = Object.values(Priority);
  const draw = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  for (const [i, cycle] of cycles.entries()) {
    const assessments = await em.find(Assessment, { where: { cycleId: cycle.pk }, order: { pk: "ASC" } });
    const when = new Date(`${cycle.opensOn}T12:00:00Z`);
    const needs: Partial<CapacityNeed>[] = [];
    for (const a of assessments) {
      if (rand() >= SHARE_WITH_NEEDS) continue;
      const chosen = new Set<Outcome>();
      const count = 1 + Math.floor(rand() * 3);
      while (chosen.size < count) chosen.add(draw(outcomes));
      for (const o of chosen) {
        const category = draw(categories);
        needs.push({
          assessmentId: a.pk,
          outcomeId: o.pk,
          memberId: a.memberId,
          category,
          priority: draw(priorities),
          description: `${CATEGORY_NEEDS[category]} for ${o.code} (${o.name}).`,
          disclosure: pick(rand, LEVEL_WEIGHTS),
          updatedAt: when,
          updatedBy: "demo-seed",
        });
      }
    }
    for (let j = 0; j < needs.length; j += 400) await em.insert(CapacityNeed, needs.slice(j, j + 400) as never);

    // Reviews: the first cycle's are closed (its report is published), the second's are under way.
    const closing = i === 0;
    if (i > 1) continue;
    const reviewed = [...assessments].sort(() => rand() - 0.5).slice(0, closing ? CLOSED_REVIEWS : OPEN_REVIEWS);
    for (const [n, a] of reviewed.entries()) {
      const requestedAt = new Date(when.getTime() + 120 * 86_400_000);
      const status = closing
        ? PeerReviewStatus.CLOSED
        : n < 4
          ? PeerReviewStatus.REQUESTED
          : PeerReviewStatus.IN_PROGRESS;
      const review = await em.save(
        em.create(PeerReview, {
          assessmentId: a.pk,
          memberId: a.memberId,
          status,
          requestedAt,
          requestedBy: "demo-seed",
          closedAt: closing ? new Date(requestedAt.getTime() + 180 * 86_400_000) : null,
          version: closing ? 3 : status === PeerReviewStatus.IN_PROGRESS ? 2 : 1,
        }),
      );
      if (status === PeerReviewStatus.REQUESTED) continue;
      const reviewer = `demo-reviewer-${1 + (n % 5)}`;
      await em.insert(PeerReviewAssignment, {
        reviewId: review.pk,
        reviewer,
        assignedAt: requestedAt,
        assignedBy: "demo-seed",
      });
      const results = await em.find(KpiResult, { where: { assessmentId: a.pk }, order: { kpiId: "ASC" } });
      const withValue = results.filter((r) => r.value !== null).sort(() => rand() - 0.5);
      // Two adjusted, two accepted, one queried (and answered) per review.
      const statuses = [
        FindingStatus.ADJUSTED,
        FindingStatus.ADJUSTED,
        FindingStatus.ACCEPTED,
        FindingStatus.ACCEPTED,
        FindingStatus.QUERIED,
      ];
      const adjusted = new Map<number, number>();
      for (const [f, r] of withValue.slice(0, statuses.length).entries()) {
        const st = statuses[f];
        const proposedValue =
          st === FindingStatus.ADJUSTED ? demoAdjusted(kpis.get(r.kpiId)!.unit, r.value!, rand) : null;
        if (proposedValue !== null) adjusted.set(r.pk, proposedValue);
        await em.insert(ReviewFinding, {
          reviewId: review.pk,
          resultId: r.pk,
          status: st,
          proposedValue,
          comment:
            st === FindingStatus.ADJUSTED
              ? "The evidence supports a different figure for the reference year."
              : st === FindingStatus.QUERIED
                ? "Please explain how the figure was collected."
                : "Consistent with the evidence provided.",
          response: st === FindingStatus.QUERIED ? "Collected from the customs declaration system for the year." : null,
          reviewer,
          createdAt: requestedAt,
          updatedAt: requestedAt,
          version: 1,
        });
      }
      // Closing a review validates every result of the assessment: the adjusted value, else the submitted one.
      if (closing) {
        await em
          .createQueryBuilder()
          .update(KpiResult)
          .set({ validatedValue: () => "value" })
          .where("assessmentId = :id", { id: a.pk })
          .execute();
        for (const [pk, validatedValue] of adjusted) await em.update(KpiResult, { pk }, { validatedValue });
      }
    }
  }
}
