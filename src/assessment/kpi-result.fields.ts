import type { GraphQLSchema } from "graphql";
import { assertObjectType, getNamedType, isAbstractType, isIntrospectionType, isObjectType } from "graphql";
import { Field, Float } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import type { Context, Loaders } from "../context";
import { loadRelation, type PeekableLoader } from "../common/loaders";
import { maySee } from "../disclosure/policy";
import { disclosed, identity } from "../disclosure/disclosed";
import { score as scoreOf, valueOfRecord } from "../analytics/statistics";
import { wrapResolver } from "../schema/wrapped-resolvers";
import { Kpi } from "../framework/kpi.entity";
import { Member } from "../members/member.entity";
import { ReviewFinding, withMember } from "../review/peer-review.entity";
import { KpiResult } from "./kpi-result.entity";
import { Cycle } from "./cycle.entity";
import { Assessment } from "./assessment.entity";
import { KpiInputValue, KpiResultChange } from "./kpi-result.types";
import { detail, disclosedDetail } from "./result-columns";

/**
 * One field of KpiResult that is not a plain column (those are `@Field`s of the entity): everything about it in
 * one entry. `declareResultFields` makes the type-graphql declaration from it (no decorated method: nothing
 * to shadow) and `resolveResultFields` points the built schema's field straight at `resolve`, past
 * type-graphql's per-call wrapper (a container lookup and a parameter array per field and row: a sixth of the
 * time of one KPI across 1,830 Members). The permission rules wrap the fields afterwards, as every other field.
 */
/** What `@Field` takes as its type (type-graphql does not export the name). */
type ReturnTypeFunc = NonNullable<Parameters<typeof Field>[0]>;

interface ResultField {
  type: ReturnTypeFunc;
  nullable?: true;
  description?: string;
  /**
   * `protected`: null when the viewer may not see the result's level; the permission rules guard it with
   * `maySeeResult` (PROTECTED_RESULT_FIELDS in src/disclosure/permissions.ts is made from this).
   */
  access: "public" | "protected";
  /** Shows the stored column of the same name, which edits change: kept in the result's history (TRACKED_FIELDS). */
  stored?: true;
  resolve(r: KpiResult, ctx: Context): unknown;
  /** A relation that compiled operations read as a property set on the result (carryResultRelations). */
  carried?: Carried;
}

interface Carried {
  id: "memberId" | "cycleId";
  loader(l: Loaders): PeekableLoader<object>;
}

/** A relation by id: synchronous when the request has it (preloadResultRelations), batched otherwise. */
function relation<E extends { pk: number }>(
  type: () => new () => E,
  id: "kpiId" | "memberId" | "cycleId",
  loader: (l: Loaders) => PeekableLoader<E>,
  carried = false,
): ResultField {
  return {
    type,
    access: "public",
    resolve: (r, ctx) => loadRelation(loader(ctx.loaders), r[id]),
    ...(carried ? { carried: { id: id as Carried["id"], loader } } : {}),
  };
}

const PROTECTED = { nullable: true, access: "protected" } as const;

/** A protected column every row read has (SLIM_RESULT_COLUMNS). */
const slimColumn = <K extends "value" | "notUsed">(key: K) => ({
  ...PROTECTED,
  stored: true as const,
  resolve: (r: KpiResult, ctx: Context) => disclosed(ctx, r, r[key]),
});

/** A protected column read only when asked (result-columns.ts: lists read slim rows). */
const detailColumn = <K extends "evidence" | "notUsedReason" | "target" | "validatedValue">(key: K) => ({
  ...PROTECTED,
  stored: true as const,
  resolve: (r: KpiResult, ctx: Context) => disclosedDetail(ctx, r, key, (v) => v),
});

