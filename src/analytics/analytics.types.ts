import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Kpi } from "../framework/kpi.entity";
import { Cycle } from "../assessment/cycle.entity";
import { KpiResult } from "../assessment/kpi-result.entity";
import { Member } from "../members/member.entity";
import { Region } from "../members/region.entity";
import { Union } from "../members/union.entity";
import { GroupBy } from "./grouping";
import { ResultStatistics } from "./result-statistics.types";
import { DisclosureLevel } from "../disclosure/disclosure-level";

@ObjectType({ description: "Where a Member stands in a group on one KPI, among the values this viewer may see." })
export class MemberRank {
  /** The ranked Member's own result level: rank and percentile are derived from its value. */
  memberId!: number;
  disclosure!: DisclosureLevel | null;
  @Field(() => Member) member!: Member;
  @Field(() => Kpi) kpi!: Kpi;
  @Field(() => Cycle) cycle!: Cycle;
  @Field(() => GroupBy) groupBy!: GroupBy;
  @Field(() => ID, { nullable: true }) groupCode!: string | null;
  @Field(() => Int, {
    nullable: true,
    description:
      "1 is best (by the KPI's direction; ties share a rank); null when the Member's value is not visible or missing, or the KPI is NEUTRAL.",
  })
  rank!: number | null;
  @Field(() => Int, { description: "Visible values ranked." }) of!: number;
  @Field(() => Int, { description: "Results of the group hidden from this viewer, not ranked." }) withheld!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      "Share of the other ranked Members (the Member itself left out) doing no better, in percent: (of - rank) / (of - 1) x 100; 100 when ranked alone. Unrounded.",
  })
  percentile!: number | null;
}

@ObjectType({ simpleResolvers: true })
export class MemberComparison {
  @Field(() => Member) member!: Member;
  @Field(() => [KpiResult], {
    description: "The Member's results for the chosen KPIs and cycles; withheld ones have null protected fields.",
  })
  results!: KpiResult[];
}

@ObjectType({
  simpleResolvers: true,
  description: "Statistics of one KPI in one cycle for a union, next to the world and the regions of its Members.",
})
export class UnionKpiStatistics {
  @Field(() => Kpi) kpi!: Kpi;
  @Field(() => ResultStatistics) union!: ResultStatistics;
  @Field(() => ResultStatistics) world!: ResultStatistics;
  @Field(() => [ResultStatistics]) regions!: ResultStatistics[];
}

@ObjectType({
  simpleResolvers: true,
  description: "What a regional (union) office looks at: its Members' results and the union's statistics in context.",
})
export class UnionView {
  @Field(() => Union) union!: Union;
  @Field(() => Cycle) cycle!: Cycle;
  @Field(() => [Member]) members!: Member[];
  @Field(() => [KpiResult], {
    description: "Results of the union's Members for the KPIs; withheld ones have null protected fields.",
  })
  results!: KpiResult[];
  @Field(() => [UnionKpiStatistics]) statistics!: UnionKpiStatistics[];
}

@ObjectType({ simpleResolvers: true, description: "A Member's participation count per WCO region." })
export class RegionParticipation {
  @Field(() => Region) region!: Region;
  @Field(() => Int) members!: number;
  @Field(() => Int, { description: "Members of the region that took part." }) participants!: number;
}

@ObjectType({ simpleResolvers: true, description: "Which Members took part in a cycle (public)." })
export class Participation {
  @Field(() => Int) participants!: number;
  @Field(() => Int) members!: number;
  @Field(() => [RegionParticipation]) byRegion!: RegionParticipation[];
}

@ObjectType({
  simpleResolvers: true,
  description: "A count of capacity-building needs in one group, over the needs this viewer may see.",
})
export class NeedsCount {
  @Field(() => ID) key!: string;
  @Field() name!: string;
  @Field(() => Int) count!: number;
  @Field(() => Int, {
    description:
      "Needs of this group hidden from this viewer (known only where the group itself is public: outcome, region).",
  })
  withheld!: number;
}

@ObjectType({ simpleResolvers: true })
export class CapacityNeedsSummary {
  @Field(() => Cycle) cycle!: Cycle;
  @Field(() => Int, { description: "Needs counted (visible)." }) included!: number;
  @Field(() => Int, { description: "Needs hidden from this viewer." }) withheld!: number;
  @Field(() => [NeedsCount]) groups!: NeedsCount[];
}

@ObjectType({
  simpleResolvers: true,
  description: "How far a group's mean score on a KPI is behind the world's, over visible values.",
})
export class KpiGap {
  @Field(() => Kpi) kpi!: Kpi;
  @Field(() => Float, { description: "Mean score of the group's visible values of record (unrounded)." })
  groupScore!: number;
  @Field(() => Float, { description: "Mean score of the world's visible values of record (unrounded)." })
  worldScore!: number;
  @Field(() => Float, { description: "worldScore minus groupScore: positive when the group lags (unrounded)." })
  gap!: number;
  @Field(() => Int) groupIncluded!: number;
  @Field(() => Int) worldIncluded!: number;
}
