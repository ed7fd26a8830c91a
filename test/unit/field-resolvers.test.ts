import "reflect-metadata";
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import {
  buildCompiledSchema,
  buildGuardedSchema,
  buildBareSchema,
  buildTypeGraphqlSchema,
  resolvers,
} from "../../src/schema/build-schema";
import { getMetadataStorage } from "type-graphql";
import { innermostResolver } from "../../src/schema/wrapped-resolvers";
import { RESULT_FIELDS } from "../../src/assessment/kpi-result.fields";

/**
 * A field is declared where it runs: every resolver type-graphql builds from a decorated method is the one the
 * served schemas run (wrapped by the permission rules, the list budget, the carrying of a result's relations,
 * never replaced), and the only resolvers added after the build are those of KpiResult's RESULT_FIELDS, on
 * fields the build left without one. A step after the build that replaces a resolver, or a decorated method
 * that something else shadows, fails here, naming the field.
 */
type Resolver = GraphQLFieldResolver<unknown, unknown>;

function fieldsOf(schema: GraphQLSchema): Map<string, Resolver | undefined> {
  const fields = new Map<string, Resolver | undefined>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const f of Object.values(type.getFields())) fields.set(`${type.name}.${f.name}`, f.resolve as Resolver);
  }
  return fields;
}

const built = buildTypeGraphqlSchema();
const madeByBuild = fieldsOf(built);
const resultFields = new Set(Object.keys(RESULT_FIELDS).map((f) => `KpiResult.${f}`));
const carried = new Set(
  Object.entries(RESULT_FIELDS)
    .filter(([, f]) => "carried" in f && f.carried)
    .map(([name]) => `KpiResult.${name}`),
);

const served: [string, GraphQLSchema, { carried: boolean }][] = [
  ["the bare schema", buildBareSchema({ built }), { carried: false }],
  ["the guarded schema (graphql-js)", buildGuardedSchema({ built }), { carried: false }],
  ["the compiled schema (graphql-jit)", buildCompiledSchema({ built }), { carried: true }],
  ["the compiled schema without rules", buildCompiledSchema({ built, withoutRules: true }), { carried: true }],
];

describe("each field's resolver is the one declared for it", () => {
  it("KpiResult's RESULT_FIELDS are declared without a decorated method (nothing for the build to resolve)", () => {
    expect([...resultFields].filter((f) => !madeByBuild.has(f))).toEqual([]);
    expect([...resultFields].filter((f) => madeByBuild.get(f) !== undefined)).toEqual([]);
  });

  it.each(served)("%s runs every resolver the build made from a decorated method", (_name, schema) => {
    const runs = fieldsOf(schema);
    const replaced = [...madeByBuild]
      .filter(([, made]) => made !== undefined)
      .filter(([field, made]) => innermostResolver(runs.get(field)) !== made)
      .map(([field]) => field);
    expect(replaced).toEqual([]);
  });

  it.each(served)("%s adds resolvers only to RESULT_FIELDS", (_name, schema, options) => {
    const runs = fieldsOf(schema);
    const added = [...madeByBuild]
      .filter(([, made]) => made === undefined)
      .filter(([field]) => innermostResolver(runs.get(field)) !== defaultFieldResolver)
      .map(([field]) => field)
      .sort();
    const expected = [...resultFields].filter((f) => !(options.carried && carried.has(f))).sort();
    expect(added).toEqual(expected);
  });

  it("the schema refuses a field declared both in RESULT_FIELDS and by a decorated resolver", () => {
    const twice = buildTypeGraphqlSchema();
    const value = (
      twice.getType("KpiResult") as unknown as { getFields(): Record<string, { resolve?: Resolver }> }
    ).getFields().value;
    value.resolve = () => 1;
    expect(() => buildBareSchema({ built: twice })).toThrow("KpiResult.value is declared twice");
  });
});

/**
 * Adding a field to a type is a change in one place: the fields of each object type that are not columns are
 * resolved by one resolver class (queries and mutations may sit beside them). Lists the types whose fields are
 * spread over several classes.
 */
describe("each type's fields are resolved in one place", () => {
  it("one resolver class declares the field resolvers of a type", () => {
    const classesByType = new Map<string, Set<string>>();
    const served = new Set<unknown>(resolvers);
    for (const f of getMetadataStorage().fieldResolvers) {
      if (!served.has(f.target)) continue;
      const type = (f.getObjectType?.() as { name: string } | undefined)?.name;
      if (!type) continue;
      classesByType.set(type, (classesByType.get(type) ?? new Set()).add(f.target.name));
    }
    const split = [...classesByType]
      .filter(([, classes]) => classes.size > 1)
      .map(([type, classes]) => `${type}: ${[...classes].join(", ")}`);
    expect(split).toEqual([]);
  });
});
