import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Kpi } from "../framework/kpi.entity";
import { Cycle } from "../assessment/cycle.entity";
import { KpiResult } from "../assessment/kpi-result.entity";
import { Member } from "../members/member.entity";
import { DisclosureLevel } from "../disclosure/disclosure-level";

@ObjectType({
  description:
    "One KPI on a Member's scorecard. Derived fields are null where their result is withheld from this viewer.",
})
export class ScorecardKpi {
  memberId!: number;
  /** Levels of the results the derived fields come from (the permission rules check them). */
  disclosure!: DisclosureLevel | null;
  previousDisclosure!: DisclosureLevel | null;
  @Field(() => Kpi) kpi!: Kpi;
  @Field(() => KpiResult, { nullable: true, description: "This cycle's result; null when the Member has none." })
  result!: KpiResult | null;
  @Field(() => KpiResult, { nullable: true, description: "The previous cycle's result." }) previous!: KpiResult | null;
  @Field(() => Float, {
    nullable: true,
    description: "Score of this cycle's value (0..100, the framework's scoring rules).",
  })
  score!: number | null;
  @Field(() => Float, { nullable: true }) previousScore!: number | null;
  @Field(() => Float, { nullable: true, description: "The target the Member set in the previous cycle for this one." })
  target!: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "Whether this cycle's value reaches the target, by the KPI's direction.",
  })
  targetMet!: boolean | null;
  @Field(() => Float, {
    nullable: true,
    description:
      "Share of the way from the previous value to the target covered, in percent: (value - previous) / (target - previous) x 100; null when the target equals the previous value.",
  })
  progressToTarget!: number | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "Mean score (unrounded) of the KPIs of an outcome or dimension, over the scores this viewer may see (docs/methods.md).",
})
export class ScorecardRollup {
  @Field(() => ID) code!: string;
  @Field() name!: string;
  @Field(() => Float, { nullable: true }) score!: number | null;
  @Field(() => Float, { nullable: true }) previousScore!: number | null;
  @Field(() => Int, { description: "KPIs whose score went into `score`." }) scored!: number;
  @Field(() => Int, {
    description:
      "KPIs that would be scored (they have a scoring rule) left out because their result is withheld from this viewer.",
  })
  withheld!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "A Member's scorecard for a cycle, with the previous cycle beside it.",
})
export class Scorecard {
  @Field(() => Member) member!: Member;
  @Field(() => Cycle) cycle!: Cycle;
  @Field(() => Cycle, { nullable: true }) previousCycle!: Cycle | null;
  @Field(() => [ScorecardKpi]) kpis!: ScorecardKpi[];
  @Field(() => [ScorecardRollup]) outcomes!: ScorecardRollup[];
  @Field(() => [ScorecardRollup]) dimensions!: ScorecardRollup[];
}
