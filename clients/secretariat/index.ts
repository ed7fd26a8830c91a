import { connect, type ClientOptions } from "../shared/request";
import {
  CycleParticipationDocument,
  DraftReportDocument,
  KpiTrendsDocument,
  PeerReviewQueueDocument,
  PublishReportDocument,
  ReportDraftDocument,
  WithdrawReportDocument,
  type CycleParticipationQuery,
  type DraftReportMutation,
  type PublishReportMutation,
  type PublishReportMutationVariables,
  type ReportDraftQuery,
  type ReportDraftQueryVariables,
  type WithdrawReportMutation,
  type WithdrawReportMutationVariables,
  type KpiTrendsQuery,
  type KpiTrendsQueryVariables,
  type PeerReviewQueueQuery,
  type PeerReviewQueueQueryVariables,
} from "./generated/graphql";

// Fragment documents stay internal: their variables are untyped, and only whole operations are sent.
export type * from "./generated/graphql";
export {
  CycleParticipationDocument,
  DraftReportDocument,
  KpiTrendsDocument,
  PeerReviewQueueDocument,
  PublishReportDocument,
  ReportDraftDocument,
  WithdrawReportDocument,
} from "./generated/graphql";
export * from "../shared/request";
export type * from "../shared/scalars";

/** The Secretariat's questions: trends across Members and cycles, participation, the review queue. */
export type TrendSeries = KpiTrendsQuery["kpiTrends"][number];
export type CycleParticipation = CycleParticipationQuery["cycles"][number];
export type ReviewQueue = NonNullable<PeerReviewQueueQuery["cycle"]>;
export type QueuedAssessment = ReviewQueue["assessments"][number];
export type ReportDraft = NonNullable<ReportDraftQuery["reportDraft"]>;
export type StartedDraft = DraftReportMutation["draftReport"];
export type PublishedRelease = PublishReportMutation["publishReport"];
export type WithdrawnRelease = WithdrawReportMutation["withdrawReport"];

export interface SecretariatClient {
  /** One series per KPI and group, oldest cycle first, each point over the values the viewer may see. */
  kpiTrends(variables: KpiTrendsQueryVariables): Promise<readonly TrendSeries[]>;
  /** Every cycle, oldest first, with how many Members took part in all and per WCO region. */
  participation(): Promise<readonly CycleParticipation[]>;
  /** A cycle's assessments with their status and peer review (null: none requested); null for an unknown cycle. */
  peerReviewQueue(variables: PeerReviewQueueQueryVariables): Promise<ReviewQueue | null>;
  /** Starts computing a draft of a CLOSED cycle's Report; answers at once (COMPUTING, or the one computing). */
  draftReport(cycle: string): Promise<StartedDraft>;
  /** The cycle's latest draft with its preview once READY; null when there is none. */
  reportDraft(variables: ReportDraftQueryVariables): Promise<ReportDraft | null>;
  /** Publishes a READY draft as the cycle's next release (a correction needs a note). */
  publishReport(variables: PublishReportMutationVariables): Promise<PublishedRelease>;
  /** Withdraws a release: its figures and files are no longer served. */
  withdrawReport(variables: WithdrawReportMutationVariables): Promise<WithdrawnRelease>;
}

export function createSecretariatClient(options: ClientOptions): SecretariatClient {
  const send = connect(options);
  return {
    kpiTrends: async (variables) => (await send(KpiTrendsDocument, variables)).kpiTrends,
    participation: async () => (await send(CycleParticipationDocument, {})).cycles,
    peerReviewQueue: async (variables) => (await send(PeerReviewQueueDocument, variables)).cycle,
    draftReport: async (cycle) => (await send(DraftReportDocument, { cycle })).draftReport,
    reportDraft: async (variables) => (await send(ReportDraftDocument, variables)).reportDraft ?? null,
    publishReport: async (variables) => (await send(PublishReportDocument, variables)).publishReport,
    withdrawReport: async (variables) => (await send(WithdrawReportDocument, variables)).withdrawReport,
  };
}
