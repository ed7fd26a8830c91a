import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Kpi } from "../framework/kpi.entity";
import { Cycle } from "../assessment/cycle.entity";

import { GroupBy } from "./grouping";

@ObjectType({
  simpleResolvers: true,
  description:
    "Statistics of one KPI in one cycle over a group of Members, computed only over the values this viewer may see. " +
    "`included` values were used; `withheld` results exist but are hidden from this viewer.",
})
export class ResultStatistics {
  @Field(() => GroupBy) groupBy!: GroupBy;
  @Field(() => ID, {
    nullable: true,
    description: "Code of the group (region, union, Member, LANDLOCKED ...); null for the world.",
  })
  groupCode!: string | null;
  @Field() groupName!: string;
  @Field(() => Kpi) kpi!: Kpi;
  @Field(() => Cycle) cycle!: Cycle;
  @Field(() => Int, { description: "Results of the group's Members for this KPI and cycle." }) results!: number;
  @Field(() => Int, { description: "Values included in the statistics (visible to this viewer)." }) included!: number;
  @Field(() => Int, { description: "Results left out because this viewer may not see them." }) withheld!: number;
  @Field(() => Int, { description: "Visible results the Member marked not used." }) notUsed!: number;
  @Field(() => Int, { description: "Same as included: the number of values summarised." }) count!: number;
  @Field(() => Float, { nullable: true }) mean!: number | null;
  @Field(() => Float, { nullable: true }) min!: number | null;
  @Field(() => Float, { nullable: true, description: "First quartile (linear interpolation, R-7)." }) q1!:
    number | null;
  @Field(() => Float, { nullable: true }) median!: number | null;
  @Field(() => Float, { nullable: true, description: "Third quartile (linear interpolation, R-7)." }) q3!:
    number | null;
  @Field(() => Float, { nullable: true }) max!: number | null;
}
