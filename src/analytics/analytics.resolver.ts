import { Arg, Ctx, ID, Info, Int, Query, Resolver } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { In } from "typeorm";
import { KpiResult } from "../assessment/kpi-result.entity";
import type { Context } from "../context";
import { membersService } from "../members/members.service";
import { cycleService } from "../assessment/cycle.service";
import { badInput } from "../common/errors";
import { Member } from "../members/member.entity";
import { frameworkService } from "../framework/framework.service";
import { Group, GroupBy, groupsFor, WORLD_GROUP } from "./grouping";
import { fetchObservations, summarizeVisible } from "./observations";
import { kpiTrends } from "./trend.service";
import { TrendSeries } from "./trend.types";
import { memberRank } from "./rank.service";
import { scorecard } from "./scorecard.service";
import { Scorecard } from "./scorecard.types";
import { capacityNeedsSummary, laggingKpis, NeedsGroupBy } from "./evidence.service";
import { CapacityNeedsSummary, KpiGap, MemberComparison, MemberRank, UnionView } from "./analytics.types";
import { ResultStatistics } from "./result-statistics.types";
import { Kpi } from "../framework/kpi.entity";
import { preloadResultRelations } from "../assessment/result-relations";
import { MAX_KPI_CODES as MAX_KPIS, MAX_COMPARED_MEMBERS as MAX_MEMBERS } from "../http/limits";

const limitList = (name: string, xs: readonly unknown[], max: number) => {
  if (xs.length === 0 || xs.length > max)
    throw badInput(`${name} takes 1 to ${max} codes, got ${xs.length}`, { argument: name });
};

@Resolver()
export class AnalyticsResolver {
  @Query(() => [TrendSeries], {
    description:
      "KPIs over cycles, per group of Members (world, region, union, Member, landlocked, ...), with the change between consecutive cycles. " +
      "Every point is over the values this viewer may see.",
  })
  async kpiTrends(
    @Ctx() ctx: Context,
    @Arg("kpis", () => [ID], { description: "KPI codes (1 to 51)." }) kpis: string[],
    @Arg("groupBy", () => GroupBy, { defaultValue: GroupBy.WORLD }) groupBy: GroupBy,
    @Arg("groups", () => [ID], { nullable: true, description: "Only these group codes." }) groups?: string[],
    @Arg("cycles", () => [ID], { nullable: true, description: "Cycle codes (default: all)." }) cycles?: string[],
  ): Promise<TrendSeries[]> {
    limitList("kpis", kpis, MAX_KPIS);
    return kpiTrends(
      ctx,
      await frameworkService.kpisNamed(ctx, kpis, "kpis"),
      await cycleService.named(ctx, cycles, "cycles"),
      groupBy,
      groups,
    );
  }

  @Query(() => [MemberComparison], { description: "Chosen Members side by side on chosen KPIs." })
  async compareMembers(
    @Ctx() ctx: Context,
    @Arg("members", () => [ID], { description: "Member codes (1 to 50)." }) members: string[],
    @Arg("kpis", () => [ID], { description: "KPI codes (1 to 51)." }) kpis: string[],
    @Arg("cycles", () => [ID], { nullable: true }) cycles?: string[],
  ): Promise<MemberComparison[]> {
    limitList("members", members, MAX_MEMBERS);
    limitList("kpis", kpis, MAX_KPIS);
    const named = membersService.members.named(ctx, members, "members");
    const kpiIds = (await frameworkService.kpisNamed(ctx, kpis, "kpis")).map((k) => k.pk);
    const cycleIds = (await cycleService.named(ctx, cycles, "cycles")).map((c) => c.pk);
    const loader = ctx.loaders.resultsByMember({ kpiIds, cycleIds });
    return Promise.all(named.map(async (member) => ({ member, results: await loader.load(member.pk) })));
  }

