import type { ApolloServerPlugin } from "@apollo/server";
import { getNullableType, GraphQLError, GraphQLField, isListType } from "graphql";
import { ComplexityEstimator, fieldExtensionsEstimator, getComplexity } from "graphql-query-complexity";
import { HeaderMap } from "@apollo/server";
import { LRUCache } from "lru-cache";
import { MAX_REPRESENTATIONS } from "../federation/entities";

/**
 * What a query may cost before it runs (graphql-query-complexity): every field costs 1, and a list
 * multiplies what is asked of each item by how many items it can hold — its page size where it has one
 * (a type-graphql `complexity` on the field), else the expected length below, else DEFAULT_LIST_SIZE.
 */
export const DEFAULT_LIST_SIZE = 20;

const count = (codes: unknown, otherwise: number) => (Array.isArray(codes) ? codes.length : otherwise);

/** Expected lengths of lists without a page size, from the PMM's real shape (183 Members, 51 KPIs, ...). */
const LIST_SIZES: Record<string, number | ((args: Record<string, unknown>) => number)> = {
  "Query.members": 200,
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
  "Query.kpiTrends": (a) =>
    (Array.isArray(a.kpis) ? a.kpis.length : 51) * (a.groupBy === "MEMBER" ? 200 : a.groupBy === "UNION" ? 20 : 8),
  "Query.resultStatistics": (a) => (a.groupBy === "MEMBER" ? 200 : 20),
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
  "SdgTarget.trends": 10,
  "Instrument.trends": 10,
  "TrendSeries.points": 10,
  "UnionView.results": 1500,
  "UnionView.members": 30,
  "Scorecard.kpis": 60,
  "Scorecard.outcomes": 25,
  "MemberComparison.results": 60,
};

export const listSizeEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const nullable = getNullableType((field as GraphQLField<unknown, unknown>).type);
  const size = LIST_SIZES[`${type.name}.${field.name}`];
  if (!isListType(nullable) && size === undefined) return 1 + childComplexity;
  const n = typeof size === "function" ? size(args) : (size ?? DEFAULT_LIST_SIZE);
  return 1 + childComplexity * Math.max(1, n);
};

export function queryCostPlugin(maxCost: number): ApolloServerPlugin {
  // The cost depends on the operation and its variables only: kept for the operations asked again and again
  // (a dashboard's), where working it out walked the whole document on every request. Large variables
  // (submissions) are not worth a key.
  const known = new LRUCache<string, number>({ max: 2_000 });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, queryHash }) {
          const vars = JSON.stringify(request.variables ?? {});
          const key = vars.length <= 2_048 ? `${queryHash}\n${request.operationName ?? ""}\n${vars}` : undefined;
          let cost = key === undefined ? undefined : known.get(key);
          if (cost === undefined) {
            try {
              cost = getComplexity({
                schema,
                query: document,
                operationName: request.operationName ?? undefined,
                variables: request.variables ?? {},
                estimators: [fieldExtensionsEstimator(), listSizeEstimator],
              });
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
