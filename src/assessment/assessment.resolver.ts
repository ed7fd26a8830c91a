import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Query } from "type-graphql";
import type { Context } from "../context";
import { Assessment } from "./assessment.entity";
import { Cycle } from "./cycle.entity";
import { KpiResult } from "./kpi-result.entity";
import { Member } from "../members/member.entity";
import { assessmentService } from "./assessment.service";

@Resolver(() => Assessment)
export class AssessmentResolver {
  @Query(() => Assessment, {
    nullable: true,
    description:
      "A Member's assessment in a cycle; null when the Member did not take part. An unknown Member or cycle code is BAD_USER_INPUT naming the argument.",
  })
  async assessment(
    @Ctx() ctx: Context,
    @Arg("member", () => ID, { description: "Member code." }) member: string,
    @Arg("cycle", () => ID, { description: "Cycle code." }) cycle: string,
  ): Promise<Assessment | null> {
    return assessmentService.ofMember(ctx, member, cycle);
  }

  @FieldResolver(() => Member)
  async member(@Root() a: Assessment, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.member.load(a.memberId))!;
  }

  @FieldResolver(() => Cycle)
  async cycle(@Root() a: Assessment, @Ctx() ctx: Context): Promise<Cycle> {
    return (await ctx.loaders.cycle.load(a.cycleId))!;
  }

  @FieldResolver(() => [KpiResult], {
    description: "The assessment's results, in framework order; withheld ones have null protected fields.",
  })
  results(@Root() a: Assessment, @Ctx() ctx: Context): Promise<KpiResult[]> {
    return ctx.loaders.results.ofMembers({ cycleIds: [a.cycleId] }).load(a.memberId);
  }
}

@Resolver(() => Cycle)
export class CycleAssessmentsResolver {
  @FieldResolver(() => [Assessment], { description: "The assessments of the cycle: which Members took part (public)." })
  assessments(@Root() c: Cycle, @Ctx() ctx: Context): Promise<Assessment[]> {
    return ctx.loaders.assessmentsByCycle.load(c.pk);
  }
}
