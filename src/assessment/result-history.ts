import { EntityManager, FindOptionsWhere, In } from "typeorm";
import type { Context } from "../context";
import { staleVersion } from "../common/errors";
import { actor } from "../disclosure/authorization";
import { KpiResult, KpiResultChangeRow } from "./kpi-result.entity";
import { STORED_FIELDS, type StoredField } from "./kpi-result.fields";

/**
 * Fields whose changes are kept in a result's history: the result's level and its protected stored fields,
 * as RESULT_FIELDS declares them (a protected field added there is tracked with no change here).
 */
export const TRACKED_FIELDS: readonly TrackedField[] = [...STORED_FIELDS, "disclosure", "disclosureChosen"];
export type TrackedField = StoredField | "disclosure" | "disclosureChosen";
export type ResultChange = Partial<Pick<KpiResult, TrackedField>>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Reads results for a change and locks them until the transaction ends, always in ascending primary key
 * order: two edits naming the same results in different orders then queue one behind the other instead of
 * deadlocking. A locking read sees the latest committed row (not the transaction's snapshot), so a stale
 * edit is recognised here, inside its own transaction and connection. SQLite needs no lock: its write
 * transactions run one at a time (src/db/write-transaction.ts).
 */
export function lockResults(em: EntityManager, where: FindOptionsWhere<KpiResult>): Promise<KpiResult[]> {
  const sqlite = em.connection.options.type === "better-sqlite3";
  return em.find(KpiResult, {
    where,
    order: { pk: "ASC" },
    ...(sqlite ? {} : { lock: { mode: "pessimistic_write" as const } }),
  });
}

/** lockResults for the given primary keys. */
export const lockResultsByPk = (em: EntityManager, pks: number[]) =>
  pks.length ? lockResults(em, { pk: In(pks) }) : Promise.resolve([]);

/**
 * Writes one change to a result, guarded by the version the editor based it on, and its history entry,
 * in the caller's transaction. `current` must come from lockResults in that transaction, and holds the row as
 * stored afterwards (callers answer from it instead of reading it again). Returns false when nothing actually
 * changed (no version is spent).
 */
export async function writeResultChange(
  ctx: Context,
  em: EntityManager,
  current: KpiResult,
  basedOn: number,
  change: ResultChange,
): Promise<boolean> {
  if (basedOn !== current.version) throw conflict(current);
  const fields = (Object.keys(change) as TrackedField[]).filter((f) => !same(current[f], change[f]));
  if (!fields.length) return false;
  const now = storedTime(em);
  const who = actor(ctx);
  const res = await em.update(KpiResult, { pk: current.pk, version: basedOn }, {
    ...change,
    version: basedOn + 1,
    updatedAt: now,
    updatedBy: who,
  } as never);
  if (res.affected !== 1) {
    // Only when the caller skipped lockResults: its locking read sees the latest version, in this transaction.
    const [fresh] = await lockResultsByPk(em, [current.pk]);
    throw conflict(fresh ?? current);
  }
  await em.insert(KpiResultChangeRow, {
    resultId: current.pk,
    version: basedOn + 1,
    changedAt: now,
    changedBy: who,
    fields,
    before: Object.fromEntries(fields.map((f) => [f, current[f] ?? null])),
    after: Object.fromEntries(fields.map((f) => [f, change[f] ?? null])),
  } as never);
  Object.assign(current, change, { version: basedOn + 1, updatedAt: now, updatedBy: who });
  return true;
}

/**
 * Now, as a DATETIME column keeps it: MySQL/MariaDB's have whole seconds (one engine truncates a fraction,
 * the other rounds it), so the time is cut to the second before it is written and the row in memory is the
 * row stored. SQLite keeps milliseconds.
 */
function storedTime(em: EntityManager): Date {
  const now = Date.now();
  return new Date(em.connection.options.type === "better-sqlite3" ? now : now - (now % 1000));
}

/** The result's current version, to reload: the one stale-version refusal (src/common/errors.ts). */
const conflict = (current: KpiResult) => staleVersion("The result", current.version, { result: current.id });
