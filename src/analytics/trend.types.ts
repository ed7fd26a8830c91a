import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Kpi } from "../framework/kpi.entity";
import { Cycle } from "../assessment/cycle.entity";
import { GroupBy } from "./grouping";

@ObjectType({
  simpleResolvers: true,
  description: "A group's statistics for one KPI in one cycle, over the values this viewer may see.",
})
export class TrendPoint {
  @Field(() => Cycle) cycle!: Cycle;
  @Field(() => Int, { description: "Results of the group's Members." }) results!: number;
  @Field(() => Int, { description: "Values used (visible to this viewer)." }) included!: number;
  @Field(() => Int, { description: "Results hidden from this viewer, left out." }) withheld!: number;
  @Field(() => Int, { description: "Visible results marked not used." }) notUsed!: number;
  @Field(() => Float, { nullable: true }) mean!: number | null;
  @Field(() => Float, { nullable: true }) median!: number | null;
  @Field(() => Float, { nullable: true }) min!: number | null;
  @Field(() => Float, { nullable: true }) max!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      "mean minus the mean of the register's previous cycle (even when `cycles` leaves it out), unrounded; null without both means.",
  })
  changeAbsolute!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      "changeAbsolute as a percentage of the previous mean's magnitude (a rise is positive), unrounded; null when that mean is 0 or missing.",
  })
  changeRelative!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "One KPI over cycles for one group of Members." })
export class TrendSeries {
  @Field(() => Kpi) kpi!: Kpi;
  @Field(() => GroupBy) groupBy!: GroupBy;
  @Field(() => ID, { nullable: true }) groupCode!: string | null;
  @Field() groupName!: string;
  @Field(() => [TrendPoint], { description: "Oldest cycle first." }) points!: TrendPoint[];
}
