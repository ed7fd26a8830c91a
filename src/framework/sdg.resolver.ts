import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { SdgGoal, SdgTarget } from "./sdg.entity";
import { Kpi } from "./kpi.entity";
import { Outcome } from "./outcome.entity";
import { frameworkService } from "./framework.service";
import { GroupBy } from "../analytics/grouping";
import { TrendSeries } from "../analytics/trend.types";
import { mappedKpiTrends } from "../analytics/trend.service";

@Resolver(() => SdgGoal)
export class SdgGoalResolver {
  @Query(() => [SdgGoal], { description: "The 17 Sustainable Development Goals, by number." })
  sdgGoals(@Ctx() ctx: Context): Promise<SdgGoal[]> {
    return frameworkService.sdgGoals(ctx);
  }

  @Query(() => SdgGoal, { nullable: true, description: "An SDG by number (1 to 17); null when unknown." })
  sdgGoal(@Ctx() ctx: Context, @Arg("number", () => Int) number: number): Promise<SdgGoal | null> {
    return frameworkService.sdgGoal(ctx, number);
  }

  @FieldResolver(() => [SdgTarget], { description: "The targets of this goal that the framework maps to." })
  targets(@Root() g: SdgGoal, @Ctx() ctx: Context): Promise<SdgTarget[]> {
    return ctx.loaders.targetsByGoal.load(g.pk);
  }
}

@Resolver(() => SdgTarget)
export class SdgTargetResolver {
  @Query(() => SdgTarget, {
    nullable: true,
    description: "An SDG target by official code (e.g. 16.5); null when unknown.",
  })
  sdgTarget(@Ctx() ctx: Context, @Arg("code", () => ID) code: string): Promise<SdgTarget | null> {
    return frameworkService.sdgTarget(ctx, code);
  }

  @FieldResolver(() => SdgGoal)
  async goal(@Root() t: SdgTarget, @Ctx() ctx: Context): Promise<SdgGoal> {
    return (await ctx.loaders.sdgGoal.load(t.goalId))!;
  }

  @FieldResolver(() => [Kpi], { description: "KPIs of the active framework version mapped to this target." })
  async kpis(@Root() t: SdgTarget, @Ctx() ctx: Context): Promise<Kpi[]> {
    return frameworkService.inVersion(ctx, await ctx.loaders.sdgTargetKpis.load(t.pk));
  }

  @FieldResolver(() => [Outcome], {
    description: "Expected outcomes of the active framework version mapped to this target.",
  })
  async outcomes(@Root() t: SdgTarget, @Ctx() ctx: Context): Promise<Outcome[]> {
    return frameworkService.inVersion(ctx, await ctx.loaders.sdgTargetOutcomes.load(t.pk));
  }

  @FieldResolver(() => [TrendSeries], {
    description:
      "Statistics by cycle of the KPIs mapped to this target: the contribution to the SDG, over visible values.",
  })
  async trends(
    @Root() t: SdgTarget,
    @Ctx() ctx: Context,
    @Arg("groupBy", () => GroupBy, { defaultValue: GroupBy.WORLD }) groupBy: GroupBy,
    @Arg("cycles", () => [ID], { nullable: true }) cycles?: string[],
  ): Promise<TrendSeries[]> {
    const kpis = await frameworkService.inVersion(ctx, await ctx.loaders.sdgTargetKpis.load(t.pk));
    return mappedKpiTrends(ctx, kpis, groupBy, cycles);
  }
}
