import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { Outcome } from "./outcome.entity";
import { Kpi } from "./kpi.entity";
import { SdgTarget } from "./sdg.entity";
import { Instrument } from "./instrument.entity";
import { frameworkService } from "./framework.service";
import { ScoringRuleType } from "./scoring.types";
import { KpiResult } from "../assessment/kpi-result.entity";
import { kpiResults, VISIBLE_ONLY } from "../assessment/results-by-parent";

const VERSION_ARG = "Framework version code (default: the active version).";

@Resolver(() => Kpi)
export class KpiResolver {
  @Query(() => [Kpi], { description: "Every KPI of a framework version, in framework order." })
  kpis(
    @Ctx() ctx: Context,
    @Arg("framework", () => ID, { nullable: true, description: VERSION_ARG }) framework?: string,
  ) {
    return frameworkService.kpis(ctx, framework);
  }

  @Query(() => Kpi, { nullable: true, description: "A KPI by code; null when unknown." })
  kpi(
    @Ctx() ctx: Context,
    @Arg("code", () => ID) code: string,
    @Arg("framework", () => ID, { nullable: true, description: VERSION_ARG }) framework?: string,
  ) {
    return frameworkService.kpiByCode(ctx, code, framework);
  }

  @FieldResolver(() => ScoringRuleType, {
    nullable: true,
    description: "How values of this KPI are scored; null when it is not scored.",
  })
  scoring(@Root() k: Kpi): ScoringRuleType | null {
    return (k.scoring as ScoringRuleType | null) ?? null;
  }

  @FieldResolver(() => Outcome)
  async outcome(@Root() k: Kpi, @Ctx() ctx: Context): Promise<Outcome> {
    return (await ctx.loaders.outcome.load(k.outcomeId))!;
  }

  @FieldResolver(() => [SdgTarget], { description: "SDG targets this KPI contributes to." })
  sdgTargets(@Root() k: Kpi, @Ctx() ctx: Context): Promise<SdgTarget[]> {
    return ctx.loaders.kpiSdgTargets.load(k.pk);
  }

  @FieldResolver(() => [Instrument], { description: "WCO instruments whose application this KPI measures." })
  instruments(@Root() k: Kpi, @Ctx() ctx: Context): Promise<Instrument[]> {
    return ctx.loaders.kpiInstruments.load(k.pk);
  }

  @FieldResolver(() => [KpiResult], {
    description: "Results for this KPI, by cycle then Member; withheld ones have null protected fields.",
  })
  results(
    @Root() k: Kpi,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("members", () => [ID], { nullable: true, description: "Member codes." }) members?: string[],
    @Arg("cycles", () => [ID], { nullable: true, description: "Cycle codes." }) cycles?: string[],
    @Arg("visibleOnly", () => Boolean, { nullable: true, description: VISIBLE_ONLY }) visibleOnly?: boolean,
  ): Promise<KpiResult[]> {
    return kpiResults(ctx, info, k, { members, cycles, visibleOnly });
  }
}
