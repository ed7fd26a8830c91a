import { EntityManager } from "typeorm";
import type { Context } from "../context";
import { domainError } from "../common/errors";
import { actor } from "../disclosure/authorization";
import { KpiResult, KpiResultChangeRow } from "./kpi-result.entity";

/** Fields whose changes are kept in a result's history. */
export const TRACKED_FIELDS = [
  "inputs",
  "value",
  "notUsed",
  "notUsedReason",
  "disclosure",
  "disclosureChosen",
  "evidence",
  "target",
  "validatedValue",
] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];
export type ResultChange = Partial<Pick<KpiResult, TrackedField>>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Writes one change to a result, guarded by the version the editor based it on, and its history entry,
 * in the caller's transaction. Returns false when nothing actually changed (no version is spent).
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
  const now = new Date();
  const who = actor(ctx);
  const res = await em.update(KpiResult, { pk: current.pk, version: basedOn }, {
    ...change,
    version: basedOn + 1,
    updatedAt: now,
    updatedBy: who,
  } as never);
  if (res.affected !== 1) {
    // Read outside the transaction: under MySQL's repeatable read, the transaction still sees its old snapshot.
    const fresh = await ctx.ds.getRepository(KpiResult).findOneByOrFail({ pk: current.pk });
    throw conflict(fresh);
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
  return true;
}

function conflict(current: KpiResult) {
  return domainError(
    "CONFLICT",
    `The result was changed by someone else (now version ${current.version}); reload and apply your edit again`,
    {
      reason: "STALE_VERSION",
      result: current.id,
      currentVersion: current.version,
    },
  );
}
