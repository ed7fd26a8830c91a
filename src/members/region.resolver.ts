import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Member } from "./member.entity";
import { Region } from "./region.entity";
import { membersService } from "./members.service";

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => [Region], { description: "The six WCO regions." })
  regions(@Ctx() ctx: Context): Region[] {
    return membersService.regions.all(ctx);
  }

  @Query(() => Region, { nullable: true, description: "A WCO region by code; null when unknown." })
  region(@Ctx() ctx: Context, @Arg("code", () => ID) code: string): Region | null {
    return membersService.regions.byCode(ctx, code);
  }

  @FieldResolver(() => [Member], { description: "Members of the region, by code." })
  members(@Root() r: Region, @Ctx() ctx: Context): Promise<Member[]> {
    return ctx.loaders.membersByRegion.load(r.pk);
  }
}
