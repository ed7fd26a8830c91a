import type { Context } from "../context";
import { maySee } from "../disclosure/policy";
import { summarize, Summary, valueOfRecord } from "./statistics";
import type { Group } from "./grouping";
import type { Observation } from "../assessment/result-reads";

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
