import "reflect-metadata";
import { GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { NodeResolver } from "../common/node.resolver";
import { FrameworkVersionResolver } from "../framework/framework-version.resolver";
import { DimensionResolver } from "../framework/dimension.resolver";
import { OutcomeResolver } from "../framework/outcome.resolver";
import { KpiResolver } from "../framework/kpi.resolver";
import { SdgGoalResolver, SdgTargetResolver } from "../framework/sdg.resolver";
import { InstrumentResolver } from "../framework/instrument.resolver";
import { MemberResolver } from "../members/member.resolver";
import { RegionResolver } from "../members/region.resolver";
import { UnionResolver } from "../members/union.resolver";
import { CycleResolver } from "../assessment/cycle.resolver";
import { AssessmentResolver } from "../assessment/assessment.resolver";
import { KpiResultResolver } from "../assessment/kpi-result.resolver";
import { ResultStatisticsResolver } from "../analytics/result-statistics.resolver";
import { ViewerResolver } from "../disclosure/viewer.resolver";
import { DataCollectionResolver } from "../assessment/data-collection.resolver";
import { CapacityNeedResolver } from "../assessment/capacity-need.resolver";
import { PeerReviewResolver, ReviewFindingResolver } from "../review/peer-review.resolver";
import { AnalyticsResolver } from "../analytics/analytics.resolver";
import { ReportDraftResolver, ReportReleaseResolver } from "../report/report.resolver";
import { applyRulesSync, schemaPerOutcome, type Assumptions } from "../disclosure/shield-sync";
import { carryResultRelations, resolveResultFields } from "../assessment/kpi-result.fields";
import { countListItems } from "../http/execution-budget";
import { fallbackError, fallbackRule, permissions, seesEverything } from "../disclosure/permissions";
import { toSubgraph, type Subgraph } from "../federation/subgraph";

export const resolvers = [
  NodeResolver,
  FrameworkVersionResolver,
  DimensionResolver,
  OutcomeResolver,
  KpiResolver,
  SdgGoalResolver,
  SdgTargetResolver,
  InstrumentResolver,
  MemberResolver,
  RegionResolver,
  UnionResolver,
  CycleResolver,
  AssessmentResolver,
  KpiResultResolver,
  ResultStatisticsResolver,
  ViewerResolver,
  DataCollectionResolver,
  CapacityNeedResolver,
  PeerReviewResolver,
  ReviewFindingResolver,
  AnalyticsResolver,
  ReportReleaseResolver,
  ReportDraftResolver,
] as const;

let cached: GraphQLSchema | undefined;
let cachedWithoutRules: GraphQLSchema | undefined;

/** The API as type-graphql builds it: what clients use, without federation's `_service` and `_entities`. */
export function buildTypeGraphqlSchema(): GraphQLSchema {
  return buildSchemaSync({ resolvers: [...resolvers], validate: { forbidUnknownValues: false } });
}

/**
 * How a schema is made from type-graphql's build. Every step after the build adds a resolver where the build
 * left none (KpiResult's RESULT_FIELDS) or wraps one (src/schema/wrapped-resolvers.ts); none replaces one
 * (test/unit/field-resolvers.test.ts). `built` is for that test: the build whose resolvers it follows.
 */
interface BuildOptions {
  /** For compiled execution: KpiResult's carried relations stay without resolver (carryResultRelations). */
  carried?: boolean;
  built?: GraphQLSchema;
}

/** The API as an Apollo Federation 2 subgraph (src/federation/subgraph.ts), before permissions. */
export function buildSubgraph(options: BuildOptions = {}): Subgraph {
  const subgraph = toSubgraph(options.built ?? buildTypeGraphqlSchema());
  resolveResultFields(subgraph.schema, { carried: options.carried });
  return subgraph;
}

/** The served schema (the subgraph) before permissions (for tests of the permission layer itself). */
export function buildBareSchema(options: BuildOptions = {}): GraphQLSchema {
  return buildSubgraph(options).schema;
}

/**
 * The executable schema, built once per process: every field guarded per src/disclosure/permissions.ts.
 * `withoutRules` exists for `npm run bench` alone (PMM_BENCH_WITHOUT_RULES, which src/config.ts refuses in
 * production): the same schema with applyRulesSync skipped, to measure what the permission layer costs.
 * The resolvers' own disclosure checks (disclosed(), the services' policy) still run.
 */
export function buildPmmSchema(options: { withoutRules?: boolean } = {}): GraphQLSchema {
  if (options.withoutRules) {
    cachedWithoutRules ??= buildGuardedSchema(options);
    return cachedWithoutRules;
  }
  cached ??= buildGuardedSchema();
  return cached;
}

/**
 * A new instance of the executable schema (src/http/compiled-execution.ts needs one Apollo never instruments);
 * with `assume`, specialised for the requests in which those contextual rules give those outcomes.
 */
export function buildGuardedSchema(
  options: BuildOptions & { withoutRules?: boolean; assume?: Assumptions } = {},
): GraphQLSchema {
  const schema = buildBareSchema(options);
  if (!options.withoutRules)
    applyRulesSync(schema, permissions, { fallbackRule, fallbackError, assume: options.assume });
  return schema;
}

/** One schema compiled operations run: results carry their relations, lists count against the budget. */
export function buildCompiledSchema(
  options: BuildOptions & { withoutRules?: boolean; assume?: Assumptions } = {},
): GraphQLSchema {
  return countListItems(carryResultRelations(buildGuardedSchema({ ...options, carried: true })));
}

/**
 * What compiled execution (src/http/compiled-execution.ts) runs, per request: the guarded schema specialised by
 * whether the viewer sees everything (`seesEverything`, permissions.ts): the Secretariat's protected fields keep
 * their resolvers untouched (no rule per row), every other viewer's run the rules without that sub-rule.
 */
export function buildExecutionSchemas(
  options: { withoutRules?: boolean } = {},
): (ctx: unknown) => GraphQLSchema | null {
  return schemaPerOutcome(seesEverything, (assume) => buildCompiledSchema({ ...options, assume }));
}

/**
 * The SDL committed at schema/schema.graphql: the API clients use, sorted, so diffs show real changes only.
 * Federation's own fields (`_service`, `_entities`) are for gateways and live in schema/subgraph.graphql.
 */
export function printPmmSchema(): string {
  return printSchema(lexicographicSortSchema(buildTypeGraphqlSchema())) + "\n";
}

/** The SDL committed at schema/subgraph.graphql: what `_service { sdl }` answers, what a supergraph composes. */
export function printSubgraphSchema(): string {
  return buildSubgraph().sdl.trimEnd() + "\n";
}
