import type { Context } from "../context";
import { frameworkService } from "../framework/framework.service";
import { cycleService } from "../assessment/cycle.service";
import { GroupBy, groupsFor } from "./grouping";
import { summarizeVisible } from "./observations";
import { ResultStatistics } from "./result-statistics.types";

/**
 * One fetch of the KPI's results in the cycle, then per group: only values the viewer may see are
 * summarised (disclosure rule 4), by their values of record, and each group says how many it included and how many were withheld.
 */
export async function resultStatistics(
  ctx: Context,
  kpiCode: string,
  cycleCode: string,
  groupBy: GroupBy,
  groupCodes?: string[] | null,
): Promise<ResultStatistics[]> {
  const [kpi] = await frameworkService.kpisNamed(ctx, [kpiCode], "kpi");
  const cycle = await cycleService.one(ctx, cycleCode, "cycle");
  const groups = await groupsFor(ctx, groupBy, groupCodes);
  const rows = await ctx.loaders.results.observations([kpi.pk], [cycle.pk]);
  return groups.map((g) => {
    const { values: _v, ...s } = summarizeVisible(ctx, rows, g);
    return { groupBy, groupCode: g.code, groupName: g.name, kpi, cycle, ...s };
  });
}
