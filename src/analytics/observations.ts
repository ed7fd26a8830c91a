import type { Context } from "../context";
import { leanRows, placeholders } from "../common/lean-find";
import { maySee } from "../disclosure/policy";
import { DisclosureLevel } from "../disclosure/disclosure-level";
import { summarize, Summary, valueOfRecord } from "./statistics";
import type { Group } from "./grouping";

/** The slim row every aggregate works from: one batched fetch, however many Members and cycles. */
export interface Observation {
  kpiId: number;
  cycleId: number;
  memberId: number;
  disclosure: DisclosureLevel;
  value: number | null;
  /** Set when a peer review of the result closed: then it, not `value`, is the value of record. */
  validatedValue: number | null;
  notUsed: boolean;
}

export async function fetchObservations(ctx: Context, kpiIds: number[], cycleIds: number[]): Promise<Observation[]> {
  if (!kpiIds.length || !cycleIds.length) return [];
  // Same request, same KPIs' results already read (e.g. `kpi { results }` beside `kpiTrends`): use those rows.
  const shared = kpiIds.map((id) => ctx.loaders.resultsByKpi.read(id));
  if (shared.every((p) => p !== undefined)) {
    const wanted = new Set(cycleIds);
    const out: Observation[] = [];
    for (const rows of await Promise.all(shared)) for (const r of rows) if (wanted.has(r.cycleId)) out.push(r);
    return out;
  }
  // Plain rows, one object each (tens of thousands for a union view), through the same prepared statements as
  // the other hot reads: the query builder's raw rows, mapped to new objects, doubled the memory of a request.
  const rows = await leanRows<Observation>(
    ctx.ds,
    `SELECT r.kpiId AS kpiId, r.cycleId AS cycleId, r.memberId AS memberId, r.disclosure AS disclosure, r.value AS value,
       r.validatedValue AS validatedValue, r.notUsed AS notUsed
     FROM kpi_result r WHERE r.kpiId IN (${placeholders(kpiIds.length)}) AND r.cycleId IN (${placeholders(cycleIds.length)})`,
    [...kpiIds, ...cycleIds],
  );
  for (const r of rows) r.notUsed = !!r.notUsed; // a tinyint (MySQL) or an integer (SQLite)
  return rows;
}

/**
 * Statistics over the values of record the viewer may see (disclosure rule 4), with how much was included and
 * withheld: a withheld result counts as withheld whatever it holds; a visible not-used one as not used.
 */
export interface GroupSummary extends Summary {
  results: number;
  included: number;
  withheld: number;
  notUsed: number;
  values: number[];
}

export function summarizeVisible(ctx: Context, rows: Iterable<Observation>, group: Group): GroupSummary {
  let results = 0;
  let withheld = 0;
  let notUsed = 0;
  const values: number[] = [];
  for (const r of rows) {
    if (group.memberIds && !group.memberIds.has(r.memberId)) continue;
    results++;
    if (!maySee(ctx.scope, r.memberId, r.disclosure)) withheld++;
    else if (r.notUsed) notUsed++;
    else {
      const v = valueOfRecord(r);
      if (v !== null) values.push(v);
    }
  }
  const s = summarize(values);
  return { ...s, results, withheld, notUsed, included: s.count, values };
}
