import { Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { membersService } from "../members/members.service";
import { Viewer as ViewerClaims, ViewerRole } from "./viewer";
import { Member } from "../members/member.entity";
import { Union } from "../members/union.entity";

@ObjectType("Viewer", { description: "Who the server thinks you are, from your bearer token (ANONYMOUS without one)." })
export class ViewerInfo {
  @Field(() => ViewerRole) role!: ViewerRole;
  @Field(() => String, { nullable: true, description: "The token's subject (user id)." }) subject!: string | null;
  @Field({ description: "Whether a valid token was presented." }) signedIn!: boolean;
  claims!: ViewerClaims;
}

@Resolver(() => ViewerInfo)
export class ViewerResolver {
  @Query(() => ViewerInfo, { name: "viewer", description: "Who the server thinks you are." })
  viewer(@Ctx() ctx: Context): ViewerInfo {
    return { role: ctx.viewer.role, subject: ctx.viewer.subject, signedIn: ctx.scope.signedIn, claims: ctx.viewer };
  }

  @FieldResolver(() => Member, { nullable: true, description: "NCP: the Member it acts for." })
  async member(@Root() v: ViewerInfo, @Ctx() ctx: Context): Promise<Member | null> {
    const id = v.claims.member ? ctx.directory.memberIdByCode.get(v.claims.member) : undefined;
    return id ? ctx.loaders.member.load(id) : null;
  }

  @FieldResolver(() => [Member], { description: "Peer reviewer: the Members it is assigned to review." })
  async reviews(@Root() v: ViewerInfo, @Ctx() ctx: Context): Promise<Member[]> {
    const rows = await ctx.loaders.member.loadMany(v.claims.reviews.map((c) => ctx.directory.memberIdByCode.get(c)!));
    return rows.filter((m): m is Member => m instanceof Member);
  }

  @FieldResolver(() => [Union], { description: "Regional office: the unions it serves." })
  async unions(@Root() v: ViewerInfo, @Ctx() ctx: Context): Promise<Union[]> {
    if (!v.claims.unions.length) return [];
    return membersService.unions.all(ctx).filter((u) => v.claims.unions.includes(u.code));
  }
}
