import { GraphQLError } from "graphql";
import { allow, and, deny, or, rule } from "graphql-shield";
import type { IRules } from "graphql-shield";
import type { Context } from "../context";
import type { KpiResult } from "../assessment/kpi-result.entity";
import { PROTECTED_FIELDS } from "../assessment/kpi-result.fields";
import { maySee, maySeeIdentities as maySeeMemberIdentities } from "./policy";
import { DisclosureLevel } from "./disclosure-level";
import { isNcpOrSecretariat, isReviewerOrSecretariat, isSecretariat, isSignedIn } from "./authorization";

/**
 * Every type and field of the schema, classified. The fallback denies: a field added to the schema is
 * hidden (FORBIDDEN) until it is classified here, and test/permissions.test.ts snapshots this map so that
 * every permission change is a reviewed diff.
 */

/**
 * The Secretariat sees every level of every Member (docs/disclosure.md). A rule of the request alone
 * (`contextual`), so the execution of signed-in queries builds one schema for viewers who see everything and one
 * for the others (`schemaPerOutcome` in shield-sync.ts): for the first, the rules below are true whatever the
 * row and the permission layer costs nothing per row; for the others, this sub-rule is dropped.
 */
export const seesEverything = rule("seesEverything", { cache: "contextual" })(
  (_parent: unknown, _args: unknown, ctx: Context) => ctx.scope.all === true,
);

/** The last wall for protected fields: the result's Member and level against the viewer (disclosure rule 1). */
export const maySeeResult = or(
  seesEverything,
  rule("maySeeResult", { cache: "no_cache" })((parent: KpiResult, _args: unknown, ctx: Context) =>
    maySee(ctx.scope, parent.memberId, parent.disclosure),
  ),
);

/** Capacity-building needs carry a Member and a level like results, and the same rule guards them. */
export const maySeeNeed = or(
  seesEverything,
  rule("maySeeNeed", { cache: "no_cache" })(
    (parent: { memberId: number; disclosure: DisclosureLevel }, _args: unknown, ctx: Context) =>
      maySee(ctx.scope, parent.memberId, parent.disclosure),
  ),
);

/**
 * User identities (who changed, reviewed, recorded) are for those who see the Member's COUNTRY level, whatever
 * the record's own level (disclosure rule 10). The parent carries the Member: a record that does not (a
 * resolver that forgot to set it) reads null, never the identity.
 */
export const maySeeIdentities = rule("maySeeIdentities", { cache: "no_cache" })(
  (parent: { memberId?: number }, _args: unknown, ctx: Context) =>
    typeof parent.memberId === "number" && maySeeMemberIdentities(ctx.scope, parent.memberId),
);

/** Fields derived from a result's value (scorecards, ranks): guarded by that result's Member and level. */
const maySeeDerived = (name: string, level: "disclosure" | "previousDisclosure") =>
  or(
    seesEverything,
    rule(name, { cache: "no_cache" })(
      (
        parent: { memberId: number } & Record<string, DisclosureLevel | null | number>,
        _args: unknown,
        ctx: Context,
      ) => {
        const l = parent[level] as DisclosureLevel | null;
        return l === null || maySee(ctx.scope, parent.memberId, l);
      },
    ),
  );
export const maySeeCurrentValue = maySeeDerived("maySeeCurrentValue", "disclosure");
export const maySeePreviousValue = maySeeDerived("maySeePreviousValue", "previousDisclosure");

/**
 * `_service { sdl }` publishes the whole schema, introspection or not: in production only the gateway may ask
 * (the server sets `mayReadSubgraphSdl` from PMM_FEDERATION_SECRET, see src/federation/service-access.ts).
 */
export const mayReadSubgraphSdl = rule("mayReadSubgraphSdl", { cache: "contextual" })(
  (_parent: unknown, _args: unknown, ctx: Context) => ctx.mayReadSubgraphSdl === true,
);

const secretariat = and(isSignedIn, isSecretariat);
const ncpOrSecretariat = and(isSignedIn, isNcpOrSecretariat);
const reviewerOrSecretariat = and(isSignedIn, isReviewerOrSecretariat);

/** The same rule for each field named (space-separated). */
const fieldsUnder = (guard: typeof allow | typeof secretariat) => (fields: string) =>
  Object.fromEntries(
    fields
      .split(/\s+/)
      .filter(Boolean)
      .map((f) => [f, guard]),
  );
const publicFields = fieldsUnder(allow);
const secretariatFields = fieldsUnder(secretariat);

/**
 * Protected fields of a result: withheld, they resolve to null rather than fail (disclosure rule 2). Declared
 * with the field itself (`access` in RESULT_FIELDS, src/assessment/kpi-result.fields.ts), so that a field and
 * its rule cannot be added apart; test/permissions.test.ts snapshots the resulting rules.
 */
