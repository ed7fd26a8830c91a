import { connect, type ClientOptions } from "../shared/request";
import {
  UnionStatisticsDocument,
  UnionViewDocument,
  type UnionStatisticsQuery,
  type UnionStatisticsQueryVariables,
  type UnionViewQuery,
  type UnionViewQueryVariables,
} from "./generated/graphql";

// Fragment documents stay internal: their variables are untyped, and only whole operations are sent.
export type * from "./generated/graphql";
export { UnionStatisticsDocument, UnionViewDocument } from "./generated/graphql";
export * from "../shared/request";
export type * from "../shared/scalars";

/** What a regional (union) office looks at. */
export type UnionView = UnionViewQuery["unionView"];
export type UnionResult = UnionView["results"][number];
export type UnionStatistics = UnionStatisticsQuery["resultStatistics"][number];

export interface RegionalClient {
  /** The union's Members' results at the levels this office may see, and union, world and region statistics. */
  unionView(variables: UnionViewQueryVariables): Promise<UnionView>;
  /** One KPI in one cycle, one row per union (all unions when `unions` is not given). */
  unionStatistics(variables: UnionStatisticsQueryVariables): Promise<readonly UnionStatistics[]>;
}

export function createRegionalClient(options: ClientOptions): RegionalClient {
  const send = connect(options);
  return {
    unionView: async (variables) => (await send(UnionViewDocument, variables)).unionView,
    unionStatistics: async (variables) => (await send(UnionStatisticsDocument, variables)).resultStatistics,
  };
}
