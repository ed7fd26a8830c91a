import { In } from "typeorm";
import type { Context } from "../context";
import { membersService } from "../members/members.service";
import { cycleService } from "../assessment/cycle.service";
import { maySee } from "../disclosure/policy";
import { frameworkService } from "../framework/framework.service";
import { KpiResult } from "../assessment/kpi-result.entity";

import { progressToTarget, rollup as rollupOf, score, targetMet, valueOfRecord } from "./statistics";
import { Scorecard, ScorecardKpi, ScorecardRollup } from "./scorecard.types";

/**
 * A Member's scorecard: its results, scores under the framework's rules, progress against its own targets,
 * and the roll-up to outcomes and dimensions, with the previous cycle beside it. Everything derived from a
 * value uses only values of record this viewer may see, unrounded (docs/methods.md). One statement (the
 * Member's results), whatever the framework's size: the cycles and the framework come from the process's
 * reference snapshots.
 */
export async function scorecard(ctx: Context, memberCode: string, cycleCode: string): Promise<Scorecard> {
  const member = membersService.members.one(ctx, memberCode, "member");
  const cycle = await cycleService.one(ctx, cycleCode, "cycle");
  const previousCycle = await cycleService.previous(ctx, cycle);
  const { kpis, outcomes, dimensions } = await frameworkService.snapshot(ctx);
  const results = await ctx.ds.getRepository(KpiResult).findBy({
    memberId: member.pk,
    cycleId: In([cycle.pk, ...(previousCycle ? [previousCycle.pk] : [])]),
  });
  const find = (kpiId: number, cycleId?: number) =>
    results.find((r) => r.kpiId === kpiId && r.cycleId === cycleId) ?? null;
  const visible = (r: KpiResult | null) => (r && maySee(ctx.scope, r.memberId, r.disclosure) ? r : null);

  const rows: (ScorecardKpi & { outcomeId: number; withheld: boolean })[] = kpis.map((kpi) => {
    const result = find(kpi.pk, cycle.pk);
    const previous = previousCycle ? find(kpi.pk, previousCycle.pk) : null;
    const now = visible(result);
    const before = visible(previous);
    const value = now ? valueOfRecord(now) : null;
    const prevValue = before ? valueOfRecord(before) : null;
    const target = before?.target ?? null;
    return {
      kpi,
      outcomeId: kpi.outcomeId,
      memberId: member.pk,
      disclosure: result?.disclosure ?? null,
      previousDisclosure: previous?.disclosure ?? null,
      // Left out of a roll-up for disclosure: only a KPI that would be scored (it has a rule) is counted.
      withheld: !!kpi.scoring && !!result && !now,
      result,
      previous,
      score: score(kpi.scoring, value),
      previousScore: score(kpi.scoring, prevValue),
      target: now ? target : null,
      targetMet: now ? targetMet(kpi.direction, value, target) : null,
      progressToTarget: now ? progressToTarget(value, prevValue, target) : null,
    };
  });

  const rollup = (code: string, name: string, members: typeof rows): ScorecardRollup => {
    const now = rollupOf(members.map((r) => r.score));
    return {
      code,
      name,
      score: now.score,
      previousScore: rollupOf(members.map((r) => r.previousScore)).score,
      scored: now.scored,
      withheld: members.filter((r) => r.withheld).length,
    };
  };
  return {
    member,
    cycle,
    previousCycle,
    kpis: rows,
    outcomes: outcomes.map((o) =>
      rollup(
        o.code,
        o.name,
        rows.filter((r) => r.outcomeId === o.pk),
      ),
    ),
    dimensions: dimensions.map((d) => {
      const ids = new Set(outcomes.filter((o) => o.dimensionId === d.pk).map((o) => o.pk));
      return rollup(
        d.code,
        d.name,
        rows.filter((r) => ids.has(r.outcomeId)),
      );
    }),
  };
}