export const PROTECTED_RESULT_FIELDS: readonly string[] = PROTECTED_FIELDS;
export const PROTECTED_NEED_FIELDS = ["category", "priority", "description", "updatedBy"] as const;

/**
 * Every field that names a user, by type (disclosure rule 10): guarded by `maySeeIdentities`, never by the
 * record's level. test/permissions.test.ts checks that every field of the schema that could name a user is
 * listed here (or is the viewer's own `subject`).
 */
export const IDENTITY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  KpiResult: ["updatedBy"],
  KpiResultChange: ["changedBy"],
  CapacityNeed: ["updatedBy"],
  PeerReview: ["reviewers"],
  ReviewFinding: ["reviewer"],
};
const identityRules = (type: string) => Object.fromEntries(IDENTITY_FIELDS[type].map((f) => [f, maySeeIdentities]));

/** Fields that read as null, not as an error, when their rule denies (disclosure rule 2: lists do not spam errors). */
const WITHHELD_AS_NULL: Record<string, readonly string[]> = {
  KpiResult: PROTECTED_RESULT_FIELDS,
  CapacityNeed: PROTECTED_NEED_FIELDS,
  PeerReview: IDENTITY_FIELDS.PeerReview,
  ReviewFinding: IDENTITY_FIELDS.ReviewFinding,
  KpiResultChange: IDENTITY_FIELDS.KpiResultChange,
  ScorecardKpi: ["score", "previousScore", "target", "targetMet", "progressToTarget"],
  MemberRank: ["rank", "percentile"],
};

