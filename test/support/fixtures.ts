import "reflect-metadata";
import { DataSource } from "typeorm";
import { parseDatabaseUrl } from "../../src/config";
import { createDataSource } from "../../src/db/data-source";
import { Assessment, AssessmentStatus } from "../../src/assessment/assessment.entity";
import { KpiResult, KpiResultChangeRow } from "../../src/assessment/kpi-result.entity";
import { Cycle, CyclePhase } from "../../src/assessment/cycle.entity";
import { Member } from "../../src/members/member.entity";
import { Kpi } from "../../src/framework/kpi.entity";
import { FrameworkVersion } from "../../src/framework/framework-version.entity";
import { DisclosureLevel } from "../../src/disclosure/disclosure-level";
import { Outcome } from "../../src/framework/outcome.entity";
import { CapacityNeed } from "../../src/assessment/capacity-need.entity";

/**
 * Writes hand-made results straight into the run's database (the data collection API comes later):
 * each fixture lives in a cycle of its own, so test files never see each other's data.
 */
export async function withDatabase<T>(
  fn: (ds: DataSource) => Promise<T>,
  url = process.env.PMM_TEST_DATABASE_URL,
): Promise<T> {
  const ds = createDataSource(parseDatabaseUrl(url));
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

export interface FixtureNeed {
  member: string;
  outcome: string;
  category: string;
  priority: string;
  disclosure: DisclosureLevel;
}

export interface FixtureResult {
  member: string;
  kpi: string;
  disclosure: DisclosureLevel;
  value: number | null;
  notUsed?: boolean;
  inputs?: Record<string, number>;
  evidence?: string;
  history?: boolean;
  target?: number;
  /** Set as if a peer review had closed with this validated value. */
  validatedValue?: number;
}

/** `databaseUrl`: another database than the run's (a test file's own server). */
export async function insertFixture(
  cycleCode: string,
  results: FixtureResult[],
  needs: FixtureNeed[] = [],
  databaseUrl?: string,
): Promise<void> {
  await withDatabase(async (ds) => {
    await ds.transaction(async (em) => {
      const cycle = await em.save(
        em.create(Cycle, {
          code: cycleCode,
          name: `Fixture ${cycleCode}`,
          opensOn: `${cycleCode}-12-01`,
          referenceYear: Number(cycleCode) - 1,
          phase: CyclePhase.CLOSED,
        }),
      );
      const version = await em.findOneByOrFail(FrameworkVersion, { active: true });
      const when = new Date("2026-01-01T00:00:00Z");
      const assessments = new Map<string, Assessment>();
      for (const r of results) {
        const member = await em.findOneByOrFail(Member, { code: r.member });
        const kpi = await em.findOneByOrFail(Kpi, { code: r.kpi, frameworkVersionId: version.pk });
        let a = assessments.get(r.member);
        if (!a) {
          a = await em.save(
            em.create(Assessment, {
              memberId: member.pk,
              cycleId: cycle.pk,
              status: AssessmentStatus.SUBMITTED,
              defaultDisclosure: DisclosureLevel.PUBLIC,
              version: 1,
              createdAt: when,
              updatedAt: when,
              updatedBy: "fixture",
            }),
          );
          assessments.set(r.member, a);
        }
        const saved = await em.save(
          em.create(KpiResult, {
            assessmentId: a.pk,
            kpiId: kpi.pk,
            memberId: member.pk,
            cycleId: cycle.pk,
            disclosure: r.disclosure,
            inputs: r.inputs ?? null,
            value: r.value,
            score: r.value === null ? null : r.value / 10,
            evidence: r.evidence ?? null,
            target: r.target ?? null,
            validatedValue: r.validatedValue ?? null,
            notUsed: r.notUsed ?? false,
            notUsedReason: r.notUsed ? "not measured" : null,
            version: r.history ? 2 : 1,
            disclosureChosen: true,
            updatedAt: when,
            updatedBy: `ncp-${r.member.toLowerCase()}`,
          }),
        );
        if (r.history) {
          await em.save(
            em.create(KpiResultChangeRow, {
              resultId: saved.pk,
              version: 2,
              changedAt: when,
              changedBy: `ncp-${r.member.toLowerCase()}`,
              fields: ["value"],
              before: { value: 0 },
              after: { value: r.value },
            }),
          );
        }
      }
      for (const n of needs) {
        const a = assessments.get(n.member)!;
        const outcome = await em.findOneByOrFail(Outcome, { code: n.outcome, frameworkVersionId: version.pk });
        await em.insert(CapacityNeed, {
          assessmentId: a.pk,
          outcomeId: outcome.pk,
          memberId: a.memberId,
          category: n.category as never,
          priority: n.priority as never,
          description: `need of ${n.member}`,
          disclosure: n.disclosure,
          updatedAt: when,
          updatedBy: "fixture",
        });
      }
    });
  }, databaseUrl);
}
