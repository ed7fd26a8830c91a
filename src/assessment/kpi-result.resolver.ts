import { Arg, Ctx, Info, Int, Query, Resolver } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { KpiResult } from "./kpi-result.entity";
import { KpiResultConnection } from "./kpi-result.types";
import { ResultFilter, ResultOrder, ResultOrderField, SortDirection, resolveFilter } from "./result-filter";
import { resultsService } from "./results.service";
import { encodeCursor, pageInfo, pageWindow } from "../common/connection";
import { preloadResultRelations } from "./result-relations";

const DEFAULT_ORDER: ResultOrder[] = [
  { field: ResultOrderField.CYCLE, direction: SortDirection.ASC },
  { field: ResultOrderField.MEMBER, direction: SortDirection.ASC },
  { field: ResultOrderField.KPI, direction: SortDirection.ASC },
];

/** The `results` query. KpiResult's own fields: the entity's columns and RESULT_FIELDS (kpi-result.fields.ts). */
@Resolver(() => KpiResult)
export class KpiResultResolver {
  @Query(() => KpiResultConnection, {
    description:
      "Results, filtered and sorted, as a Relay connection. Withheld results are listed with `withheld: true` and null protected fields " +
      "(or left out with `visibleOnly`). `first` defaults to 50; more than the maximum page size is refused.",
    // Query cost: what is asked of each result, times the page size.
    complexity: ({ args, childComplexity }) =>
      1 + (typeof args.first === "number" ? Math.max(args.first, 1) : 50) * childComplexity,
  })
  async results(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("filter", () => ResultFilter, { nullable: true }) filter?: ResultFilter,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
    @Arg("orderBy", () => [ResultOrder], { nullable: true, description: "Default: cycle, Member, KPI." })
    orderBy?: ResultOrder[],
  ): Promise<KpiResultConnection> {
    const { size, offset } = pageWindow(first, after, ctx.maxPageSize);
    const resolved = await resolveFilter(ctx, filter);
    const { rows, totalCount } = await resultsService.page(
      ctx,
      resolved,
      orderBy?.length ? orderBy : DEFAULT_ORDER,
      offset,
      size,
    );
    await preloadResultRelations(ctx, info, rows);
    return {
      edges: rows.map((node, i) => ({ node, cursor: encodeCursor(offset + i) })),
      pageInfo: pageInfo(offset, rows.length, totalCount),
      totalCount,
    };
  }
}
