import { connect, type ClientOptions } from "../shared/request";
import {
  CycleParticipationDocument,
  KpiTrendsDocument,
  PeerReviewQueueDocument,
  type CycleParticipationQuery,
  type KpiTrendsQuery,
  type KpiTrendsQueryVariables,
  type PeerReviewQueueQuery,
  type PeerReviewQueueQueryVariables,
} from "./generated/graphql";

// Fragment documents stay internal: their variables are untyped, and only whole operations are sent.
export type * from "./generated/graphql";
export { CycleParticipationDocument, KpiTrendsDocument, PeerReviewQueueDocument } from "./generated/graphql";
export * from "../shared/request";
export type * from "../shared/scalars";

/** The Secretariat's questions: trends across Members and cycles, participation, the review queue. */
export type TrendSeries = KpiTrendsQuery["kpiTrends"][number];
export type CycleParticipation = CycleParticipationQuery["cycles"][number];
export type ReviewQueue = NonNullable<PeerReviewQueueQuery["cycle"]>;
export type QueuedAssessment = ReviewQueue["assessments"][number];

export interface SecretariatClient {
  /** One series per KPI and group, oldest cycle first, each point over the values the viewer may see. */
  kpiTrends(variables: KpiTrendsQueryVariables): Promise<readonly TrendSeries[]>;
  /** Every cycle, oldest first, with how many Members took part in all and per WCO region. */
  participation(): Promise<readonly CycleParticipation[]>;
  /** A cycle's assessments with their status and peer review (null: none requested); null for an unknown cycle. */
  peerReviewQueue(variables: PeerReviewQueueQueryVariables): Promise<ReviewQueue | null>;
}

export function createSecretariatClient(options: ClientOptions): SecretariatClient {
  const send = connect(options);
  return {
    kpiTrends: async (variables) => (await send(KpiTrendsDocument, variables)).kpiTrends,
    participation: async () => (await send(CycleParticipationDocument, {})).cycles,
    peerReviewQueue: async (variables) => (await send(PeerReviewQueueDocument, variables)).cycle,
  };
}
