import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Instrument } from "./instrument.entity";
import { Kpi } from "./kpi.entity";
import { Outcome } from "./outcome.entity";
import { frameworkService } from "./framework.service";
import { GroupBy } from "../analytics/grouping";
import { TrendSeries } from "../analytics/trend.types";
import { mappedKpiTrends } from "../analytics/trend.service";

@Resolver(() => Instrument)
export class InstrumentResolver {
  @Query(() => [Instrument], { description: "WCO instruments and tools, by code." })
  instruments(@Ctx() ctx: Context): Promise<Instrument[]> {
    return frameworkService.instruments(ctx);
  }

  @Query(() => Instrument, { nullable: true, description: "An instrument by code; null when unknown." })
  instrument(@Ctx() ctx: Context, @Arg("code", () => ID) code: string): Promise<Instrument | null> {
    return frameworkService.instrument(ctx, code);
  }

  @FieldResolver(() => [Outcome], {
    description: "Expected outcomes of the active framework version that measure its application.",
  })
  async outcomes(@Root() i: Instrument, @Ctx() ctx: Context): Promise<Outcome[]> {
    return frameworkService.inVersion(ctx, await ctx.loaders.instrumentOutcomes.load(i.pk));
  }

  @FieldResolver(() => [Kpi], { description: "KPIs of the active framework version that measure its application." })
  async kpis(@Root() i: Instrument, @Ctx() ctx: Context): Promise<Kpi[]> {
    return frameworkService.inVersion(ctx, await ctx.loaders.instrumentKpis.load(i.pk));
  }

  @FieldResolver(() => [TrendSeries], {
    description: "Statistics by cycle of the KPIs that measure this instrument's application, over visible values.",
  })
  async trends(
    @Root() i: Instrument,
    @Ctx() ctx: Context,
    @Arg("groupBy", () => GroupBy, { defaultValue: GroupBy.WORLD }) groupBy: GroupBy,
    @Arg("cycles", () => [ID], { nullable: true }) cycles?: string[],
  ): Promise<TrendSeries[]> {
    const kpis = await frameworkService.inVersion(ctx, await ctx.loaders.instrumentKpis.load(i.pk));
    return mappedKpiTrends(ctx, kpis, groupBy, cycles);
  }
}
