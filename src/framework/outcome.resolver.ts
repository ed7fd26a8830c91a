import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Dimension } from "./dimension.entity";
import { Outcome } from "./outcome.entity";
import { Kpi } from "./kpi.entity";
import { SdgTarget } from "./sdg.entity";
import { Instrument } from "./instrument.entity";
import { frameworkService } from "./framework.service";

@Resolver(() => Outcome)
export class OutcomeResolver {
  @Query(() => Outcome, { nullable: true, description: "An expected outcome by code; null when unknown." })
  outcome(
    @Ctx() ctx: Context,
    @Arg("code", () => ID) code: string,
    @Arg("framework", () => ID, {
      nullable: true,
      description: "Framework version code (default: the active version).",
    })
    framework?: string,
  ) {
    return frameworkService.outcomeByCode(ctx, code, framework);
  }

  @FieldResolver(() => Dimension)
  async dimension(@Root() o: Outcome, @Ctx() ctx: Context): Promise<Dimension> {
    return (await ctx.loaders.dimension.load(o.dimensionId))!;
  }

  @FieldResolver(() => [Kpi])
  kpis(@Root() o: Outcome, @Ctx() ctx: Context): Promise<Kpi[]> {
    const held = ctx.loaders.framework.held(o.frameworkVersionId);
    return held ? Promise.resolve([...(held.kpisByOutcome.get(o.pk) ?? [])]) : ctx.loaders.kpisByOutcome.load(o.pk);
  }

  @FieldResolver(() => [SdgTarget], { description: "SDG targets this outcome contributes to." })
  sdgTargets(@Root() o: Outcome, @Ctx() ctx: Context): Promise<SdgTarget[]> {
    return ctx.loaders.outcomeSdgTargets.load(o.pk);
  }

  @FieldResolver(() => [Instrument], { description: "WCO instruments whose application this outcome measures." })
  instruments(@Root() o: Outcome, @Ctx() ctx: Context): Promise<Instrument[]> {
    return ctx.loaders.outcomeInstruments.load(o.pk);
  }
}
