import type { GraphQLSchema } from "graphql";
import {
  assertObjectType,
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isIntrospectionType,
  isObjectType,
} from "graphql";
import type { Context } from "../context";
import { loadRelation } from "../common/loaders";
import { maySee } from "../disclosure/policy";
import { disclosed } from "../disclosure/disclosed";
import { score as scoreOf, valueOfRecord } from "../analytics/statistics";
import { KpiResult } from "./kpi-result.entity";
import type { Member } from "../members/member.entity";
import type { Cycle } from "./cycle.entity";

type FieldFn = (r: KpiResult, ctx: Context) => unknown;

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
  withheld(r: KpiResult, ctx: Context): boolean {
    return !maySee(ctx.scope, r.memberId, r.disclosure);
  },
  value: (r: KpiResult, ctx: Context): number | null => disclosed(ctx, r, r.value),
  notUsed: (r: KpiResult, ctx: Context): boolean | null => disclosed(ctx, r, r.notUsed),
  valueOfRecord: (r: KpiResult, ctx: Context): number | null => disclosed(ctx, r, valueOfRecord(r)),
  // The score of the value of record, as every statistic uses it.
  score(r: KpiResult, ctx: Context): number | null | Promise<number | null> {
    const value = disclosed(ctx, r, valueOfRecord(r));
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
    field.resolve = (root, _args, ctx) => fn(root as KpiResult, ctx as Context);
  }
}

type Row = KpiResult & { member?: Member; cycle?: Cycle };

/** Sets `member` and `cycle` on results (in a value, a list or nested lists), reading cycles if need be. */
function attachRelations(ctx: Context, value: unknown, isResult: (v: object) => boolean): unknown {
  const rows: Row[] = [];
  const collect = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === "object" && isResult(v)) rows.push(v as Row);
  };
  collect(value);
  let missing: number[] | undefined;
  for (const r of rows) {
    r.member = ctx.directory.memberById.get(r.memberId);
    const cycle = ctx.loaders.cycle.peek(r.cycleId);
    if (cycle) r.cycle = cycle;
    else (missing ??= []).push(r.cycleId);
  }
  if (!missing) return value;
  return ctx.loaders.cycle.loadMany(missing).then(() => {
    for (const r of rows) r.cycle ??= ctx.loaders.cycle.peek(r.cycleId) ?? undefined;
    return value;
  });
}

/**
 * For compiled operations only (src/http/compiled-execution.ts): results carry their `member` and `cycle` as
 * properties, so the compiled operation reads them instead of calling a resolver per row and field (one KPI
 * across every Member and cycle: two calls per row, each with its arguments, path, resolve info and closures:
 * about 6% of the request). Every field whose value is, or may be, a result attaches them once per value,
 * before the result's own fields resolve; KpiResult.member and .cycle then have no resolver in that schema.
 * Neither is protected (public metadata: docs/disclosure.md), so no permission rule is bypassed.
 */
export function carryResultRelations(schema: GraphQLSchema): GraphQLSchema {
  const resultType = assertObjectType(schema.getType("KpiResult"));
  const declared = (v: object) => typeof (v as Row).memberId === "number" && typeof (v as Row).cycleId === "number";
  const concrete = (v: object) => v instanceof KpiResult;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const isResult =
        named === resultType
          ? declared
          : isAbstractType(named) && schema.isSubType(named, resultType)
            ? concrete
            : null;
      if (!isResult) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx: Context, info) => {
        const value = resolve(parent, args, ctx, info);
        return value instanceof Promise
          ? value.then((v) => attachRelations(ctx, v, isResult))
          : attachRelations(ctx, value, isResult);
      };
    }
  }
  const { member, cycle } = resultType.getFields();
  member.resolve = undefined;
  cycle.resolve = undefined;
  return schema;
}
