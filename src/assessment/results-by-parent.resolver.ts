import { Arg, Ctx, FieldResolver, ID, Info, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { preloadResultRelations, selectedFieldNames } from "./result-relations";
import { slimEnough } from "./result-columns";
import { memoize, type Context } from "../context";
import { maySee } from "../disclosure/policy";
import { Kpi } from "../framework/kpi.entity";
import { Member } from "../members/member.entity";
import { KpiResult } from "./kpi-result.entity";
import type { ResultNarrowing } from "./result-reads";
import { resolveFilter } from "./result-filter";

const VISIBLE_ONLY = "Leave out results withheld from this viewer.";

/**
 * Codes to ids for the narrowing arguments, with the same checks as the results filter; once per request
 * and set of arguments, not once per parent (`members { results(cycles: ...) }` must not cost a statement per Member).
 */
function narrowing(
  ctx: Context,
  args: { kpis?: string[] | null; members?: string[] | null; cycles?: string[] | null },
): Promise<ResultNarrowing> {
  return memoize(ctx, `narrowing:${JSON.stringify(args)}`, async () => {
    const f = await resolveFilter(ctx, args, (field) => field);
    const sorted = (ids?: number[]) => ids && [...ids].sort((a, b) => a - b);
    return { kpiIds: sorted(f.kpiIds), memberIds: sorted(f.memberIds), cycleIds: sorted(f.cycleIds) };
  });
}

const visible = (ctx: Context, rows: KpiResult[], only?: boolean | null) =>
  only ? rows.filter((r) => maySee(ctx.scope, r.memberId, r.disclosure)) : rows;

@Resolver(() => Member)
export class MemberResultsResolver {
  @FieldResolver(() => [KpiResult], {
    description: "This Member's results, by cycle then KPI; withheld ones have null protected fields.",
  })
  async results(
    @Root() m: Member,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("kpis", () => [ID], { nullable: true, description: "KPI codes." }) kpis?: string[],
    @Arg("cycles", () => [ID], { nullable: true, description: "Cycle codes." }) cycles?: string[],
    @Arg("visibleOnly", () => Boolean, { nullable: true, description: VISIBLE_ONLY }) visibleOnly?: boolean,
  ): Promise<KpiResult[]> {
    const n = await narrowing(ctx, { kpis, cycles });
    const selected = selectedFieldNames(info);
    const rows = visible(ctx, await ctx.loaders.results.ofMembers(n, slimEnough(selected)).load(m.pk), visibleOnly);
    await preloadResultRelations(ctx, selected, rows);
    return rows;
  }
}

@Resolver(() => Kpi)
export class KpiResultsResolver {
  @FieldResolver(() => [KpiResult], {
    description: "Results for this KPI, by cycle then Member; withheld ones have null protected fields.",
  })
  async results(
    @Root() k: Kpi,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("members", () => [ID], { nullable: true, description: "Member codes." }) members?: string[],
    @Arg("cycles", () => [ID], { nullable: true, description: "Cycle codes." }) cycles?: string[],
    @Arg("visibleOnly", () => Boolean, { nullable: true, description: VISIBLE_ONLY }) visibleOnly?: boolean,
  ): Promise<KpiResult[]> {
    const n = await narrowing(ctx, { members, cycles });
    const selected = selectedFieldNames(info);
    const rows = visible(ctx, await ctx.loaders.results.ofKpis(n, slimEnough(selected)).load(k.pk), visibleOnly);
    await preloadResultRelations(ctx, selected, rows);
    return rows;
  }
}
