import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { maySee } from "../disclosure/policy";
import { disclosed, identity } from "../disclosure/disclosed";
import { Outcome } from "../framework/outcome.entity";
import { Member } from "../members/member.entity";
import { Assessment } from "./assessment.entity";
import { CapacityNeed, CapacityNeedCategory, Priority } from "./capacity-need.entity";

@Resolver(() => CapacityNeed)
export class CapacityNeedResolver {
  @FieldResolver(() => Boolean, { description: "True when this viewer may not see the need's protected fields." })
  withheld(@Root() n: CapacityNeed, @Ctx() ctx: Context): boolean {
    return !maySee(ctx.scope, n.memberId, n.disclosure);
  }

  @FieldResolver(() => Outcome)
  async outcome(@Root() n: CapacityNeed, @Ctx() ctx: Context): Promise<Outcome> {
    return (await ctx.loaders.outcome.load(n.outcomeId))!;
  }

  @FieldResolver(() => Member)
  async member(@Root() n: CapacityNeed, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.member.load(n.memberId))!;
  }

  @FieldResolver(() => Assessment)
  async assessment(@Root() n: CapacityNeed, @Ctx() ctx: Context): Promise<Assessment> {
    return (await ctx.loaders.assessment.load(n.assessmentId))!;
  }

  @FieldResolver(() => CapacityNeedCategory, { nullable: true, description: "Protected." })
  category(@Root() n: CapacityNeed, @Ctx() ctx: Context) {
    return disclosed(ctx, n, n.category);
  }

  @FieldResolver(() => Priority, { nullable: true, description: "Protected." })
  priority(@Root() n: CapacityNeed, @Ctx() ctx: Context) {
    return disclosed(ctx, n, n.priority);
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected." })
  description(@Root() n: CapacityNeed, @Ctx() ctx: Context) {
    return disclosed(ctx, n, n.description);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Who recorded it (role:user id). An identity: null unless you may see the Member's COUNTRY level, whatever the need's level.",
  })
  updatedBy(@Root() n: CapacityNeed, @Ctx() ctx: Context) {
    return identity(ctx, n.memberId, n.updatedBy);
  }
}