/** Every computed or protected field of KpiResult, in the order the permission rules list the protected ones. */
export const RESULT_FIELDS = {
  kpi: relation(
    () => Kpi,
    "kpiId",
    (l) => l.kpi,
  ),
  member: relation(
    () => Member,
    "memberId",
    (l) => l.member,
    true,
  ),
  cycle: relation(
    () => Cycle,
    "cycleId",
    (l) => l.cycle,
    true,
  ),
  assessment: {
    type: () => Assessment,
    access: "public",
    resolve: (r, ctx) => ctx.loaders.assessment.load(r.assessmentId),
  },
  withheld: {
    type: () => Boolean,
    description: "True when this viewer may not see the protected fields (they are then null).",
    access: "public",
    resolve: (r, ctx) => !maySee(ctx.scope, r.memberId, r.disclosure),
  },
  value: {
    type: () => Float,
    ...slimColumn("value"),
    description: "Protected. The computed value as submitted, in the KPI's unit (stored to 6 decimals).",
  },
  valueOfRecord: {
    type: () => Float,
    ...PROTECTED,
    description:
      "Protected. The value of record: `validatedValue` once a peer review of the assessment has closed, `value` otherwise " +
      "(null when not used). Every statistic, trend, rank, score, roll-up and lagging figure is computed from it (docs/methods.md).",
    resolve: (r, ctx) => disclosed(ctx, r, valueOfRecord(r)),
  },
  score: {
    type: () => Float,
    ...PROTECTED,
    description:
      "Protected. The score (0..100, unrounded) of the value of record under the framework's scoring rules; null where the KPI has none.",
    // The score of the value of record, as every statistic uses it (the `score` column is never shown).
    resolve(r, ctx) {
      const value = disclosed(ctx, r, valueOfRecord(r));
      if (value === null) return null;
      const kpi = loadRelation(ctx.loaders.kpi, r.kpiId);
      return kpi instanceof Promise ? kpi.then((k) => scoreOf(k?.scoring, value)) : scoreOf(kpi.scoring, value);
    },
  },
  inputs: {
    type: () => [KpiInputValue],
    ...PROTECTED,
    stored: true,
    description: "Protected. The declared inputs the value is computed from.",
    resolve: (r, ctx) =>
      disclosedDetail(ctx, r, "inputs", (v) =>
        v ? Object.entries(v).map(([name, value]) => ({ name, value })) : null,
      ),
  },
  evidence: {
    type: () => String,
    ...detailColumn("evidence"),
    description: "Protected. The Member's narrative and evidence.",
  },
  notUsed: {
    type: () => Boolean,
    ...slimColumn("notUsed"),
    description: "Protected. True when the Member declined this KPI (see notUsedReason).",
  },
  notUsedReason: {
    type: () => String,
    ...detailColumn("notUsedReason"),
    description: "Protected. Why the Member declined this KPI.",
  },
  updatedBy: {
    type: () => String,
    // Protected and an identity (IDENTITY_FIELDS): not content, so not in the history (its `changedBy` is).
    ...PROTECTED,
    description:
      "Who made the last change (role:user id). An identity: null unless you may see the Member's COUNTRY level, whatever this result's level.",
    resolve: (r, ctx) => (identity(ctx, r.memberId, true) === null ? null : detail(ctx, r, "updatedBy")),
  },
  updatedAt: {
    type: () => DateTimeISOResolver,
    description: "When the result last changed.",
    access: "public",
    resolve: (r, ctx) => detail(ctx, r, "updatedAt"),
  },
  history: {
    type: () => [KpiResultChange],
    ...PROTECTED,
    description: "Protected like value. Every change, oldest first.",
    async resolve(r, ctx): Promise<KpiResultChange[] | null> {
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
    },
  },
  target: {
    type: () => Float,
    ...detailColumn("target"),
    description: "Protected. The Member's own target for the next cycle.",
  },
  validatedValue: {
    type: () => Float,
    ...detailColumn("validatedValue"),
    description:
      "Protected. The value after peer review (the proposed value where a finding adjusted it); null until a review closes.",
  },
  findings: {
    type: () => [ReviewFinding],
    ...PROTECTED,
    description: "Protected. Peer reviewers' findings on this result.",
    async resolve(r, ctx) {
      if (disclosed(ctx, r, true) === null) return null;
      return withMember(await ctx.loaders.findingsByResult.load(r.pk), r.memberId);
    },
  },
} satisfies Record<string, ResultField>;

type FieldName = keyof typeof RESULT_FIELDS;
const entries = Object.entries(RESULT_FIELDS) as [FieldName, ResultField][];

