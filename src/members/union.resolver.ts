import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Member } from "./member.entity";
import { Union } from "./union.entity";
import { membersService } from "./members.service";

@Resolver(() => Union)
export class UnionResolver {
  @Query(() => [Union], { description: "Customs and economic unions, by code." })
  unions(@Ctx() ctx: Context): Union[] {
    return membersService.unions.all(ctx);
  }

  @Query(() => Union, { nullable: true, description: "A union by code; null when unknown." })
  union(@Ctx() ctx: Context, @Arg("code", () => ID) code: string): Union | null {
    return membersService.unions.byCode(ctx, code);
  }

  @FieldResolver(() => [Member], { description: "Members of the union, by code." })
  async members(@Root() u: Union, @Ctx() ctx: Context): Promise<Member[]> {
    const members = await ctx.loaders.membersByUnion.load(u.pk);
    return [...members].sort((a, b) => a.code.localeCompare(b.code));
  }
}
