import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Dimension } from "./dimension.entity";
import { Outcome } from "./outcome.entity";
import { FrameworkVersion } from "./framework-version.entity";
import { frameworkService } from "./framework.service";

const VERSION_ARG = "Framework version code (default: the active version).";

@Resolver(() => Dimension)
export class DimensionResolver {
  @Query(() => [Dimension], { description: "The PMM hierarchy, top down: the dimensions of a framework version." })
  dimensions(
    @Ctx() ctx: Context,
    @Arg("framework", () => ID, { nullable: true, description: VERSION_ARG }) framework?: string,
  ) {
    return frameworkService.dimensions(ctx, framework);
  }

  @Query(() => Dimension, { nullable: true, description: "A dimension by code; null when unknown." })
  dimension(
    @Ctx() ctx: Context,
    @Arg("code", () => ID) code: string,
    @Arg("framework", () => ID, { nullable: true, description: VERSION_ARG }) framework?: string,
  ) {
    return frameworkService.dimensionByCode(ctx, code, framework);
  }

  @FieldResolver(() => [Outcome])
  outcomes(@Root() d: Dimension, @Ctx() ctx: Context): Promise<Outcome[]> {
    const held = ctx.loaders.framework.held(d.frameworkVersionId);
    return held
      ? Promise.resolve([...(held.outcomesByDimension.get(d.pk) ?? [])])
      : ctx.loaders.outcomesByDimension.load(d.pk);
  }

  @FieldResolver(() => FrameworkVersion)
  async framework(@Root() d: Dimension, @Ctx() ctx: Context): Promise<FrameworkVersion> {
    return (await ctx.loaders.frameworkVersion.load(d.frameworkVersionId))!;
  }
}
