import { DataSource } from "typeorm";
import { Assessment, AssessmentStatus } from "../../assessment/assessment.entity";
import { KpiResult } from "../../assessment/kpi-result.entity";
import { Cycle } from "../../assessment/cycle.entity";
import { computeValue } from "../../assessment/kpi-value";
import { DisclosureLevel } from "../../disclosure/disclosure-level";
import { Kpi } from "../../framework/kpi.entity";
import { FrameworkVersion } from "../../framework/framework-version.entity";
import { KpiUnit } from "../../framework/framework.enums";
import { Member } from "../../members/member.entity";

/**
 * Synthetic demo results, deterministic for a seed: every cycle; most Members (85%, a different draw per
 * cycle, so some do not take part); every KPI, some marked not used;
 * all four disclosure levels well represented. Values are computed from generated inputs by the same
 * code that computes submitted ones, so they obey every unit's rules.
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
          rows.push({
            assessmentId: a.pk,
            kpiId: kpi.pk,
            memberId: member.pk,
            cycleId: cycle.pk,
            disclosure,
            inputs,
            value: inputs ? computeValue(kpi.unit, inputs).value : null,
            score: null,
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
  });
  return { assessments, results };
}
