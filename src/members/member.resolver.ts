import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Member } from "./member.entity";
import { Region } from "./region.entity";
import { Union } from "./union.entity";
import { membersService } from "./members.service";

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
}
