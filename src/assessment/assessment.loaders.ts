import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { loaderById, loaderByParent } from "../common/loaders";
import { leanFind } from "../common/lean-find";
import { Assessment } from "./assessment.entity";
import { KpiResult, KpiResultChangeRow } from "./kpi-result.entity";
import { CapacityNeed } from "./capacity-need.entity";
import { PeerReview, PeerReviewAssignment, ReviewFinding } from "../review/peer-review.entity";

export interface ResultNarrowing {
  kpiIds?: number[];
  memberIds?: number[];
  cycleIds?: number[];
}

/**
 * Results of many parents (Members or KPIs) with the same narrowing, in one statement: one loader per
 * distinct narrowing per request, so `members { results(cycles: ...) }` stays a single query.
 */
function resultsByParent(ds: DataSource, parent: "memberId" | "kpiId") {
  const loaders = new Map<string, DataLoader<number, KpiResult[]>>();
  return (narrowing: ResultNarrowing): DataLoader<number, KpiResult[]> => {
    const key = JSON.stringify(narrowing);
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (parentIds) => {
        const rows = await leanFind(ds, KpiResult, (qb, e) => {
          qb = qb.where(`${e}.${parent} IN (:...parentIds)`, { parentIds: [...parentIds] });
          if (narrowing.kpiIds) qb = qb.andWhere(`${e}.kpiId IN (:...kpiIds)`, { kpiIds: narrowing.kpiIds });
          if (narrowing.memberIds) qb = qb.andWhere(`${e}.memberId IN (:...memberIds)`, { memberIds: narrowing.memberIds });
          if (narrowing.cycleIds) qb = qb.andWhere(`${e}.cycleId IN (:...cycleIds)`, { cycleIds: narrowing.cycleIds });
          return qb.orderBy(`${e}.cycleId`, "ASC").addOrderBy(`${e}.memberId`, "ASC").addOrderBy(`${e}.kpiId`, "ASC");
        });
        const groups = new Map<number, KpiResult[]>(parentIds.map((id) => [id, []]));
        for (const r of rows) groups.get(r[parent])!.push(r);
        return parentIds.map((id) => groups.get(id)!);
      });
      loaders.set(key, loader);
    }
    return loader;
  };
}

export function createAssessmentLoaders(ds: DataSource) {
  return {
    assessment: loaderById(ds, Assessment),
    assessmentsByCycle: loaderByParent(ds, Assessment, "cycleId", "memberId"),
    kpiResult: loaderById(ds, KpiResult),
    capacityNeed: loaderById(ds, CapacityNeed),
    peerReview: loaderById(ds, PeerReview),
    capacityNeedsByAssessment: loaderByParent(ds, CapacityNeed, "assessmentId", "outcomeId"),
    peerReviewsByAssessment: loaderByParent(ds, PeerReview, "assessmentId"),
    findingsByResult: loaderByParent(ds, ReviewFinding, "resultId"),
    reviewersByReview: loaderByParent(ds, PeerReviewAssignment, "reviewId", "reviewer"),
    resultsByMember: resultsByParent(ds, "memberId"),
    resultsByKpi: resultsByParent(ds, "kpiId"),
    historyByResult: new DataLoader<number, KpiResultChangeRow[]>(async (ids) => {
      const rows = await ds.getRepository(KpiResultChangeRow).find({ where: { resultId: In([...ids]) }, order: { version: "ASC", pk: "ASC" } });
      const groups = new Map<number, KpiResultChangeRow[]>(ids.map((id) => [id, []]));
      for (const r of rows) groups.get(r.resultId)!.push(r);
      return ids.map((id) => groups.get(id)!);
    }),
  };
}
