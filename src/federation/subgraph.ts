import {
  concatAST,
  GraphQLSchema,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  lexicographicSortSchema,
  parse,
  printSchema,
  visit,
  type DirectiveNode,
  type GraphQLFieldResolver,
} from "graphql";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { createResolversMap } from "type-graphql";
import { ENTITY_KEYS, resolveEntities, resolveEntityType } from "./entities";

/**
 * Federation v2.3: this service uses `@key` alone, and every router and gateway of the last years reads v2.3
 * (composition 2.14 reads up to v2.14; v2.15 is refused by it).
 */
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])`;

const keyDirective = (fields: string): DirectiveNode => ({
  kind: Kind.DIRECTIVE,
  name: { kind: Kind.NAME, value: "key" },
  arguments: [
    { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "fields" }, value: { kind: Kind.STRING, value: fields } },
  ],
});

export interface Subgraph {
  /** Executable: type-graphql's resolvers, `_service` and `_entities`; no permission rules yet. */
  schema: GraphQLSchema;
  /** What `_service { sdl }` answers (committed as schema/subgraph.graphql). */
  sdl: string;
}

/**
 * The type-graphql schema as an Apollo Federation 2 subgraph, as in type-graphql's own federation example:
 * printed, given its entity keys (kept in entities.ts, one list, rather than on the classes) and the `@link`,
 * and handed to `buildSubgraphSchema` with type-graphql's resolvers. The fields' `extensions` (type-graphql's
 * `complexity`, read by the cost limit) do not survive SDL, so they are carried over. The permission rules
 * are applied to the result, not to the schema type-graphql built.
 */
export function toSubgraph(built: GraphQLSchema): Subgraph {
  // Sorted: type-graphql's order of types varies between builds, and the SDL is a committed artefact.
  const keyed = visit(parse(printSchema(lexicographicSortSchema(built))), {
    ObjectTypeDefinition(node) {
      const key = (ENTITY_KEYS as Record<string, string>)[node.name.value];
      return key ? { ...node, directives: [...(node.directives ?? []), keyDirective(key)] } : undefined;
    },
  });
  const missing = Object.keys(ENTITY_KEYS).filter((t) => !isObjectType(built.getType(t)));
  if (missing.length) throw new Error(`entity types not in the schema: ${missing.join(", ")}`);

  const resolvers = createResolversMap(built) as Record<string, Record<string, unknown>>;
  const schema = buildSubgraphSchema({
    typeDefs: concatAST([parse(FEDERATION_LINK), keyed]),
    resolvers: {
      ...resolvers,
      Query: { ...resolvers.Query, _entities: resolveEntities },
      _Entity: { __resolveType: resolveEntityType },
    } as never,
  });
  carryExtensions(built, schema);

  const service = schema.getQueryType()!.getFields()._service.resolve as GraphQLFieldResolver<unknown, unknown>;
  const { sdl } = service(undefined, {}, undefined, undefined as never) as { sdl: string };
  return { schema, sdl };
}

function carryExtensions(from: GraphQLSchema, to: GraphQLSchema): void {
  for (const [name, type] of Object.entries(from.getTypeMap())) {
    if (name.startsWith("__")) continue;
    const target = to.getType(name);
    if (!target) continue;
    if (Object.keys(type.extensions).length) Object.assign(target, { extensions: type.extensions });
    if (!(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) continue;
    if (!(isObjectType(target) || isInterfaceType(target) || isInputObjectType(target))) continue;
    const targetFields = target.getFields() as Record<
      string,
      { extensions: unknown; args?: { name: string; extensions: unknown }[] }
    >;
    for (const field of Object.values(type.getFields())) {
      const t = targetFields[field.name];
      if (!t) continue;
      if (Object.keys(field.extensions).length) t.extensions = field.extensions;
      const args = "args" in field ? field.args : [];
      for (const a of args) {
        const ta = t.args?.find((x) => x.name === a.name);
        if (ta && Object.keys(a.extensions).length) ta.extensions = a.extensions;
      }
    }
  }
}