  @Query(() => MemberRank, {
    description:
      "Rank of a Member within a group on one KPI, over visible values of record only (default group: the Member's own; " +
      "a Member of several unions must name one with `group`). Definitions: docs/methods.md.",
  })
  memberRank(
    @Ctx() ctx: Context,
    @Arg("member", () => ID) member: string,
    @Arg("kpi", () => ID) kpi: string,
    @Arg("cycle", () => ID) cycle: string,
    @Arg("groupBy", () => GroupBy, { defaultValue: GroupBy.WORLD }) groupBy: GroupBy,
    @Arg("group", () => ID, {
      nullable: true,
      description: "Group code; required when the Member is in several groups of `groupBy` (unions).",
    })
    group?: string,
  ): Promise<MemberRank> {
    return memberRank(ctx, member, kpi, cycle, groupBy, group);
  }

  @Query(() => UnionView, {
    description:
      "A union's Members' results at the levels this viewer may see, and union statistics next to world and region statistics.",
  })
  async unionView(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("union", () => ID) unionCode: string,
    @Arg("kpis", () => [ID]) kpis: string[],
    @Arg("cycle", () => ID) cycleCode: string,
  ): Promise<UnionView> {
    limitList("kpis", kpis, MAX_KPIS);
    const union = membersService.unions.one(ctx, unionCode, "union");
    const kpiRows = await frameworkService.kpisNamed(ctx, kpis, "kpis");
    const cycle = await cycleService.one(ctx, cycleCode, "cycle");
    const memberIds = [...membersService.unionMemberIds(ctx, union)];
    const members = ((await ctx.loaders.member.loadMany(memberIds)) as Member[]).sort((a, b) =>
      a.code.localeCompare(b.code),
    );
    const regionCodes = [...new Set(members.map((m) => m.regionId))];
    const results = await ctx.ds.getRepository(KpiResult).find({
      where: { memberId: In(memberIds), kpiId: In(kpiRows.map((k) => k.pk)), cycleId: cycle.pk },
      order: { memberId: "ASC", kpiId: "ASC" },
    });
    const regionsOfUnion = (await ctx.loaders.region.loadMany(regionCodes)).map((r) => (r as { code: string }).code);
    // One fetch for every KPI and group: statements do not grow with the union's size or the KPIs asked.
    const [unionGroup] = await groupsFor(ctx, GroupBy.UNION, [union.code]);
    const regionGroups = await groupsFor(ctx, GroupBy.REGION, regionsOfUnion);
    const rows = await fetchObservations(
      ctx,
      kpiRows.map((k) => k.pk),
      [cycle.pk],
    );
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
    await preloadResultRelations(ctx, info, results);
    return { union, cycle, members, results, statistics };
  }

  @Query(() => Scorecard, {
    description:
      "A Member's scorecard for a cycle: results, scores, progress against its targets, roll-up to outcomes and dimensions, previous cycle beside it.",
  })
  scorecard(
    @Ctx() ctx: Context,
    @Arg("member", () => ID) member: string,
    @Arg("cycle", () => ID) cycle: string,
  ): Promise<Scorecard> {
    return scorecard(ctx, member, cycle);
  }

  @Query(() => CapacityNeedsSummary, {
    description:
      "Capacity-building needs Members recorded in a cycle, counted by outcome, region, priority or category.",
  })
  capacityNeedsSummary(
    @Ctx() ctx: Context,
    @Arg("cycle", () => ID) cycle: string,
    @Arg("groupBy", () => NeedsGroupBy, { defaultValue: NeedsGroupBy.OUTCOME }) groupBy: NeedsGroupBy,
  ): Promise<CapacityNeedsSummary> {
    return capacityNeedsSummary(ctx, cycle, groupBy);
  }

  @Query(() => [KpiGap], {
    description: "The scored KPIs on which a group lags furthest behind the world (mean scores over visible values).",
  })
  laggingKpis(
    @Ctx() ctx: Context,
    @Arg("cycle", () => ID) cycle: string,
    @Arg("groupBy", () => GroupBy) groupBy: GroupBy,
    @Arg("group", () => ID) group: string,
    @Arg("limit", () => Int, { defaultValue: 5 }) limit: number,
  ): Promise<KpiGap[]> {
    return laggingKpis(ctx, cycle, groupBy, group, limit);
  }
}
