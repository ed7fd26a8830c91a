import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { limitList } from "../common/arguments";
import { membersService } from "../members/members.service";
import { cycleService } from "../assessment/cycle.service";
import { frameworkService } from "../framework/framework.service";
import { preloadResultRelations, selectedFieldNames } from "../assessment/result-relations";
import { slimEnough } from "../assessment/result-columns";
import type { Kpi } from "../framework/kpi.entity";
import type { Member } from "../members/member.entity";
import { Group, GroupBy, groupsFor, WORLD_GROUP } from "./grouping";
import { summarizeVisible } from "./observations";
import type { MemberComparison, UnionView } from "./analytics.types";
import type { ResultStatistics } from "./result-statistics.types";
import { MAX_KPI_CODES as MAX_KPIS, MAX_COMPARED_MEMBERS as MAX_MEMBERS } from "../http/limits";

/** Chosen Members side by side on chosen KPIs: one statement for all of them (the request's result reads). */
export async function compareMembers(
  ctx: Context,
  members: string[],
  kpis: string[],
  cycles?: string[] | null,
): Promise<MemberComparison[]> {
  limitList("members", members, MAX_MEMBERS);
  limitList("kpis", kpis, MAX_KPIS);
  const named = membersService.members.named(ctx, members, "members");
  const kpiIds = (await frameworkService.kpisNamed(ctx, kpis, "kpis")).map((k) => k.pk);
  const cycleIds = (await cycleService.named(ctx, cycles ?? undefined, "cycles")).map((c) => c.pk);
  const loader = ctx.loaders.results.ofMembers({ kpiIds, cycleIds });
  return Promise.all(named.map(async (member) => ({ member, results: await loader.load(member.pk) })));
}

/**
 * A union's Members' results and the union's statistics beside the world's and its regions'. The results are
 * the request's lean read of those Members (slim rows unless the query asks for a detail field); the
 * statistics come from one read of observations for every KPI and group: statements do not grow with the
 * union's size or the KPIs asked.
 */
export async function unionView(
  ctx: Context,
  info: GraphQLResolveInfo,
  unionCode: string,
  kpis: string[],
  cycleCode: string,
): Promise<UnionView> {
  limitList("kpis", kpis, MAX_KPIS);
  const union = membersService.unions.one(ctx, unionCode, "union");
  const kpiRows = await frameworkService.kpisNamed(ctx, kpis, "kpis");
  const cycle = await cycleService.one(ctx, cycleCode, "cycle");
  const memberIds = [...membersService.unionMemberIds(ctx, union)].sort((a, b) => a - b);
  const members = ((await ctx.loaders.member.loadMany(memberIds)) as Member[]).sort((a, b) =>
    a.code.localeCompare(b.code),
  );
  const selected = selectedFieldNames(info);
  const narrowing = { kpiIds: kpiRows.map((k) => k.pk), cycleIds: [cycle.pk] };
  // By Member id, then KPI id (each Member's rows come by cycle, Member, KPI).
  const results = (await ctx.loaders.results.ofMembers(narrowing, slimEnough(selected)).loadMany(memberIds)).flatMap(
    (rows) => {
      if (rows instanceof Error) throw rows;
      return rows;
    },
  );
  const regionCodes = [...new Set(members.map((m) => m.regionId))];
  const regionsOfUnion = (await ctx.loaders.region.loadMany(regionCodes)).map((r) => (r as { code: string }).code);
  const [unionGroup] = await groupsFor(ctx, GroupBy.UNION, [union.code]);
  const regionGroups = await groupsFor(ctx, GroupBy.REGION, regionsOfUnion);
  const rows = await ctx.loaders.results.observations(narrowing.kpiIds, [cycle.pk]);
  const stats = (kpi: Kpi, groupBy: GroupBy, g: Group): ResultStatistics => {
    const { values: _v, ...s } = summarizeVisible(
      ctx,
      rows.filter((r) => r.kpiId === kpi.pk),
      g,
    );
    return { groupBy, groupCode: g.code, groupName: g.name, kpi, cycle, ...s };
  };
  const statistics = kpiRows.map((kpi) => ({
    kpi,
    union: stats(kpi, GroupBy.UNION, unionGroup),
    world: stats(kpi, GroupBy.WORLD, WORLD_GROUP),
    regions: regionGroups.map((g) => stats(kpi, GroupBy.REGION, g)),
  }));
  await preloadResultRelations(ctx, selected, results);
  return { union, cycle, members, results, statistics };
}
