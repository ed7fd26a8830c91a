import { In, type EntityManager } from "typeorm";
import { Assessment } from "../assessment/assessment.entity";
import { CapacityNeed } from "../assessment/capacity-need.entity";
import type { Cycle } from "../assessment/cycle.entity";
import { KpiResult } from "../assessment/kpi-result.entity";
import { Dimension } from "../framework/dimension.entity";
import { FrameworkVersion } from "../framework/framework-version.entity";
import { Instrument } from "../framework/instrument.entity";
import { Kpi } from "../framework/kpi.entity";
import { KpiInstrument, KpiSdgTarget } from "../framework/mapping.entity";
import { Outcome } from "../framework/outcome.entity";
import { SdgTarget } from "../framework/sdg.entity";
import { referenceDirectory } from "../disclosure/reference-directory";
import { PeerReview, PeerReviewAssignment } from "../review/peer-review.entity";
import type { Level, ReportInput, ReportKpi } from "./report.types";

/** The framework version a cycle's results belong to (the active one when it has none). */
export async function frameworkVersionOf(em: EntityManager, cycle: Cycle): Promise<number> {
  const any = await em.findOne(KpiResult, { where: { cycleId: cycle.pk }, select: { pk: true, kpiId: true } });
  const kpi = any ? await em.findOneBy(Kpi, { pk: any.kpiId }) : null;
  return kpi?.frameworkVersionId ?? (await em.findOneBy(FrameworkVersion, { active: true }))?.pk ?? Number.NaN;
}

/** What the engine reads of a cycle, without thresholds and earlier releases (the caller's to add). */
export type CycleReportData = Omit<ReportInput, "thresholds" | "earlier" | "viewers">;

/**
 * The engine's input for a cycle, read from the database (the one definition: the server's drafts, the tests and
 * the scripts use it). KPIs are those of the framework version the cycle's results belong to (the active one when
 * it has none), with their outcome, dimension, instruments and SDG targets; reviewers are those assigned to the
 * cycle's peer reviews. Every level of every result is read: the engine decides what is published.
 */
export async function readCycleReportData(
  em: EntityManager,
  cycle: Cycle,
  /** The cycles still open (not CLOSED), by primary key: their peer reviewers are audited too. */
  openCycles: readonly number[],
): Promise<CycleReportData> {
  // Members, regions and unions: reference data, read once per process (src/disclosure/reference-directory.ts).
  const directory = await referenceDirectory(em.connection);
  const assessments = await em.find(Assessment, { where: { cycleId: cycle.pk }, order: { pk: "ASC" } });
  const regionCode = new Map(directory.regions.map((r) => [r.pk, r.code]));
  const memberRows = [...directory.memberById.values()].sort((a, b) => a.code.localeCompare(b.code));
  const memberCode = directory.memberCodeById;
  const members = memberRows.map((m) => ({
    code: m.code,
    region: regionCode.get(m.regionId)!,
    incomeGroup: m.incomeGroup ?? null,
    landlocked: m.landlocked ?? null,
  }));
  const unions = directory.unions.map((u) => ({
    code: u.code,
    members: [...(directory.unionMemberIds.get(u.code) ?? [])].map((id) => memberCode.get(id)!).sort(),
  }));
  const participants = [...new Set(assessments.map((a) => memberCode.get(a.memberId)!))].sort();

  const resultRows = await em.find(KpiResult, { where: { cycleId: cycle.pk }, order: { pk: "ASC" } });
  const versionId = await frameworkVersionOf(em, cycle);
  const [kpiRows, outcomes, dimensions, kpiInstruments, instruments, kpiTargets, targets] = await Promise.all([
    // Framework order is load order (src/framework/framework-snapshot.ts).
    em.find(Kpi, { where: { frameworkVersionId: versionId }, order: { pk: "ASC" } }),
    em.find(Outcome, { where: { frameworkVersionId: versionId } }),
    em.find(Dimension, { where: { frameworkVersionId: versionId } }),
    em.find(KpiInstrument),
    em.find(Instrument),
    em.find(KpiSdgTarget),
    em.find(SdgTarget),
  ]);
  const outcomeOf = new Map(outcomes.map((o) => [o.pk, o]));
  const dimensionCode = new Map(dimensions.map((d) => [d.pk, d.code]));
  const instrumentCode = new Map(instruments.map((i) => [i.pk, i.code]));
  const targetCode = new Map(targets.map((t) => [t.pk, t.code]));
  const kpiCode = new Map(kpiRows.map((k) => [k.pk, k.code]));
  const kpis: ReportKpi[] = kpiRows.map((k) => {
    const outcome = outcomeOf.get(k.outcomeId)!;
    return {
      code: k.code,
      outcome: outcome.code,
      dimension: dimensionCode.get(outcome.dimensionId)!,
      scoring: k.scoring ?? null,
      instruments: kpiInstruments
        .filter((x) => x.kpiId === k.pk)
        .map((x) => instrumentCode.get(x.instrumentId)!)
        .sort(),
      sdgTargets: kpiTargets
        .filter((x) => x.kpiId === k.pk)
        .map((x) => targetCode.get(x.sdgTargetId)!)
        .sort(),
    };
  });
  const results = resultRows
    .filter((r) => kpiCode.has(r.kpiId))
    .map((r) => ({
      member: memberCode.get(r.memberId)!,
      kpi: kpiCode.get(r.kpiId)!,
      level: r.disclosure as Level,
      notUsed: !!r.notUsed,
      value: r.value === null ? null : Number(r.value),
      validatedValue: r.validatedValue === null || r.validatedValue === undefined ? null : Number(r.validatedValue),
    }));

  const assessmentIds = new Set(assessments.map((a) => a.pk));
  const outcomeCode = new Map(outcomes.map((o) => [o.pk, o.code]));
  const needs = assessments.length
    ? (await em.find(CapacityNeed, { order: { pk: "ASC" } }))
        .filter((n) => assessmentIds.has(n.assessmentId) && outcomeCode.has(n.outcomeId))
        .map((n) => ({ member: memberCode.get(n.memberId)!, outcome: outcomeCode.get(n.outcomeId)! }))
    : [];

  // Each peer reviewer as assigned now: a reviewer's token opens its Members' COUNTRY level in every cycle, so the
  // assignments of the cycles still open count as much as the released cycle's own.
  const assignable = new Set(assessmentIds);
  if (openCycles.length)
    for (const a of await em.find(Assessment, { where: { cycleId: In([...openCycles]) }, select: { pk: true } }))
      assignable.add(a.pk);
  const reviews = new Map(
    (await em.find(PeerReview)).filter((r) => assignable.has(r.assessmentId)).map((r) => [r.pk, r]),
  );
  const byReviewer = new Map<string, Set<string>>();
  for (const a of await em.find(PeerReviewAssignment, { order: { pk: "ASC" } })) {
    const review = reviews.get(a.reviewId);
    if (!review) continue;
    const set = byReviewer.get(a.reviewer) ?? new Set<string>();
    set.add(memberCode.get(review.memberId)!);
    byReviewer.set(a.reviewer, set);
  }
  const reviewers = [...byReviewer]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([reviewer, ms]) => ({ reviewer, members: [...ms].sort() }));

  return {
    cycle: { code: cycle.code, phase: cycle.phase },
    members,
    unions,
    participants,
    kpis,
    results,
    needs,
    reviewers,
  };
}
