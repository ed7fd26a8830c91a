import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { leanRows, leanSelect, placeholders } from "../common/lean-find";
import { entityColumns } from "../common/entity-columns";
import { KpiResult } from "./kpi-result.entity";
import { SLIM_RESULT_COLUMNS } from "./result-columns";

export interface ResultNarrowing {
  kpiIds?: number[];
  memberIds?: number[];
  cycleIds?: number[];
}

const OBSERVED = ["kpiId", "cycleId", "memberId", "disclosure", "value", "validatedValue", "notUsed"] as const;

/** The slim row every aggregate works from (a result's columns, as plain objects): one batched read. */
export type Observation = Pick<KpiResult, (typeof OBSERVED)[number]>;

// Observations answer from a list's rows, slim or whole: each observed column must be one that slim rows read.
for (const c of OBSERVED)
  if (!SLIM_RESULT_COLUMNS.has(c)) throw new Error(`result-columns.ts: slim rows must read ${c} (an observed column)`);

const PARENTS = entityColumns(KpiResult, ["kpiId", "memberId", "cycleId"]);
const OBSERVATIONS = entityColumns(KpiResult, OBSERVED);

/**
 * "The results of a KPI (or of a Member) for this request": the one owner of those reads, per request
 * (ctx.loaders.results). Result lists ask for rows by parent; aggregates ask for observations. Both go through
 * here, so the saving of a second read is a rule of this file, not something a caller must know: observations
 * of KPIs whose unnarrowed list this request reads (or is reading) come from those rows, and observations
 * asked again (several aggregates over the same KPIs and cycles) come from the first read.
 */
export interface ResultReads {
  /** Results of many Members with the same narrowing, one statement per narrowing and column set. */
  ofMembers(narrowing: ResultNarrowing, slim?: boolean): DataLoader<number, KpiResult[]>;
  /** Results of many KPIs with the same narrowing, one statement per narrowing and column set. */
  ofKpis(narrowing: ResultNarrowing, slim?: boolean): DataLoader<number, KpiResult[]>;
  /** Every result of these KPIs in these cycles (each row once; no order promised). */
  observations(kpiIds: readonly number[], cycleIds: readonly number[]): Promise<readonly Observation[]>;
}

export function resultReads(ds: DataSource): ResultReads {
  const ofMembers = resultsByParent(ds, "memberId");
  const ofKpis = resultsByParent(ds, "kpiId");
  const observed: { kpiIds: Set<number>; cycleIds: Set<number>; rows: Promise<Observation[]> }[] = [];

  const observations = async (kpiIds: readonly number[], cycleIds: readonly number[]) => {
    if (!kpiIds.length || !cycleIds.length) return [];
    const wanted = new Set(cycleIds);
    const listed = kpiIds.map((id) => ofKpis.unnarrowed(id));
    if (listed.every((p) => p !== undefined)) {
      const out: Observation[] = [];
      for (const rows of await Promise.all(listed)) for (const r of rows) if (wanted.has(r.cycleId)) out.push(r);
      return out;
    }
    const covering = observed.find(
      (o) => kpiIds.every((id) => o.kpiIds.has(id)) && cycleIds.every((id) => o.cycleIds.has(id)),
    );
    if (covering) {
      const rows = await covering.rows;
      if (covering.kpiIds.size === new Set(kpiIds).size && covering.cycleIds.size === wanted.size) return rows;
      const kpis = new Set(kpiIds);
      return rows.filter((r) => kpis.has(r.kpiId) && wanted.has(r.cycleId));
    }
    const rows = readObservations(ds, kpiIds, cycleIds);
    const entry = { kpiIds: new Set(kpiIds), cycleIds: wanted, rows };
    observed.push(entry);
    rows.catch(() => observed.splice(observed.indexOf(entry), 1));
    return rows;
  };
  return { ofMembers, ofKpis, observations };
}

/**
 * Plain rows, one object each (tens of thousands for a union view), through the same prepared statements as
 * the other hot reads: the query builder's raw rows, mapped to new objects, doubled the memory of a request.
 */
async function readObservations(
  ds: DataSource,
  kpiIds: readonly number[],
  cycleIds: readonly number[],
): Promise<Observation[]> {
  const { table, col } = OBSERVATIONS.of(ds);
  const as = (p: keyof typeof col) => `r.${col[p]} AS ${ds.driver.escape(p)}`;
  const rows = await leanRows<Observation>(
    ds,
    `SELECT ${OBSERVED.map(as).join(", ")} FROM ${table} r
     WHERE r.${col.kpiId} IN (${placeholders(kpiIds.length)}) AND r.${col.cycleId} IN (${placeholders(cycleIds.length)})`,
    [...kpiIds, ...cycleIds],
  );
  for (const r of rows) r.notUsed = !!r.notUsed; // a tinyint (MySQL) or an integer (SQLite)
  return rows;
}

/**
 * Results of many parents (Members or KPIs) with the same narrowing, in one statement: one loader per
 * distinct narrowing (and column set, see result-columns.ts) per request, so `members { results(cycles: ...) }`
 * stays a single query. `unnarrowed` gives the rows of a parent this request has read, or is reading, unnarrowed.
 */
function resultsByParent(ds: DataSource, parent: "memberId" | "kpiId") {
  const loaders = new Map<string, DataLoader<number, KpiResult[]>>();
  const unnarrowedReads: Map<number, Promise<KpiResult[]>>[] = [];
  const loaderFor = (narrowing: ResultNarrowing, slim = false): DataLoader<number, KpiResult[]> => {
    const key = `${JSON.stringify(narrowing)}${slim ? ":slim" : ""}`;
    let loader = loaders.get(key);
    if (!loader) {
      const cacheMap = new Map<number, Promise<KpiResult[]>>();
      if (!narrowing.kpiIds && !narrowing.memberIds && !narrowing.cycleIds) unnarrowedReads.push(cacheMap);
      loader = new DataLoader(
        async (parentIds) => {
          const { col } = PARENTS.of(ds);
          let where = `WHERE e.${col[parent]} IN (${placeholders(parentIds.length)})`;
          const params: number[] = [...parentIds];
          for (const [column, ids] of [
            [col.kpiId, narrowing.kpiIds],
            [col.memberId, narrowing.memberIds],
            [col.cycleId, narrowing.cycleIds],
          ] as const) {
            if (!ids) continue;
            where += ids.length ? ` AND e.${column} IN (${placeholders(ids.length)})` : " AND 1 = 0";
            params.push(...ids);
          }
          const rows = await leanSelect(
            ds,
            KpiResult,
            `${where} ORDER BY e.${col.cycleId}, e.${col.memberId}, e.${col.kpiId}`,
            params,
            slim ? SLIM_RESULT_COLUMNS : undefined,
          );
          const groups = new Map<number, KpiResult[]>(parentIds.map((id) => [id, []]));
          for (const r of rows) groups.get(r[parent])!.push(r);
          return parentIds.map((id) => groups.get(id)!);
        },
        { cacheMap },
      );
      loaders.set(key, loader);
    }
    return loader;
  };
  const unnarrowed = (parentId: number): Promise<KpiResult[]> | undefined => {
    for (const m of unnarrowedReads) {
      const p = m.get(parentId);
      if (p) return p;
    }
    return undefined;
  };
  return Object.assign(loaderFor, { unnarrowed });
}