/** The protected fields of KpiResult (withheld as null), in declaration order. */
export const PROTECTED_FIELDS = entries.filter(([, f]) => f.access === "protected").map(([name]) => name);

/** Protected fields showing a stored column of their own name: what a result's history must keep. */
export type StoredField = Extract<
  { [K in FieldName]: (typeof RESULT_FIELDS)[K] extends { stored: true } ? K : never }[FieldName],
  keyof KpiResult
>;
export const STORED_FIELDS = entries.filter(([, f]) => f.stored).map(([name]) => name) as StoredField[];

// The type-graphql declarations, made once, when the schema's modules load (before any build).
for (const [name, f] of entries)
  Field(f.type, { nullable: f.nullable, description: f.description, simple: true })(KpiResult.prototype, name);

/**
 * Points the schema's KpiResult fields at RESULT_FIELDS' resolvers, leaving out the carried relations when
 * `carried` (the schema compiled operations run: carryResultRelations sets them as properties). A field the
 * build already resolves was declared twice (a decorated method too): refused, so that nothing is shadowed.
 */
export function resolveResultFields(schema: GraphQLSchema, options: { carried?: boolean } = {}): void {
  const fields = assertObjectType(schema.getType("KpiResult")).getFields();
  for (const [name, f] of entries) {
    const field = fields[name];
    if (!field) throw new Error(`KpiResult.${name} is not in the schema`);
    if (field.resolve) throw new Error(`KpiResult.${name} is declared twice: in RESULT_FIELDS and by a resolver`);
    if (options.carried && f.carried) continue;
    const resolve = f.resolve;
    field.resolve = (root, _args, ctx) => resolve(root as KpiResult, ctx as Context);
  }
}

/** A result, and the relations set on it. */
type Row = KpiResult & { [relation: string]: unknown };
const CARRIED = entries.filter(([, f]) => f.carried).map(([name, f]) => ({ name: name as string, ...f.carried! }));

/** Sets the carried relations on results (in a value, a list or nested lists), loading what the request lacks. */
function attachRelations(ctx: Context, value: unknown, isResult: (v: object) => boolean): unknown {
  const rows: Row[] = [];
  const collect = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === "object" && isResult(v)) rows.push(v as Row);
  };
  collect(value);
  if (!rows.length) return value;
  let pending: Promise<unknown>[] | undefined;
  for (const { name, id, loader } of CARRIED) {
    const l = loader(ctx.loaders);
    let missing: number[] | undefined;
    for (const r of rows) {
      const hit = l.peek(r[id]);
      if (hit !== undefined) r[name] = hit;
      else (missing ??= []).push(r[id]);
    }
    if (missing)
      (pending ??= []).push(
        l.loadMany(missing).then(() => {
          for (const r of rows) r[name] ??= l.peek(r[id]) ?? undefined;
        }),
      );
  }
  return pending ? Promise.all(pending).then(() => value) : value;
}

/**
 * For compiled operations only (src/http/compiled-execution.ts), on a schema resolved with `carried`: results
 * carry their carried relations (`member`, `cycle`) as properties, so the compiled operation reads them instead
 * of calling a resolver per row and field (one KPI across every Member and cycle: two calls per row, each with
 * its arguments, path, resolve info and closures: about 6% of the request). Every field whose value is, or may
 * be, a result attaches them once per value, before the result's own fields resolve. Neither is protected
 * (public metadata: docs/disclosure.md), and their rules, were they not `allow`, would still wrap the property read.
 */
export function carryResultRelations(schema: GraphQLSchema): GraphQLSchema {
  const resultType = assertObjectType(schema.getType("KpiResult"));
  for (const { name } of CARRIED)
    if (resultType.getFields()[name].resolve)
      throw new Error(`KpiResult.${name} has a resolver: build the schema with resolveResultFields(…, { carried })`);
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
      wrapResolver(field, (resolve) => (parent, args, ctx, info) => {
        const value = resolve(parent, args, ctx, info);
        return value instanceof Promise
          ? value.then((v) => attachRelations(ctx as Context, v, isResult))
          : attachRelations(ctx as Context, value, isResult);
      });
    }
  }
  return schema;
}
