import { In } from "typeorm";
import type { Context } from "../context";
import { badInput } from "../common/errors";
import { maySee } from "../disclosure/policy";
import { KpiDirection } from "../framework/framework.enums";
import { scoreOf } from "../framework/scoring";
import { frameworkService } from "../framework/framework.service";
import { KpiResult } from "../assessment/kpi-result.entity";
import { Scorecard, ScorecardKpi, ScorecardRollup } from "./scorecard.types";

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100 : null);

/**
 * A Member's scorecard: its results, scores under the framework's rules, progress against its own targets,
 * and the roll-up to outcomes and dimensions, with the previous cycle beside it. Everything derived from a
 * value uses only values this viewer may see. One statement (the Member's results), whatever the framework's
 * size: the cycles and the framework come from the process's reference snapshots.
 */
export async function scorecard(ctx: Context, memberCode: string, cycleCode: string): Promise<Scorecard> {
  const member = ctx.directory.memberByCode(memberCode);
  const cycle = await ctx.loaders.cycle.byCode(cycleCode);
  const unknown = [!member && `Member '${memberCode}'`, !cycle && `cycle '${cycleCode}'`].filter(Boolean);
  if (unknown.length) throw badInput(`Unknown ${unknown.join(", ")}`);
  const previousCycle = (await ctx.loaders.cycle.all()).filter((c) => c.code < cycle!.code).pop() ?? null;
  const { kpis, outcomes, dimensions } = await frameworkService.snapshot(ctx);
  const results = await ctx.ds.getRepository(KpiResult).findBy({
    memberId: member!.pk,
    cycleId: In([cycle!.pk, ...(previousCycle ? [previousCycle.pk] : [])]),
  });
  const find = (kpiId: number, cycleId?: number) =>
    results.find((r) => r.kpiId === kpiId && r.cycleId === cycleId) ?? null;
  const visible = (r: KpiResult | null) => (r && maySee(ctx.scope, r.memberId, r.disclosure) ? r : null);

  const rows: (ScorecardKpi & { outcomeId: number; withheld: boolean })[] = kpis.map((kpi) => {
    const result = find(kpi.pk, cycle!.pk);
    const previous = previousCycle ? find(kpi.pk, previousCycle.pk) : null;
    const now = visible(result);
    const before = visible(previous);
    const value = now && !now.notUsed ? now.value : null;
    const prevValue = before && !before.notUsed ? before.value : null;
    const target = before?.target ?? null;
    let targetMet: boolean | null = null;
    let progress: number | null = null;
    if (value !== null && target !== null && now) {
      targetMet =
        kpi.direction === KpiDirection.LOWER_IS_BETTER
          ? value <= target
          : kpi.direction === KpiDirection.HIGHER_IS_BETTER
            ? value >= target
            : null;
      if (prevValue !== null && target !== prevValue)
        progress = Math.round(((value - prevValue) / (target - prevValue)) * 10000) / 100;
    }
    return {
      kpi,
      outcomeId: kpi.outcomeId,
      memberId: member!.pk,
      disclosure: result?.disclosure ?? null,
      previousDisclosure: previous?.disclosure ?? null,
      withheld: !!result && !now,
      result,
      previous,
      score: scoreOf(kpi.scoring, value),
      previousScore: scoreOf(kpi.scoring, prevValue),
      target: now ? target : null,
      targetMet,
      progressToTarget: progress,
    };
  });

  const rollup = (code: string, name: string, members: typeof rows): ScorecardRollup => {
    const scores = members.map((r) => r.score).filter((s): s is number => s !== null);
    return {
      code,
      name,
      score: mean(scores),
      previousScore: mean(members.map((r) => r.previousScore).filter((s): s is number => s !== null)),
      scored: scores.length,
      withheld: members.filter((r) => r.withheld).length,
    };
  };
  return {
    member: member!,
    cycle: cycle!,
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
