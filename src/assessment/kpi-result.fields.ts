import type { GraphQLResolveInfo, GraphQLSchema } from "graphql";
import { assertObjectType } from "graphql";
import type { Context } from "../context";
import { markPrivate } from "../common/cache-hints";
import { loadRelation } from "../common/loaders";
import { maySee } from "../disclosure/policy";
import { disclosed } from "../disclosure/disclosed";
import { scoreOf } from "../framework/scoring";
import type { KpiResult } from "./kpi-result.entity";

type FieldFn = (r: KpiResult, ctx: Context, info: GraphQLResolveInfo) => unknown;

/**
 * The fields of KpiResult that lists of thousands of results ask for on every row. KpiResultResolver
 * declares them (type, description, arguments: none) and calls these; `resolveResultFieldsDirectly` then
 * points the built schema's fields straight at them, past type-graphql's per-call wrapper (a container
 * lookup and a parameter array per field and row: a sixth of the time of one KPI across 1,830 Members).
 * The permission rules wrap the fields afterwards, as every other field.
 */
export const resultFields = {
  // Synchronous when the list preloaded them (preloadResultRelations), batched through the loader otherwise.
  kpi: (r: KpiResult, ctx: Context) => loadRelation(ctx.loaders.kpi, r.kpiId),
  member: (r: KpiResult, ctx: Context) => loadRelation(ctx.loaders.member, r.memberId),
  cycle: (r: KpiResult, ctx: Context) => loadRelation(ctx.loaders.cycle, r.cycleId),
  withheld(r: KpiResult, ctx: Context, info: GraphQLResolveInfo): boolean {
    if (ctx.scope.signedIn) markPrivate(info);
    return !maySee(ctx.scope, r.memberId, r.disclosure);
  },
  value: (r: KpiResult, ctx: Context, info: GraphQLResolveInfo): number | null => disclosed(ctx, r, info, r.value),
  notUsed: (r: KpiResult, ctx: Context, info: GraphQLResolveInfo): boolean | null => disclosed(ctx, r, info, r.notUsed),
  score(r: KpiResult, ctx: Context, info: GraphQLResolveInfo): number | null | Promise<number | null> {
    const value = disclosed(ctx, r, info, r.notUsed ? null : r.value);
    if (value === null) return null;
    const kpi = loadRelation(ctx.loaders.kpi, r.kpiId);
    return kpi instanceof Promise ? kpi.then((k) => scoreOf(k?.scoring, value)) : scoreOf(kpi.scoring, value);
  },
} satisfies Record<string, FieldFn>;

/** Points the schema's KpiResult fields listed in `resultFields` at those functions (before the permission rules). */
export function resolveResultFieldsDirectly(schema: GraphQLSchema): void {
  const fields = assertObjectType(schema.getType("KpiResult")).getFields();
  for (const [name, fn] of Object.entries(resultFields) as [string, FieldFn][]) {
    const field = fields[name];
    if (!field) throw new Error(`KpiResult.${name} is not in the schema`);
    field.resolve = (root, _args, ctx, info) => fn(root as KpiResult, ctx as Context, info);
  }
}
