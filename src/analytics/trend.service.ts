import type { Context } from "../context";
import type { Kpi } from "../framework/kpi.entity";
import type { Cycle } from "../assessment/cycle.entity";
import { GroupBy, groupsFor } from "./grouping";
import { fetchObservations, Observation, summarizeVisible } from "./observations";
import { TrendPoint, TrendSeries } from "./trend.types";

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Trends of KPIs over cycles per group, from one fetch of every result concerned: the SQL statements do
 * not depend on the number of Members, groups or cycles. Every point is over visible values only.
 */
export async function kpiTrends(
  ctx: Context,
  kpis: Kpi[],
  cycles: Cycle[],
  groupBy: GroupBy,
  groupCodes?: readonly string[] | null,
): Promise<TrendSeries[]> {
  const groups = await groupsFor(ctx, groupBy, groupCodes);
  const rows = await fetchObservations(
    ctx,
    kpis.map((k) => k.pk),
    cycles.map((c) => c.pk),
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
      let previousMean: number | null = null;
      const points: TrendPoint[] = cycles.map((cycle, i) => {
        const {
          values: _v,
          q1: _q1,
          q3: _q3,
          count: _c,
          ...s
        } = summarizeVisible(ctx, byKpiCycle.get(kpi.pk)?.get(cycle.pk) ?? [], g);
        const change = i > 0 && previousMean !== null && s.mean !== null ? round(s.mean - previousMean) : null;
        const relative = change !== null && previousMean ? round((change / Math.abs(previousMean)) * 100) : null;
        previousMean = s.mean;
        return { cycle, ...s, changeAbsolute: change, changeRelative: relative };
      });
      series.push({ kpi, groupBy, groupCode: g.code, groupName: g.name, points });
    }
  }
  return series;
}
