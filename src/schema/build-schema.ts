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
] as const;

let cached: GraphQLSchema | undefined;

/** The executable schema, built once per process from the decorated classes. */
export function buildPmmSchema(): GraphQLSchema {
  cached ??= buildSchemaSync({
    resolvers: [...resolvers],
    validate: { forbidUnknownValues: false },
  });
  return cached;
}

/** The SDL committed at schema/schema.graphql: sorted, so diffs show real changes only. */
export function printPmmSchema(): string {
  return printSchema(lexicographicSortSchema(buildPmmSchema())) + "\n";
}
