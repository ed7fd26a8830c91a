import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Query } from "type-graphql";
import type { Context } from "../context";
import { Assessment } from "./assessment.entity";
import { Cycle } from "./cycle.entity";
import { KpiResult } from "./kpi-result.entity";
import { Member } from "../members/member.entity";
import { assessmentService } from "./assessment.service";
import { CapacityNeed } from "./capacity-need.entity";
import { PeerReview } from "../review/peer-review.entity";
import { Kpi } from "../framework/kpi.entity";
import { maySee } from "../disclosure/policy";
import { csvTemplate } from "./csv-upload";

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

  @FieldResolver(() => [CapacityNeed], {
    description: "Capacity-building needs, by outcome; withheld ones have null protected fields.",
  })
  capacityNeeds(@Root() a: Assessment, @Ctx() ctx: Context): Promise<CapacityNeed[]> {
    return ctx.loaders.capacityNeedsByAssessment.load(a.pk);
  }

  @FieldResolver(() => PeerReview, { nullable: true, description: "The peer review, if the Member requested one." })
  async peerReview(@Root() a: Assessment, @Ctx() ctx: Context): Promise<PeerReview | null> {
    return (await ctx.loaders.peerReviewsByAssessment.load(a.pk))[0] ?? null;
  }

  @FieldResolver(() => String, {
    description:
      "A CSV to fill in and send back with uploadResultsCsv: one row per KPI with its current version; inputs only where you may see them.",
  })
  async csvTemplate(@Root() a: Assessment, @Ctx() ctx: Context): Promise<string> {
    const results = await ctx.loaders.results.ofMembers({ cycleIds: [a.cycleId] }).load(a.memberId);
    const kpis = await ctx.loaders.kpi.loadMany(results.map((r) => r.kpiId));
    return csvTemplate(
      results.map((r, i) => {
        const visible = maySee(ctx.scope, r.memberId, r.disclosure);
        return {
          kpi: (kpis[i] as Kpi).code,
          version: r.version,
          inputs: visible ? r.inputs : null,
          notUsed: visible ? r.notUsed : null,
          notUsedReason: visible ? r.notUsedReason : null,
          disclosure: r.disclosureChosen ? r.disclosure : "",
          target: visible ? r.target : null,
        };
      }),
    );
  }
}
