import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { bootstrapDatabase } from "../../src/db/bootstrap";
import { createDataSource } from "../../src/db/data-source";
import { parseDatabaseUrl } from "../../src/config";
import { Assessment } from "../../src/assessment/assessment.entity";
import { CapacityNeed } from "../../src/assessment/capacity-need.entity";
import { Cycle } from "../../src/assessment/cycle.entity";
import { KpiResult } from "../../src/assessment/kpi-result.entity";
import { Kpi } from "../../src/framework/kpi.entity";
import { Outcome } from "../../src/framework/outcome.entity";
import { Member } from "../../src/members/member.entity";
import { Region } from "../../src/members/region.entity";
import { Union, UnionMembership } from "../../src/members/union.entity";
import { PeerReview, PeerReviewAssignment } from "../../src/review/peer-review.entity";
import type { AttackData, AttackKpi, Level } from "./attacker";

/**
 * The demo cycle (2023, CLOSED) as the demo seed writes it: a database of the test's own is bootstrapped with the
 * seed (the same code the server runs on first start), then read back. KPIs and their mappings come from the
 * framework definition the bootstrap loads.
 */
export async function loadDemoCycle(url: string): Promise<{
  data: AttackData;
  needs: { member: string; outcome: string }[];
  phase: string;
}> {
  const ds = createDataSource(parseDatabaseUrl(url));
  await ds.initialize();
  try {
    await bootstrapDatabase(ds, { seedDemo: true });
    const cycle = await ds.getRepository(Cycle).findOneByOrFail({ code: "2023" });
    const regions = new Map((await ds.getRepository(Region).find()).map((r) => [r.pk, r.code]));
    const memberRows = await ds.getRepository(Member).find({ order: { code: "ASC" } });
    const code = new Map(memberRows.map((m) => [m.pk, m.code]));
    const members = memberRows.map((m) => ({
      code: m.code,
      region: regions.get(m.regionId)!,
      incomeGroup: (m as unknown as { incomeGroup: string | null }).incomeGroup ?? null,
      landlocked: (m as unknown as { landlocked: boolean | null }).landlocked ?? null,
    }));
    const unionRows = await ds.getRepository(Union).find();
    const memberships = await ds.getRepository(UnionMembership).find();
    const unions = unionRows.map((u) => ({
      code: u.code,
      members: memberships.filter((x) => x.unionId === u.pk).map((x) => code.get(x.memberId)!),
    }));
    const participants = (await ds.getRepository(Assessment).findBy({ cycleId: cycle.pk })).map((a) =>
      code.get(a.memberId)!,
    );
    const definition = JSON.parse(
      fs.readFileSync(path.join(__dirname, "../../src/framework/definitions/pmm-framework-v1.json"), "utf8"),
    );
    const kpis: AttackKpi[] = [];
    for (const d of definition.dimensions)
      for (const o of d.outcomes)
        for (const k of o.kpis)
          kpis.push({
            code: k.code,
            outcome: o.code,
            dimension: d.code,
            scoring: k.scoring ?? null,
            instruments: k.instruments ?? [],
            sdgTargets: k.sdgTargets ?? [],
          });
    const kpiCode = new Map((await ds.getRepository(Kpi).find()).map((k) => [k.pk, k.code]));
    const results = (await ds.getRepository(KpiResult).findBy({ cycleId: cycle.pk })).map((r) => ({
      member: code.get(r.memberId)!,
      kpi: kpiCode.get(r.kpiId)!,
      level: r.disclosure as Level,
      notUsed: !!r.notUsed,
      value: r.value === null ? null : Number(r.value),
      validatedValue: r.validatedValue === null || r.validatedValue === undefined ? null : Number(r.validatedValue),
    }));
    const outcomeCode = new Map((await ds.getRepository(Outcome).find()).map((o) => [o.pk, o.code]));
    const assessments = new Set((await ds.getRepository(Assessment).findBy({ cycleId: cycle.pk })).map((a) => a.pk));
    const needs = (await ds.getRepository(CapacityNeed).find())
      .filter((n) => assessments.has(n.assessmentId))
      .map((n) => ({ member: code.get(n.memberId)!, outcome: outcomeCode.get(n.outcomeId)! }));
    const reviews = await ds.getRepository(PeerReview).find();
    const byReviewer = new Map<string, string[]>();
    for (const a of await ds.getRepository(PeerReviewAssignment).find()) {
      const review = reviews.find((r) => r.pk === a.reviewId);
      if (!review || !assessments.has(review.assessmentId)) continue;
      byReviewer.set(a.reviewer, [...(byReviewer.get(a.reviewer) ?? []), code.get(review.memberId)!]);
    }
    const reviewers = [...byReviewer].map(([reviewer, ms]) => ({ reviewer, members: ms }));
    return { data: { members, unions, participants, kpis, results, reviewers }, needs, phase: cycle.phase };
  } finally {
    await ds.destroy();
  }
}