export const permissions: IRules = {
  Query: {
    ...publicFields(`
    node nodes frameworkVersions framework dimensions dimension outcome kpis kpi sdgGoals sdgGoal sdgTarget
    instruments instrument members member regions region unions union cycles cycle assessment results
    resultStatistics viewer kpiTrends compareMembers memberRank unionView scorecard capacityNeedsSummary laggingKpis report`),
    // Drafts are the Secretariat's alone (disclosure rule 8): published releases are served by `report`.
    reportDraft: secretariat,
    // Federation: entities pass through their types' rules, as through `node`; the SDL only to the gateway.
    _entities: allow,
    _service: mayReadSubgraphSdl,
  },
  _Service: publicFields("sdl"),
  FrameworkVersion: publicFields("id code note active loadedAt dimensions"),
  Dimension: publicFields("id code name outcomes framework"),
  Outcome: publicFields("id code name provenance dimension kpis sdgTargets instruments"),
  Kpi: publicFields("id code name unit direction inputs provenance outcome sdgTargets instruments results scoring"),
  ScoringRule: publicFields("method worst best bands"),
  ScoreBand: publicFields("from score"),
  SdgGoal: publicFields("id number title fullTitle targets"),
  SdgTarget: publicFields("id code text goal kpis outcomes trends"),
  Instrument: publicFields("id code name kind outcomes kpis trends"),
  Region: publicFields("id code name members"),
  Member: publicFields("id code iso2 m49 name landlocked incomeGroup administrationType region unions results"),
  Union: publicFields("id code name members"),
  Cycle: publicFields("id code name opensOn referenceYear phase assessments participation"),
  Participation: publicFields("participants members byRegion"),
  RegionParticipation: publicFields("region members participants"),
  Assessment: publicFields(
    "id status defaultDisclosure version updatedAt submittedAt member cycle results capacityNeeds peerReview csvTemplate",
  ),
  Mutation: {
    createCycle: secretariat,
    openSelfAssessment: secretariat,
    closeSelfAssessment: secretariat,
    openPeerReview: secretariat,
    closeCycle: secretariat,
    assignPeerReviewers: secretariat,
    closePeerReview: secretariat,
    // Whose Member: checked in the services, against the object the mutation names.
    startAssessment: ncpOrSecretariat,
    setDefaultDisclosure: ncpOrSecretariat,
    submitResults: ncpOrSecretariat,
    uploadResultsCsv: ncpOrSecretariat,
    submitAssessment: ncpOrSecretariat,
    setCapacityNeeds: ncpOrSecretariat,
    requestPeerReview: ncpOrSecretariat,
    respondToFinding: ncpOrSecretariat,
    recordFinding: reviewerOrSecretariat,
    draftReport: secretariat,
    publishReport: secretariat,
    withdrawReport: secretariat,
  },
  KpiResult: {
    ...publicFields("id disclosure disclosureChosen version updatedAt kpi member cycle assessment withheld"),
    ...Object.fromEntries(PROTECTED_RESULT_FIELDS.map((f) => [f, maySeeResult])),
    ...identityRules("KpiResult"),
  },
  CapacityNeed: {
    ...publicFields("id disclosure updatedAt withheld outcome member assessment"),
    ...Object.fromEntries(PROTECTED_NEED_FIELDS.map((f) => [f, maySeeNeed])),
    ...identityRules("CapacityNeed"),
  },
  PeerReview: {
    ...publicFields("id status requestedAt closedAt version assessment member"),
    ...identityRules("PeerReview"),
  },
  // Reachable only through KpiResult.findings (guarded) and the payloads of authorised mutations; who wrote
  // one is an identity, guarded on its own.
  ReviewFinding: {
    ...publicFields("id status proposedValue comment response updatedAt version"),
    ...identityRules("ReviewFinding"),
  },
  ResultsPayload: publicFields("assessment results changed"),
  // Reachable only through protected fields of a result, which are guarded above.
  KpiInputValue: publicFields("name value"),
  KpiResultChange: { ...publicFields("version changedAt fields before after"), ...identityRules("KpiResultChange") },
  KpiResultConnection: publicFields("edges pageInfo totalCount"),
  KpiResultEdge: publicFields("cursor node"),
  PageInfo: publicFields("hasNextPage hasPreviousPage startCursor endCursor"),
  // Aggregates are computed over what the viewer may see (policy in the service); their fields are public.
  ResultStatistics: publicFields(
    "groupBy groupCode groupName kpi cycle results included withheld notUsed count mean min q1 median q3 max",
  ),
  Viewer: publicFields("role subject signedIn member reviews unions"),
  // Analytics: aggregates are computed over what the viewer may see (with withheld counts); fields derived
  // from one Member's value are guarded by that value's level.
  TrendSeries: publicFields("kpi groupBy groupCode groupName points"),
  TrendPoint: publicFields("cycle results included withheld notUsed mean median min max changeAbsolute changeRelative"),
  MemberComparison: publicFields("member results"),
  MemberRank: {
    ...publicFields("member kpi cycle groupBy groupCode of withheld"),
    rank: maySeeCurrentValue,
    percentile: maySeeCurrentValue,
  },
  UnionView: publicFields("union cycle members results statistics"),
  UnionKpiStatistics: publicFields("kpi union world regions"),
  Scorecard: publicFields("member cycle previousCycle kpis outcomes dimensions"),
  ScorecardKpi: {
    ...publicFields("kpi result previous"),
    score: maySeeCurrentValue,
    previousScore: maySeePreviousValue,
    target: and(maySeeCurrentValue, maySeePreviousValue),
    targetMet: and(maySeeCurrentValue, maySeePreviousValue),
    progressToTarget: and(maySeeCurrentValue, maySeePreviousValue),
  },
  ScorecardRollup: publicFields("code name score previousScore scored withheld"),
  CapacityNeedsSummary: publicFields("cycle included withheld groups"),
  NeedsCount: publicFields("key name count withheld"),
  KpiGap: publicFields("kpi groupScore worldScore gap groupIncluded worldIncluded"),
  // Published releases: group aggregates, disclosure-controlled, for everyone (rule 8).
  ReportRelease: publicFields(
    "id number status publishedAt note withdrawnAt withdrawalNote thresholds auditedViewers cycle tables files earlier",
  ),
  ReportTable: publicFields("name cells"),
  ReportCell: publicFields("id key table code groupBy group n mean q1 median q3 members status quantileStatus"),
  ReportThresholds: publicFields("minContributors minForQuantiles"),
  ReportFile: publicFields("name path mediaType"),
  // Drafts: the Secretariat's on every field too, not only at the entry points (the last wall).
  ReportDraft: secretariatFields(
    "id status startedAt finishedAt failure earlierReleases thresholds auditedViewers rounds cycle tables suppressions",
  ),
  ReportDraftTable: secretariatFields("name cells"),
  ReportDraftCell: secretariatFields(
    "id key table code groupBy group n mean q1 median q3 members status quantileStatus reasons",
  ),
  ReportSuppression: secretariatFields("cell figure status viewer rule reason"),
};

export const fallbackRule = deny;

/** Denied protected fields read as null; any other denial is FORBIDDEN. */
export function fallbackError(
  _thrown: unknown,
  _parent: unknown,
  _args: unknown,
  _ctx: unknown,
  info: { parentType: { name: string }; fieldName: string },
) {
  if (WITHHELD_AS_NULL[info.parentType.name]?.includes(info.fieldName)) return null;
  return new GraphQLError(`Not authorised to read ${info.parentType.name}.${info.fieldName}`, {
    extensions: { code: "FORBIDDEN" },
  });
}
