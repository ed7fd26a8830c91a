import type { Context } from "../context";
import { cycleService } from "../assessment/cycle.service";
import { frameworkService } from "../framework/framework.service";
import type { Kpi } from "../framework/kpi.entity";
import type { Cycle } from "../assessment/cycle.entity";
import { GroupBy, groupsFor } from "./grouping";
import { summarizeVisible } from "./observations";
import type { Observation } from "../assessment/result-reads";
import { change } from "./statistics";
import { TrendPoint, TrendSeries } from "./trend.types";

/**
 * Trends of KPIs over cycles per group, from one fetch of every result concerned: the SQL statements do
 * not depend on the number of Members, groups or cycles. Every point is over visible values of record only.
 * A point's change is against the register's previous cycle (the one before it), whether or not `cycles`
 * names that cycle: leaving a cycle out of the series does not change what "previous" means (docs/methods.md).
 */
export async function kpiTrends(
  ctx: Context,
  kpis: Kpi[],
  cycles: Cycle[],
  groupBy: GroupBy,
  groupCodes?: readonly string[] | null,
): Promise<TrendSeries[]> {
  const groups = await groupsFor(ctx, groupBy, groupCodes);
  const previous = new Map<number, Cycle | null>();
  for (const c of cycles) previous.set(c.pk, await cycleService.previous(ctx, c));
  const cycleIds = new Set(cycles.map((c) => c.pk));
  for (const p of previous.values()) if (p) cycleIds.add(p.pk);
  const rows = await ctx.loaders.results.observations(
    kpis.map((k) => k.pk),
    [...cycleIds],
  );
  const byKpiCycle = new Map<number, Map<number, Observation[]>>();
  for (const r of rows) {
    let byCycle = byKpiCycle.get(r.kpiId);
    if (!byCycle) byKpiCycle.set(r.kpiId, (byCycle = new Map()));
    const list = byCycle.get(r.cycleId);
    if (list) list.push(r);
    else byCycle.set(r.cycleId, [r]);
  }
  const series: TrendSeries[] = [];
  for (const kpi of kpis) {
    for (const g of groups) {
      const summaries = new Map<number, ReturnType<typeof summarizeVisible>>();
      const summary = (cycleId: number) => {
        let s = summaries.get(cycleId);
        if (!s) summaries.set(cycleId, (s = summarizeVisible(ctx, byKpiCycle.get(kpi.pk)?.get(cycleId) ?? [], g)));
        return s;
      };
      const points: TrendPoint[] = cycles.map((cycle) => {
        const { values: _v, q1: _q1, q3: _q3, count: _c, ...s } = summary(cycle.pk);
        const before = previous.get(cycle.pk);
        const { absolute, relative } = change(s.mean, before ? summary(before.pk).mean : null);
        return { cycle, ...s, changeAbsolute: absolute, changeRelative: relative };
      });
      series.push({ kpi, groupBy, groupCode: g.code, groupName: g.name, points });
    }
  }
  return series;
}

/**
 * Trends of the KPIs mapped to an SDG target or an instrument (`SdgTarget.trends`, `Instrument.trends`): the
 * KPIs as `kpiTrends(kpis:)` would name them (each once, in framework order), the cycles by code.
 */
export async function mappedKpiTrends(
  ctx: Context,
  kpis: readonly Kpi[],
  groupBy: GroupBy,
  cycles?: string[] | null,
): Promise<TrendSeries[]> {
  if (!kpis.length) return [];
  return kpiTrends(
    ctx,
    await frameworkService.kpisNamed(
      ctx,
      kpis.map((k) => k.code),
      "kpis",
    ),
    await cycleService.named(ctx, cycles ?? undefined, "cycles"),
    groupBy,
  );
}
