import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { FrameworkVersion } from "./framework-version.entity";
import { Dimension } from "./dimension.entity";
import { frameworkService } from "./framework.service";

@Resolver(() => FrameworkVersion)
export class FrameworkVersionResolver {
  @Query(() => [FrameworkVersion], { description: "Every loaded framework version, oldest first." })
  frameworkVersions(@Ctx() ctx: Context): Promise<FrameworkVersion[]> {
    return frameworkService.versions(ctx);
  }

  @Query(() => FrameworkVersion, { description: "A framework version by code (default: the active one)." })
  framework(
    @Ctx() ctx: Context,
    @Arg("version", () => ID, { nullable: true }) version?: string,
  ): Promise<FrameworkVersion> {
    return frameworkService.version(ctx, version);
  }

  @FieldResolver(() => [Dimension])
  dimensions(@Root() v: FrameworkVersion, @Ctx() ctx: Context): Promise<Dimension[]> {
    const held = ctx.loaders.framework.held(v.pk);
    return held ? Promise.resolve([...held.dimensions]) : ctx.loaders.dimensionsByVersion.load(v.pk);
  }
}
