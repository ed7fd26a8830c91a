import type { GraphQLResolveInfo } from "graphql";
import { preloadResultRelations, selectedFieldNames } from "./result-relations";
import { slimEnough } from "./result-columns";
import { memoize, type Context } from "../context";
import { maySee } from "../disclosure/policy";
import type { Kpi } from "../framework/kpi.entity";
import type { Member } from "../members/member.entity";
import { KpiResult } from "./kpi-result.entity";
import type { ResultNarrowing } from "./result-reads";
import { resolveFilter } from "./result-filter";

/** The description of the `visibleOnly` argument of result lists. */
export const VISIBLE_ONLY = "Leave out results withheld from this viewer.";

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

/** The narrowing arguments of `Member.results` and `Kpi.results` (codes). */
export interface ResultsArgs {
  kpis?: string[] | null;
  members?: string[] | null;
  cycles?: string[] | null;
  visibleOnly?: boolean | null;
}

/**
 * The results of one parent (`Member.results`, `Kpi.results`: declared with their types), narrowed once per
 * request, read slim when the selection allows, their relations preloaded for the fields asked.
 */
async function resultsOf(
  ctx: Context,
  info: GraphQLResolveInfo,
  { visibleOnly, ...codes }: ResultsArgs,
  load: (n: ResultNarrowing, slim: boolean) => Promise<KpiResult[]>,
): Promise<KpiResult[]> {
  const n = await narrowing(ctx, codes);
  const selected = selectedFieldNames(info);
  const rows = visible(ctx, await load(n, slimEnough(selected)), visibleOnly);
  await preloadResultRelations(ctx, selected, rows);
  return rows;
}

export const memberResults = (ctx: Context, info: GraphQLResolveInfo, m: Member, args: ResultsArgs) =>
  resultsOf(ctx, info, args, (n, slim) => ctx.loaders.results.ofMembers(n, slim).load(m.pk));

export const kpiResults = (ctx: Context, info: GraphQLResolveInfo, k: Kpi, args: ResultsArgs) =>
  resultsOf(ctx, info, args, (n, slim) => ctx.loaders.results.ofKpis(n, slim).load(k.pk));
