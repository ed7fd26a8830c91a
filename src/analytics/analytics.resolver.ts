import { Arg, Ctx, ID, Info, Int, Query, Resolver } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { cycleService } from "../assessment/cycle.service";
import { frameworkService } from "../framework/framework.service";
import { GroupBy } from "./grouping";
import { kpiTrends } from "./trend.service";
import { compareMembers, unionView } from "./comparison.service";
import { limitList } from "../common/arguments";
import { MAX_KPI_CODES as MAX_KPIS } from "../http/limits";
import { TrendSeries } from "./trend.types";
import { memberRank } from "./rank.service";
import { scorecard } from "./scorecard.service";
import { Scorecard } from "./scorecard.types";
import { capacityNeedsSummary, laggingKpis, NeedsGroupBy } from "./evidence.service";
import { CapacityNeedsSummary, KpiGap, MemberComparison, MemberRank, UnionView } from "./analytics.types";

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
  compareMembers(
    @Ctx() ctx: Context,
    @Arg("members", () => [ID], { description: "Member codes (1 to 50)." }) members: string[],
    @Arg("kpis", () => [ID], { description: "KPI codes (1 to 51)." }) kpis: string[],
    @Arg("cycles", () => [ID], { nullable: true }) cycles?: string[],
  ): Promise<MemberComparison[]> {
    return compareMembers(ctx, members, kpis, cycles);
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
  unionView(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("union", () => ID) unionCode: string,
    @Arg("kpis", () => [ID]) kpis: string[],
    @Arg("cycle", () => ID) cycleCode: string,
  ): Promise<UnionView> {
    return unionView(ctx, info, unionCode, kpis, cycleCode);
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
