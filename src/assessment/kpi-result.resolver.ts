import { Arg, Ctx, FieldResolver, Float, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { KpiResult } from "./kpi-result.entity";
import { KpiInputValue, KpiResultChange, KpiResultConnection } from "./kpi-result.types";
import { ResultFilter, ResultOrder, ResultOrderField, SortDirection, resolveFilter } from "./result-filter";
import { resultsService } from "./results.service";
import { encodeCursor, pageInfo, pageWindow } from "../common/connection";
import { Kpi } from "../framework/kpi.entity";
import { Member } from "../members/member.entity";
import { Cycle } from "./cycle.entity";
import { Assessment } from "./assessment.entity";
import { preloadResultRelations } from "./result-relations";
import { detail, disclosedDetail } from "./result-columns";
import { disclosed, identity } from "../disclosure/disclosed";
import { resultFields } from "./kpi-result.fields";
import { DateTimeISOResolver } from "graphql-scalars";

const DEFAULT_ORDER: ResultOrder[] = [
  { field: ResultOrderField.CYCLE, direction: SortDirection.ASC },
  { field: ResultOrderField.MEMBER, direction: SortDirection.ASC },
  { field: ResultOrderField.KPI, direction: SortDirection.ASC },
];

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

  // Each of these is resolved by resultFields directly (kpi-result.fields.ts); the methods declare the fields.
  @FieldResolver(() => Kpi)
  kpi(@Root() r: KpiResult, @Ctx() ctx: Context): Kpi | Promise<Kpi> {
    return resultFields.kpi(r, ctx);
  }

  @FieldResolver(() => Member)
  member(@Root() r: KpiResult, @Ctx() ctx: Context): Member | Promise<Member> {
    return resultFields.member(r, ctx);
  }

  @FieldResolver(() => Cycle)
  cycle(@Root() r: KpiResult, @Ctx() ctx: Context): Cycle | Promise<Cycle> {
    return resultFields.cycle(r, ctx);
  }

  @FieldResolver(() => Assessment)
  async assessment(@Root() r: KpiResult, @Ctx() ctx: Context): Promise<Assessment> {
    return (await ctx.loaders.assessment.load(r.assessmentId))!;
  }

  @FieldResolver(() => Boolean, {
    description: "True when this viewer may not see the protected fields (they are then null).",
  })
  withheld(@Root() r: KpiResult, @Ctx() ctx: Context): boolean {
    return resultFields.withheld(r, ctx);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "Protected. The computed value as submitted, in the KPI's unit (stored to 6 decimals).",
  })
  value(@Root() r: KpiResult, @Ctx() ctx: Context): number | null {
    return resultFields.value(r, ctx);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "Protected. The value of record: `validatedValue` once a peer review of the assessment has closed, `value` otherwise " +
      "(null when not used). Every statistic, trend, rank, score, roll-up and lagging figure is computed from it (docs/methods.md).",
  })
  valueOfRecord(@Root() r: KpiResult, @Ctx() ctx: Context): number | null {
    return resultFields.valueOfRecord(r, ctx);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "Protected. The score (0..100, unrounded) of the value of record under the framework's scoring rules; null where the KPI has none.",
  })
  score(@Root() r: KpiResult, @Ctx() ctx: Context): number | null | Promise<number | null> {
    return resultFields.score(r, ctx);
  }

  @FieldResolver(() => [KpiInputValue], {
    nullable: true,
    description: "Protected. The declared inputs the value is computed from.",
  })
  inputs(@Root() r: KpiResult, @Ctx() ctx: Context): KpiInputValue[] | null | Promise<KpiInputValue[] | null> {
    return disclosedDetail(ctx, r, "inputs", (v) =>
      v ? Object.entries(v).map(([name, value]) => ({ name, value })) : null,
    );
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected. The Member's narrative and evidence." })
  evidence(@Root() r: KpiResult, @Ctx() ctx: Context): string | null | Promise<string | null> {
    return disclosedDetail(ctx, r, "evidence", (v) => v);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "Protected. True when the Member declined this KPI (see notUsedReason).",
  })
  notUsed(@Root() r: KpiResult, @Ctx() ctx: Context): boolean | null {
    return resultFields.notUsed(r, ctx);
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected. Why the Member declined this KPI." })
  notUsedReason(@Root() r: KpiResult, @Ctx() ctx: Context): string | null | Promise<string | null> {
    return disclosedDetail(ctx, r, "notUsedReason", (v) => v);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Who made the last change (role:user id). An identity: null unless you may see the Member's COUNTRY level, whatever this result's level.",
  })
  updatedBy(@Root() r: KpiResult, @Ctx() ctx: Context): string | null | Promise<string | null> {
    if (identity(ctx, r.memberId, true) === null) return null;
    return detail(ctx, r, "updatedBy");
  }

  @FieldResolver(() => DateTimeISOResolver, { description: "When the result last changed." })
  updatedAt(@Root() r: KpiResult, @Ctx() ctx: Context): Date | Promise<Date> {
    return detail(ctx, r, "updatedAt");
  }

  @FieldResolver(() => [KpiResultChange], {
    nullable: true,
    description: "Protected like value. Every change, oldest first.",
  })
  async history(@Root() r: KpiResult, @Ctx() ctx: Context): Promise<KpiResultChange[] | null> {
    if (disclosed(ctx, r, true) === null) return null;
    const rows = await ctx.loaders.historyByResult.load(r.pk);
    return rows.map((c) => ({
      memberId: r.memberId,
      version: c.version,
      changedAt: c.changedAt,
      changedBy: identity(ctx, r.memberId, c.changedBy),
      fields: c.fields,
      before: JSON.stringify(c.before),
      after: JSON.stringify(c.after),
    }));
  }
}
