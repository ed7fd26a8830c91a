import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import type { LoaderDeps } from "../context";
import { loaderById, loaderByParent } from "../common/loaders";
import { leanSelect, placeholders } from "../common/lean-find";
import { Assessment } from "./assessment.entity";
import { KpiResult, KpiResultChangeRow } from "./kpi-result.entity";
import { CapacityNeed } from "./capacity-need.entity";
import { SLIM_RESULT_COLUMNS } from "./result-columns";
import { PeerReview, PeerReviewAssignment, ReviewFinding } from "../review/peer-review.entity";

export interface ResultNarrowing {
  kpiIds?: number[];
  memberIds?: number[];
  cycleIds?: number[];
}

/**
 * Results of many parents (Members or KPIs) with the same narrowing, in one statement: one loader per
 * distinct narrowing (and column set, see result-columns.ts) per request, so `members { results(cycles: ...) }`
 * stays a single query. `read` tells which parents' rows this request has read, or is reading, unnarrowed,
 * so that aggregates over the same KPI in the same request can work from them instead of reading them again.
 */
function resultsByParent(ds: DataSource, parent: "memberId" | "kpiId") {
  const loaders = new Map<string, DataLoader<number, KpiResult[]>>();
  const unnarrowed: Map<number, Promise<KpiResult[]>>[] = [];
  const loaderFor = (narrowing: ResultNarrowing, slim = false): DataLoader<number, KpiResult[]> => {
    const key = `${JSON.stringify(narrowing)}${slim ? ":slim" : ""}`;
    let loader = loaders.get(key);
    if (!loader) {
      const cacheMap = new Map<number, Promise<KpiResult[]>>();
      if (!narrowing.kpiIds && !narrowing.memberIds && !narrowing.cycleIds) unnarrowed.push(cacheMap);
      loader = new DataLoader(
        async (parentIds) => {
          // Column names are the properties' here (kpi_result declares no other names).
          let where = `WHERE e.${parent} IN (${placeholders(parentIds.length)})`;
          const params: number[] = [...parentIds];
          for (const [column, ids] of [
            ["kpiId", narrowing.kpiIds],
            ["memberId", narrowing.memberIds],
            ["cycleId", narrowing.cycleIds],
          ] as const) {
            if (!ids) continue;
            where += ids.length ? ` AND e.${column} IN (${placeholders(ids.length)})` : " AND 1 = 0";
            params.push(...ids);
          }
          const rows = await leanSelect(
            ds,
            KpiResult,
            `${where} ORDER BY e.cycleId, e.memberId, e.kpiId`,
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
  const read = (parentId: number): Promise<KpiResult[]> | undefined => {
    for (const m of unnarrowed) {
      const p = m.get(parentId);
      if (p) return p;
    }
    return undefined;
  };
  return Object.assign(loaderFor, { read });
}

export const assessmentLoaders = {
  assessment: (d: LoaderDeps) => loaderById(d.ds, Assessment),
  assessmentsByCycle: (d: LoaderDeps) => loaderByParent(d.ds, Assessment, "cycleId", "memberId"),
  kpiResult: (d: LoaderDeps) => loaderById(d.ds, KpiResult),
  capacityNeed: (d: LoaderDeps) => loaderById(d.ds, CapacityNeed),
  peerReview: (d: LoaderDeps) => loaderById(d.ds, PeerReview),
  capacityNeedsByAssessment: (d: LoaderDeps) => loaderByParent(d.ds, CapacityNeed, "assessmentId", "outcomeId"),
  peerReviewsByAssessment: (d: LoaderDeps) => loaderByParent(d.ds, PeerReview, "assessmentId"),
  findingsByResult: (d: LoaderDeps) => loaderByParent(d.ds, ReviewFinding, "resultId"),
  reviewersByReview: (d: LoaderDeps) => loaderByParent(d.ds, PeerReviewAssignment, "reviewId", "reviewer"),
  resultsByMember: (d: LoaderDeps) => resultsByParent(d.ds, "memberId"),
  resultsByKpi: (d: LoaderDeps) => resultsByParent(d.ds, "kpiId"),
  historyByResult: (d: LoaderDeps) =>
    new DataLoader<number, KpiResultChangeRow[]>(async (ids) => {
      const rows = await d.ds
        .getRepository(KpiResultChangeRow)
        .find({ where: { resultId: In([...ids]) }, order: { version: "ASC", pk: "ASC" } });
      const groups = new Map<number, KpiResultChangeRow[]>(ids.map((id) => [id, []]));
      for (const r of rows) groups.get(r.resultId)!.push(r);
      return ids.map((id) => groups.get(id)!);
    }),
};
