import type { Context } from "../context";
import { badInput } from "../common/errors";
import { Cycle } from "../assessment/cycle.entity";
import { frameworkService } from "../framework/framework.service";
import { GroupBy, groupsFor } from "./grouping";
import { fetchObservations, summarizeVisible } from "./observations";
import { ResultStatistics } from "./result-statistics.types";

/**
 * One fetch of the KPI's results in the cycle, then per group: only values the viewer may see are
 * summarised (disclosure rule 4), and each group says how many it included and how many were withheld.
 */
export async function resultStatistics(
  ctx: Context,
  kpiCode: string,
  cycleCode: string,
  groupBy: GroupBy,
  groupCodes?: string[] | null,
): Promise<ResultStatistics[]> {
  const kpi = await frameworkService.kpiByCode(ctx, kpiCode);
  const cycle = await ctx.ds.getRepository(Cycle).findOneBy({ code: cycleCode });
  const unknown = [!kpi && `KPI '${kpiCode}'`, !cycle && `cycle '${cycleCode}'`].filter(Boolean);
  if (unknown.length) throw badInput(`Unknown ${unknown.join(", ")}`);
  const groups = await groupsFor(ctx, groupBy, groupCodes);
  const rows = await fetchObservations(ctx, [kpi!.pk], [cycle!.pk]);
  return groups.map((g) => {
    const { values: _v, ...s } = summarizeVisible(ctx, rows, g);
    return { groupBy, groupCode: g.code, groupName: g.name, kpi: kpi!, cycle: cycle!, ...s };
  });
}
