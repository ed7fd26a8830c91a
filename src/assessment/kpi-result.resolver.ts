import { Arg, Ctx, FieldResolver, Float, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { markPrivate } from "../common/cache-hints";
import { KpiResult } from "./kpi-result.entity";
import { KpiInputValue, KpiResultChange, KpiResultConnection } from "./kpi-result.types";
import { ResultFilter, ResultOrder, ResultOrderField, SortDirection, resolveFilter } from "./result-filter";
import { resultsService } from "./results.service";
import { encodeCursor, pageInfo, pageWindow } from "../common/connection";
import { maySee } from "../disclosure/policy";
import { disclosed } from "../disclosure/disclosed";
import { scoreOf } from "../framework/scoring";
import { Kpi } from "../framework/kpi.entity";
import { Member } from "../members/member.entity";
import { Cycle } from "./cycle.entity";
import { Assessment } from "./assessment.entity";
import { loadRelation } from "../common/loaders";
import { preloadResultRelations } from "./result-relations";

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
    complexity: ({ args, childComplexity }) => 1 + (typeof args.first === "number" ? Math.max(args.first, 1) : 50) * childComplexity,
  })
  async results(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("filter", () => ResultFilter, { nullable: true }) filter?: ResultFilter,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
    @Arg("orderBy", () => [ResultOrder], { nullable: true, description: "Default: cycle, Member, KPI." }) orderBy?: ResultOrder[],
  ): Promise<KpiResultConnection> {
    const { size, offset } = pageWindow(first, after, ctx.maxPageSize);
    const resolved = await resolveFilter(ctx, filter);
    const { rows, totalCount } = await resultsService.page(ctx, resolved, orderBy?.length ? orderBy : DEFAULT_ORDER, offset, size);
    await preloadResultRelations(ctx, info, rows);
    return {
      edges: rows.map((node, i) => ({ node, cursor: encodeCursor(offset + i) })),
      pageInfo: pageInfo(offset, rows.length, totalCount),
      totalCount,
    };
  }

  // Synchronous when the list above preloaded them (preloadResultRelations), batched through the loader otherwise.
  @FieldResolver(() => Kpi)
  kpi(@Root() r: KpiResult, @Ctx() ctx: Context): Kpi | Promise<Kpi> {
    return loadRelation(ctx.loaders.kpi, r.kpiId);
  }

  @FieldResolver(() => Member)
  member(@Root() r: KpiResult, @Ctx() ctx: Context): Member | Promise<Member> {
    return loadRelation(ctx.loaders.member, r.memberId);
  }

  @FieldResolver(() => Cycle)
  cycle(@Root() r: KpiResult, @Ctx() ctx: Context): Cycle | Promise<Cycle> {
    return loadRelation(ctx.loaders.cycle, r.cycleId);
  }

  @FieldResolver(() => Assessment)
  async assessment(@Root() r: KpiResult, @Ctx() ctx: Context): Promise<Assessment> {
    return (await ctx.loaders.assessment.load(r.assessmentId))!;
  }

  @FieldResolver(() => Boolean, { description: "True when this viewer may not see the protected fields (they are then null)." })
  withheld(@Root() r: KpiResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): boolean {
    if (ctx.scope.signedIn) markPrivate(info);
    return !maySee(ctx.scope, r.memberId, r.disclosure);
  }

  @FieldResolver(() => Float, { nullable: true, description: "Protected. The computed value, in the KPI's unit." })
  value(@Root() r: KpiResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): number | null {
    return disclosed(ctx, r, info, r.value);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "Protected. The value's score (0..100) under the framework's scoring rules; null where the KPI has none.",
  })
  score(@Root() r: KpiResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): number | null | Promise<number | null> {
    const value = disclosed(ctx, r, info, r.notUsed ? null : r.value);
    if (value === null) return null;
    const kpi = loadRelation(ctx.loaders.kpi, r.kpiId);
    return kpi instanceof Promise ? kpi.then((k) => scoreOf(k?.scoring, value)) : scoreOf(kpi.scoring, value);
  }

  @FieldResolver(() => [KpiInputValue], { nullable: true, description: "Protected. The declared inputs the value is computed from." })
  inputs(@Root() r: KpiResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): KpiInputValue[] | null {
    return disclosed(ctx, r, info, r.inputs ? Object.entries(r.inputs).map(([name, value]) => ({ name, value })) : null);
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected. The Member's narrative and evidence." })
  evidence(@Root() r: KpiResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): string | null {
    return disclosed(ctx, r, info, r.evidence);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "Protected. True when the Member declined this KPI (see notUsedReason)." })
  notUsed(@Root() r: KpiResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): boolean | null {
    return disclosed(ctx, r, info, r.notUsed);
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected. Why the Member declined this KPI." })
  notUsedReason(@Root() r: KpiResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): string | null {
    return disclosed(ctx, r, info, r.notUsedReason);
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected. Who made the last change." })
  updatedBy(@Root() r: KpiResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): string | null {
    return disclosed(ctx, r, info, r.updatedBy);
  }

  @FieldResolver(() => [KpiResultChange], { nullable: true, description: "Protected like value. Every change, oldest first." })
  async history(@Root() r: KpiResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<KpiResultChange[] | null> {
    if (disclosed(ctx, r, info, true) === null) return null;
    const rows = await ctx.loaders.historyByResult.load(r.pk);
    return rows.map((c) => ({
      version: c.version,
      changedAt: c.changedAt,
      changedBy: c.changedBy,
      fields: c.fields,
      before: JSON.stringify(c.before),
      after: JSON.stringify(c.after),
    }));
  }
}

