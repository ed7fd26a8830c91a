import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { ResultStatistics } from "./result-statistics.types";
import { GroupBy } from "./grouping";
import { resultStatistics } from "./result-statistics.service";

@Resolver(() => ResultStatistics)
export class ResultStatisticsResolver {
  @Query(() => [ResultStatistics], {
    description:
      "Count, mean, quartiles, min and max of one KPI in one cycle, for the world or per group of Members, " +
      "computed only over values this viewer may see (with included and withheld counts).",
  })
  resultStatistics(
    @Ctx() ctx: Context,
    @Arg("kpi", () => ID, { description: "KPI code." }) kpi: string,
    @Arg("cycle", () => ID, { description: "Cycle code." }) cycle: string,
    @Arg("groupBy", () => GroupBy, { defaultValue: GroupBy.WORLD }) groupBy: GroupBy,
    @Arg("groups", () => [ID], { nullable: true, description: "Only these group codes (region, union, Member ...)." })
    groups?: string[],
  ): Promise<ResultStatistics[]> {
    // Computed over what this viewer may see: shareable only when the viewer sees public data alone.
    return resultStatistics(ctx, kpi, cycle, groupBy, groups);
  }
}
