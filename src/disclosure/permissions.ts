import { GraphQLError } from "graphql";
import { allow, deny, rule } from "graphql-shield";
import type { IRules } from "graphql-shield";
import type { Context } from "../context";
import type { KpiResult } from "../assessment/kpi-result.entity";
import { maySee } from "./policy";

/**
 * Every type and field of the schema, classified. The fallback denies: a field added to the schema is
 * hidden (FORBIDDEN) until it is classified here, and test/permissions.test.ts snapshots this map so that
 * every permission change is a reviewed diff.
 */

/** The last wall for protected fields: the result's Member and level against the viewer (disclosure rule 1). */
export const maySeeResult = rule("maySeeResult", { cache: "no_cache" })(
  (parent: KpiResult, _args: unknown, ctx: Context) => maySee(ctx.scope, parent.memberId, parent.disclosure),
);

const publicFields = (fields: string) => Object.fromEntries(fields.split(/\s+/).filter(Boolean).map((f) => [f, allow]));

/** Protected fields of a result: withheld, they resolve to null rather than fail (disclosure rule 2). */
export const PROTECTED_RESULT_FIELDS = ["value", "score", "inputs", "evidence", "notUsed", "notUsedReason", "updatedBy", "history"] as const;

export const permissions: IRules = {
  Query: publicFields(`
    node nodes frameworkVersions framework dimensions dimension outcome kpis kpi sdgGoals sdgGoal sdgTarget
    instruments instrument members member regions region unions union cycles cycle assessment results
    resultStatistics viewer`),
  FrameworkVersion: publicFields("id code note active loadedAt dimensions"),
  Dimension: publicFields("id code name outcomes framework"),
  Outcome: publicFields("id code name provenance dimension kpis sdgTargets instruments"),
  Kpi: publicFields("id code name unit direction inputs provenance outcome sdgTargets instruments results"),
  SdgGoal: publicFields("id number title fullTitle targets"),
  SdgTarget: publicFields("id code text goal kpis outcomes"),
  Instrument: publicFields("id code name kind outcomes kpis"),
  Region: publicFields("id code name members"),
  Member: publicFields("id code iso2 m49 name landlocked region unions results"),
  Union: publicFields("id code name members"),
  Cycle: publicFields("id code name opensOn referenceYear phase assessments"),
  Assessment: publicFields("id status defaultDisclosure version updatedAt member cycle results"),
  KpiResult: {
    ...publicFields("id disclosure version updatedAt kpi member cycle assessment withheld"),
    ...Object.fromEntries(PROTECTED_RESULT_FIELDS.map((f) => [f, maySeeResult])),
  },
  // Reachable only through protected fields of a result, which are guarded above.
  KpiInputValue: publicFields("name value"),
  KpiResultChange: publicFields("version changedAt changedBy fields before after"),
  KpiResultConnection: publicFields("edges pageInfo totalCount"),
  KpiResultEdge: publicFields("cursor node"),
  PageInfo: publicFields("hasNextPage hasPreviousPage startCursor endCursor"),
  // Aggregates are computed over what the viewer may see (policy in the service); their fields are public.
  ResultStatistics: publicFields("groupBy groupCode groupName kpi cycle results included withheld notUsed count mean min q1 median q3 max"),
  Viewer: publicFields("role subject signedIn member reviews unions"),
};

export const fallbackRule = deny;

/** Denied protected result fields read as null; any other denial is FORBIDDEN. */
export function fallbackError(_thrown: unknown, _parent: unknown, _args: unknown, _ctx: unknown, info: { parentType: { name: string }; fieldName: string }) {
  if (info.parentType.name === "KpiResult" && (PROTECTED_RESULT_FIELDS as readonly string[]).includes(info.fieldName)) return null;
  return new GraphQLError(`Not authorised to read ${info.parentType.name}.${info.fieldName}`, { extensions: { code: "FORBIDDEN" } });
}
