import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { maySee } from "../disclosure/policy";
import { disclosed, identity } from "../disclosure/disclosed";
import { Outcome } from "../framework/outcome.entity";
import { Kpi } from "../framework/kpi.entity";
import { Member } from "../members/member.entity";
import { Assessment } from "./assessment.entity";
import { CapacityNeed, CapacityNeedCategory, Priority } from "./capacity-need.entity";
import { PeerReview } from "../review/peer-review.entity";
import { csvTemplate } from "./csv-upload";

@Resolver(() => Assessment)
export class AssessmentCollectionFields {
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
    const results = await ctx.loaders.resultsByMember({ cycleIds: [a.cycleId] }).load(a.memberId);
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
