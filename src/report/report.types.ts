import type { ScoringRule } from "../framework/framework-definition";

/**
 * What the disclosure-control engine of report releases takes and gives (docs/methods.md, section 12). Plain
 * data: the engine reads no database and knows no GraphQL, so the service that loads a cycle, the tests and the
 * benchmark all call it the same way.
 */

/** A result's disclosure level (docs/disclosure.md), as a string: the engine imports nothing of the API. */
export type Level = "PUBLIC" | "WCO" | "UNION" | "COUNTRY";

export interface ReportMember {
  code: string;
  region: string;
  /** null: unknown (the group UNKNOWN). */
  incomeGroup: string | null;
  landlocked: boolean | null;
}

export interface ReportUnion {
  code: string;
  members: string[];
}

export interface ReportKpi {
  code: string;
  outcome: string;
  dimension: string;
  /** null: not scored (NEUTRAL). */
  scoring: ScoringRule | null;
  instruments: string[];
  sdgTargets: string[];
}

export interface ReportResult {
  member: string;
  kpi: string;
  level: Level;
  notUsed: boolean;
  value: number | null;
  validatedValue?: number | null;
}

/** A capacity-building need: only its Member and outcome are read (priority and category are never counted). */
export interface ReportNeed {
  member: string;
  outcome: string;
}

/** A peer reviewer as assigned when the release is made. */
export interface ReportReviewer {
  reviewer: string;
  members: string[];
}

export interface Thresholds {
  /** Hidden contributions of a published mean: none or at least this many (refused below 3). */
  minContributors: number;
  /** The same for medians and quartiles (order statistics). */
  minForQuantiles: number;
}

export type ViewerKindName = "ANONYMOUS" | "BASIC" | "NCP" | "UNION_OFFICE" | "REGION_OFFICE" | "PEER_REVIEWER";

/**
 * A kind of viewer the release is audited for, by what it may see (docs/disclosure.md, rule 8): every viewer of
 * the kind sees exactly this.
 */
export interface ViewerKind {
  id: string;
  kind: ViewerKindName;
  signedIn: boolean;
  /** Members whose UNION-level results the viewer sees. */
  unionMembers: string[];
  /** Members whose COUNTRY-level results the viewer sees. */
  countryMembers: string[];
}

export type GroupBy = "WORLD" | "REGION" | "INCOME_GROUP" | "LANDLOCKED" | "OUTCOME";

/** The tables of a release, in the order they are listed and filed. */
export const TABLE_NAMES = [
  "KPI",
  "OUTCOME",
  "DIMENSION",
  "INSTRUMENT",
  "SDG_TARGET",
  "NEEDS",
  "PARTICIPATION",
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** SDMX confidentiality status (code list CL_CONF_STATUS): F free, C primary, D secondary suppression. */
export type ConfStatus = "F" | "C" | "D";

export interface ReportCell {
  /** `${table}:${subject}:${groupBy}:${group}`, stable between releases. */
  id: string;
  table: TableName;
  /** The KPI, outcome, dimension, instrument or SDG target; `NEEDS` and `PARTICIPATION` for those tables. */
  subject: string;
  groupBy: GroupBy;
  group: string;
  /** Contributors (only with a figure); NEEDS: the count of needs; PARTICIPATION: Members taking part. */
  n: number | null;
  mean: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  /** PARTICIPATION only: the Members of the group. */
  members?: number | null;
  /** Status of n and the mean (the sum they give). */
  status: ConfStatus;
  /** Status of the median and quartiles (KPI table only; the other tables publish none). */
  quantileStatus: ConfStatus | null;
}

/** One reason a cell lost a figure, for the Secretariat's preview. */
export interface Suppression {
  cell: string;
  /** MEAN: the mean and n; QUANTILES: the median and quartiles. */
  figure: "MEAN" | "QUANTILES";
  status: "C" | "D";
  viewer: string;
  rule: "PRIMARY" | "ADDITIVE_RESIDUAL" | "LINEAR_AUDIT";
  reason: string;
}

/**
 * The linear terms of a published sum (mean x n), for auditing later releases of the cycle against it. Kept with
 * the release for the Secretariat; never published. A term's key names the unknown: a value of record
 * (`member|kpi|v|value`), a score that is not linear in the value (`member|kpi|s|score`) or a not-used flag
 * (`member|kpi|u|flag`), so that a value changed by a correction is a new unknown. Coefficients are exact
 * fractions [numerator, denominator] as decimal strings.
 */
export interface AuditRow {
  cell: string;
  terms: [key: string, num: string, den: string][];
}

export interface PublishedRelease {
  /** The rows of its published cells (ReleaseResult.basis). */
  basis: AuditRow[];
}

export interface ReportInput {
  cycle: { code: string; phase: string };
  members: ReportMember[];
  unions: ReportUnion[];
  /** Members taking part in the cycle (public). */
  participants: string[];
  kpis: ReportKpi[];
  results: ReportResult[];
  needs: ReportNeed[];
  reviewers: ReportReviewer[];
  thresholds: Thresholds;
  earlier?: PublishedRelease[];
  /** Defaults to every kind of rule 8 (viewerKinds()). */
  viewers?: ViewerKind[];
}

export interface AuditReport {
  viewers: string[];
  /** Rounds of suppression and audit until the release passed. */
  rounds: number;
  suppressions: Suppression[];
  /** Per viewer kind of the last round: unknowns hidden from it and rank of what it knows about them. */
  checks: { viewer: string; unknowns: number; rank: number }[];
}

export interface ReleaseResult {
  cycle: string;
  thresholds: Thresholds;
  cells: ReportCell[];
  audit: AuditReport;
  /** Linear rows of the published sums, for auditing later releases (not published). */
  basis: AuditRow[];
}
