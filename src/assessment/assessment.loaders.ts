import DataLoader from "dataloader";
import { In } from "typeorm";
import type { LoaderDeps } from "../context";
import { loaderById, loaderByParent } from "../common/loaders";
import { Assessment } from "./assessment.entity";
import { KpiResult, KpiResultChangeRow } from "./kpi-result.entity";
import { CapacityNeed } from "./capacity-need.entity";
import { resultReads, type ResultReads } from "./result-reads";
import { PeerReview, PeerReviewAssignment, ReviewFinding } from "../review/peer-review.entity";

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
  results: (d: LoaderDeps): ResultReads => resultReads(d.ds),
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
