import { connect, type ClientOptions } from "../shared/request";
import {
  CompareMembersDocument,
  KpiFiguresDocument,
  ReportDocument,
  ResultsDocument,
  ScorecardDocument,
  type CompareMembersQuery,
  type CompareMembersQueryVariables,
  type KpiFiguresQuery,
  type KpiFiguresQueryVariables,
  type ReportQuery,
  type ReportQueryVariables,
  type ResultsQuery,
  type ResultsQueryVariables,
  type ScorecardQuery,
  type ScorecardQueryVariables,
} from "./generated/graphql";

// Fragment documents stay internal: their variables are untyped, and only whole operations are sent.
export type * from "./generated/graphql";
export {
  CompareMembersDocument,
  KpiFiguresDocument,
  ReportDocument,
  ResultsDocument,
  ScorecardDocument,
} from "./generated/graphql";
export * from "../shared/request";
export type * from "../shared/scalars";

/** Dashboards: a Member's scorecard, and exactly the KPIs and Members a page shows. */
export type Scorecard = ScorecardQuery["scorecard"];
export type MemberComparison = CompareMembersQuery["compareMembers"][number];
export type ResultsPage = ResultsQuery["results"];
export type ResultRow = ResultsPage["edges"][number]["node"];
export type ReportRelease = NonNullable<ReportQuery["report"]>;
export type ReportCell = NonNullable<ReportRelease["tables"]>[number]["cells"][number];
export type KpiFigures = KpiFiguresQuery;

export interface DashboardClient {
  /** Scores, targets and the roll-up to outcomes and dimensions, the previous cycle beside them. */
  scorecard(variables: ScorecardQueryVariables): Promise<Scorecard>;
  /** One entry per Member asked for, in that order, with its results for the KPIs and cycles asked for. */
  compareMembers(variables: CompareMembersQueryVariables): Promise<readonly MemberComparison[]>;
  /** One page; `first` defaults to 50 (at most 1,000), `after` is the previous page's `endCursor`. */
  results(variables: ResultsQueryVariables): Promise<ResultsPage>;
  /** A published release of the Report (the latest when `release` is omitted); null when there is none. */
  report(variables: ReportQueryVariables): Promise<ReportRelease | null>;
  /** One KPI's published world and region cells (latest release) beside the live statistics. */
  kpiFigures(variables: KpiFiguresQueryVariables): Promise<KpiFigures>;
}

export function createDashboardClient(options: ClientOptions): DashboardClient {
  const send = connect(options);
  return {
    scorecard: async (variables) => (await send(ScorecardDocument, variables)).scorecard,
    compareMembers: async (variables) => (await send(CompareMembersDocument, variables)).compareMembers,
    results: async (variables) => (await send(ResultsDocument, variables)).results,
    report: async (variables) => (await send(ReportDocument, variables)).report ?? null,
    kpiFigures: (variables) => send(KpiFiguresDocument, variables),
  };
}
