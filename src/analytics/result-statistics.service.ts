import type { Context } from "../context";
import { badInput } from "../common/errors";
import { maySee } from "../disclosure/policy";
import { KpiResult } from "../assessment/kpi-result.entity";
import { Cycle } from "../assessment/cycle.entity";
import { Kpi } from "../framework/kpi.entity";
import { Region } from "../members/region.entity";
import { Union } from "../members/union.entity";
import { frameworkService } from "../framework/framework.service";
import { summarize } from "./statistics";
import { ResultStatistics, StatisticsGroupBy } from "./result-statistics.types";

interface Group {
  code: string | null;
  name: string;
  memberIds: ReadonlySet<number> | null; // null: every Member
}

/**
 * One fetch of the KPI's results in the cycle, then per group: only values the viewer may see are
 * summarised (disclosure rule 4), and each group says how many it included and how many were withheld.
 */
export async function resultStatistics(
  ctx: Context,
  kpiCode: string,
  cycleCode: string,
  groupBy: StatisticsGroupBy,
  groupCodes?: string[] | null,
): Promise<ResultStatistics[]> {
  const kpi = await frameworkService.byCode(ctx, Kpi, kpiCode);
  const cycle = await ctx.ds.getRepository(Cycle).findOneBy({ code: cycleCode });
  const unknown = [!kpi && `KPI '${kpiCode}'`, !cycle && `cycle '${cycleCode}'`].filter(Boolean);
  if (unknown.length) throw badInput(`Unknown ${unknown.join(", ")}`);
  const groups = await groupsFor(ctx, groupBy, groupCodes);
  const rows = await ctx.ds
    .getRepository(KpiResult)
    .createQueryBuilder("r")
    .select(["r.memberId", "r.disclosure", "r.value", "r.notUsed"])
    .where("r.kpiId = :kpi AND r.cycleId = :cycle", { kpi: kpi!.pk, cycle: cycle!.pk })
    .getMany();
  return groups.map((g) => {
    let results = 0;
    let withheld = 0;
    let notUsed = 0;
    const values: number[] = [];
    for (const r of rows) {
      if (g.memberIds && !g.memberIds.has(r.memberId)) continue;
      results++;
      if (!maySee(ctx.scope, r.memberId, r.disclosure)) withheld++;
      else if (r.notUsed) notUsed++;
      else if (r.value !== null) values.push(r.value);
    }
    const s = summarize(values);
    return { groupBy, groupCode: g.code, groupName: g.name, kpi: kpi!, cycle: cycle!, results, withheld, notUsed, included: s.count, ...s };
  });
}

async function groupsFor(ctx: Context, groupBy: StatisticsGroupBy, codes?: string[] | null): Promise<Group[]> {
  let groups: Group[];
  if (groupBy === StatisticsGroupBy.WORLD) return [{ code: null, name: "World", memberIds: null }];
  if (groupBy === StatisticsGroupBy.REGION) {
    const regions = await ctx.ds.getRepository(Region).find({ order: { code: "ASC" } });
    groups = regions.map((r) => ({
      code: r.code,
      name: r.name,
      memberIds: new Set([...ctx.directory.regionIdByMemberId].filter(([, reg]) => reg === r.pk).map(([m]) => m)),
    }));
  } else {
    const unions = await ctx.ds.getRepository(Union).find({ order: { code: "ASC" } });
    groups = unions.map((u) => ({ code: u.code, name: u.name, memberIds: ctx.directory.unionMemberIds.get(u.code) ?? new Set() }));
  }
  if (codes) {
    const missing = codes.filter((c) => !groups.some((g) => g.code === c));
    if (missing.length) throw badInput(`Unknown ${groupBy.toLowerCase()} ${missing.map((c) => `'${c}'`).join(", ")}`, { argument: "groups" });
    groups = groups.filter((g) => codes.includes(g.code!));
  }
  return groups;
}
