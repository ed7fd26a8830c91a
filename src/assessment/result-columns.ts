import type { Context } from "../context";
import { disclosed } from "../disclosure/disclosed";
import { getMetadataArgsStorage } from "typeorm";
import { KpiResult } from "./kpi-result.entity";

/**
 * Lists of results read the columns every listed result needs (ids, level, value, validated value, not-used flag: what the
 * policy, the relations, the score and the aggregates work from) and leave out the others unless the query
 * asks for a field that shows one. On one KPI across 1,830 Members, reading the detail columns too (JSON
 * inputs, texts, a datetime) tripled the time of the statement and of turning its rows into entities.
 */
export const SLIM_RESULT_COLUMNS: ReadonlySet<string> = new Set<ResultColumn>([
  "pk",
  "kpiId",
  "memberId",
  "cycleId",
  "disclosure",
  "value",
  "notUsed",
  // The value of record (statistics, scores) needs it on every row.
  "validatedValue",
]);

/**
 * Fields that read a column slim rows leave out: a list asking for any of them reads whole rows. Derived from the
 * entity: a field named like a left-out column is taken to read it (a new column and its field cannot be
 * forgotten here), except `score`, computed from the value of record; `assessment` reads `assessmentId`.
 * test/result-columns.test.ts compares every field of a list's rows with the same result read by id.
 */
const NOT_SLIM = new Set<string>([
  ...getMetadataArgsStorage()
    .filterColumns(KpiResult)
    .map((c) => c.propertyName)
    .filter((p) => !SLIM_RESULT_COLUMNS.has(p) && p !== "score"),
  "assessment",
]);

/** A stored column of a result (`id` is the global id, not a column). */
type ResultColumn = Exclude<keyof KpiResult, "id">;

/** Whether a list whose selection names these fields (anywhere below it) can do with slim rows. */
export function slimEnough(selected: ReadonlySet<string>): boolean {
  for (const f of selected) if (NOT_SLIM.has(f)) return false;
  return true;
}

/**
 * A detail column of a result: from the row when it was read (null included), else from the whole row,
 * batched by id. A row read slim never answers `undefined` for a column it lacks.
 */
export function detail<K extends ResultColumn>(
  ctx: Context,
  r: KpiResult,
  key: K,
): KpiResult[K] | Promise<KpiResult[K]> {
  if (r[key] !== undefined) return r[key];
  return ctx.loaders.kpiResult.load(r.pk).then((full) => (full ? full[key] : null) as KpiResult[K]);
}

/** A protected detail field: withheld first (no read for a viewer who may not see it), then the column. */
export function disclosedDetail<K extends ResultColumn, T>(
  ctx: Context,
  r: KpiResult,
  key: K,
  shape: (v: KpiResult[K]) => T,
): T | null | Promise<T | null> {
  if (disclosed(ctx, r, true) === null) return null;
  const v = detail(ctx, r, key);
  return v instanceof Promise ? v.then(shape) : shape(v);
}
