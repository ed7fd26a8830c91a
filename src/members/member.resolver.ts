import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { Member } from "./member.entity";
import { Region } from "./region.entity";
import { Union } from "./union.entity";
import { membersService } from "./members.service";
import { KpiResult } from "../assessment/kpi-result.entity";
import { memberResults, VISIBLE_ONLY } from "../assessment/results-by-parent";

@Resolver(() => Member)
export class MemberResolver {
  @Query(() => [Member], { description: "WCO Members, by code; optionally those of one region and/or one union." })
  members(
    @Ctx() ctx: Context,
    @Arg("region", () => ID, { nullable: true, description: "WCO region code, e.g. ESA." }) region?: string,
    @Arg("union", () => ID, { nullable: true, description: "Union code, e.g. EAC." }) union?: string,
  ): Member[] {
    return membersService.list(ctx, { region, union });
  }

  @Query(() => Member, { nullable: true, description: "A Member by ISO 3166-1 alpha-3 code; null when unknown." })
  member(@Ctx() ctx: Context, @Arg("code", () => ID) code: string): Member | null {
    return membersService.members.byCode(ctx, code);
  }

  @FieldResolver(() => Region)
  async region(@Root() m: Member, @Ctx() ctx: Context): Promise<Region> {
    return (await ctx.loaders.region.load(m.regionId))!;
  }

  @FieldResolver(() => [Union], { description: "Customs and economic unions the Member belongs to." })
  unions(@Root() m: Member, @Ctx() ctx: Context): Promise<Union[]> {
    return ctx.loaders.unionsByMember.load(m.pk);
  }

  @FieldResolver(() => [KpiResult], {
    description: "This Member's results, by cycle then KPI; withheld ones have null protected fields.",
  })
  results(
    @Root() m: Member,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("kpis", () => [ID], { nullable: true, description: "KPI codes." }) kpis?: string[],
    @Arg("cycles", () => [ID], { nullable: true, description: "Cycle codes." }) cycles?: string[],
    @Arg("visibleOnly", () => Boolean, { nullable: true, description: VISIBLE_ONLY }) visibleOnly?: boolean,
  ): Promise<KpiResult[]> {
    return memberResults(ctx, info, m, { kpis, cycles, visibleOnly });
  }
}
