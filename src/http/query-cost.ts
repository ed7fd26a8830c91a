import type { ApolloServerPlugin } from "@apollo/server";
import { DocumentNode, getNullableType, GraphQLError, GraphQLField, GraphQLSchema, isListType } from "graphql";
import { ComplexityEstimator, fieldExtensionsEstimator, getComplexity } from "graphql-query-complexity";
import { HeaderMap } from "@apollo/server";
import { LRUCache } from "lru-cache";
import { checkInputLimits } from "./limits";
import { MAX_REPRESENTATIONS } from "../federation/entities";

/**
 * What a query may cost before it runs (graphql-query-complexity): every field costs 1, and a list
 * multiplies what is asked of each item by how many items it can hold — its page size where it has one
 * (a type-graphql `complexity` on the field), else the expected length below, else DEFAULT_LIST_SIZE.
 */
export const DEFAULT_LIST_SIZE = 20;

const count = (codes: unknown, otherwise: number) => (Array.isArray(codes) ? codes.length : otherwise);

/**
 * Groups of Members a grouping can return (src/analytics/grouping.ts): the reference data has 183 Members,
 * 6 regions and fewer than 20 unions; attribute groupings add UNKNOWN. Groups named in `groups` are at most
 * those (unknown ones are refused, repeated ones counted once).
 */
const GROUPS: Record<string, number> = {
  WORLD: 1,
  REGION: 6,
  UNION: 20,
  MEMBER: 200,
  LANDLOCKED: 3,
  INCOME_GROUP: 5,
  ADMINISTRATION_TYPE: 3,
};
export const groupCount = (args: Record<string, unknown>): number => {
  const all = GROUPS[String(args.groupBy ?? "WORLD")] ?? GROUPS.MEMBER;
  return Array.isArray(args.groups) ? Math.min(args.groups.length, all) : all;
};

/** Expected lengths of lists without a page size, from the PMM's real shape (183 Members, 51 KPIs, ...). */
export const LIST_SIZES: Readonly<Record<string, number | ((args: Record<string, unknown>) => number)>> = {
  "Query.members": (a) => (a.union ? 30 : a.region ? 60 : 200),
  "Query.kpis": 60,
  "Query.dimensions": 4,
  "Query.regions": 6,
  "Query.unions": 20,
  "Query.instruments": 30,
  "Query.sdgGoals": 17,
  "Query.cycles": 10,
  "Query.frameworkVersions": 5,
  "Query.nodes": (a) => (Array.isArray(a.ids) ? a.ids.length : 100),
  // Federation: what is asked of each entity, once per representation sent.
  "Query._entities": (a) => (Array.isArray(a.representations) ? a.representations.length : MAX_REPRESENTATIONS),
  "Query.compareMembers": (a) => (Array.isArray(a.members) ? a.members.length : 50),
  // One series per KPI and group; one statistics row per group.
  "Query.kpiTrends": (a) => count(a.kpis, 51) * groupCount(a),
  "Query.resultStatistics": groupCount,
  "Query.laggingKpis": (a) => (typeof a.limit === "number" ? a.limit : 5),
  // The connection's page size is counted on Query.results; its edges are that page.
  "KpiResultConnection.edges": 1,
  "KpiResult.inputs": 3,
  "KpiResult.history": 20,
  "KpiResult.findings": 3,
  "Outcome.sdgTargets": 3,
  "Outcome.instruments": 3,
  "Kpi.sdgTargets": 3,
  "Kpi.instruments": 3,
  "Kpi.inputs": 2,
  "Member.unions": 2,
  "SdgGoal.targets": 5,
  "SdgTarget.kpis": 10,
  "SdgTarget.outcomes": 5,
  "Instrument.kpis": 10,
  "Instrument.outcomes": 5,
  "FrameworkVersion.dimensions": 4,
  "Dimension.outcomes": 6,
  "Outcome.kpis": 3,
  "Region.members": 60,
  "Union.members": 30,
  // Narrowed by their arguments: one result per KPI and cycle for a Member, per Member and cycle for a KPI.
  "Member.results": (a) => count(a.kpis, 51) * count(a.cycles, 3),
  "Kpi.results": (a) => count(a.members, 200) * count(a.cycles, 3),
  "Assessment.results": 60,
  "Cycle.assessments": 200,
  // One series per mapped KPI (at most 11 per SDG target, 20 per instrument in V1) and group.
  "SdgTarget.trends": (a) => 11 * groupCount(a),
  "Instrument.trends": (a) => 20 * groupCount(a),
  "TrendSeries.points": 10,
  "UnionView.results": 1500,
  "UnionView.members": 30,
  "Scorecard.kpis": 60,
  "Scorecard.outcomes": 25,
  "MemberComparison.results": 60,
};

export const listSizeEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection (`__schema`, `__type`, `__typename`) is free, as in the depth limit: its lists are the schema's
  // own, answered from memory, and graphql's MaxIntrospectionDepthRule bounds how deep it may nest. Priced like
  // data, the query GraphiQL sends to read the schema cost 329,449 (PMM_MAX_COST is 200,000).
  if (field.name.startsWith("__")) return 0;
  const nullable = getNullableType((field as GraphQLField<unknown, unknown>).type);
  const size = LIST_SIZES[`${type.name}.${field.name}`];
  if (!isListType(nullable) && size === undefined) return 1 + childComplexity;
  const n = typeof size === "function" ? size(args) : (size ?? DEFAULT_LIST_SIZE);
  return 1 + childComplexity * Math.max(1, n);
};

/** The estimated cost of one operation of a document with its variables (what PMM_MAX_COST bounds). */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): number {
  return getComplexity({
    schema,
    query: document,
    operationName,
    variables,
    estimators: [fieldExtensionsEstimator(), listSizeEstimator],
  });
}

export function queryCostPlugin(maxCost: number): ApolloServerPlugin {
  // The cost depends on the operation and its variables only: kept for the operations asked again and again
  // (a dashboard's), where working it out walked the whole document on every request. Large variables
  // (submissions) are not worth a key.
  const known = new LRUCache<string, number>({ max: 2_000 });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, queryHash }) {
          // Before anything walks the variables (JSON.stringify below, the estimate): they may be nested
          // deeper than the stack, or hold strings and lists far over what any argument takes.
          checkInputLimits(schema, document, request.variables);
          const vars = JSON.stringify(request.variables ?? {});
          const key = vars.length <= 2_048 ? `${queryHash}\n${request.operationName ?? ""}\n${vars}` : undefined;
          let cost = key === undefined ? undefined : known.get(key);
          if (cost === undefined) {
            try {
              cost = estimateCost(schema, document, request.variables ?? {}, request.operationName ?? undefined);
            } catch (err) {
              // Variables that do not fit their types: the client's mistake (400), not a server error.
              if (err instanceof GraphQLError) {
                throw new GraphQLError(err.message, {
                  extensions: { code: "BAD_USER_INPUT", http: { status: 400, headers: new HeaderMap() } },
                });
              }
              throw err;
            }
            if (key !== undefined) known.set(key, cost);
          }
          if (cost > maxCost) {
            throw new GraphQLError(
              `Query cost ${cost} is more than the limit of ${maxCost}: ask for fewer fields, smaller pages (first) or fewer items, or split the query`,
              {
                extensions: {
                  code: "QUERY_TOO_COMPLEX",
                  limit: "maxCost",
                  max: maxCost,
                  actual: cost,
                  http: { status: 400, headers: new HeaderMap() },
                },
              },
            );
          }
        },
      };
    },
  };
}
