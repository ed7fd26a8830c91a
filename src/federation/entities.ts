import type { GraphQLFieldResolver } from "graphql";
import type { Context } from "../context";
import { badInput, notFound } from "../common/errors";
import { parseNodeId } from "../common/global-id";
import { membersService } from "../members/members.service";
import { cycleService } from "../assessment/cycle.service";
import { MAX_REPRESENTATIONS } from "../http/limits";

/**
 * The entity keys other services depend on (a contract: renaming one breaks every supergraph that joins on it).
 * Reference data by its human `code`; KPI results and the framework's structure by their opaque `id` (a
 * Dimension's, Outcome's or KPI's code is not unique once a second framework version reuses it).
 */
export const ENTITY_KEYS = {
  Member: "code",
  Region: "code",
  Union: "code",
  Cycle: "code",
  SdgTarget: "code",
  Instrument: "code",
  KpiResult: "id",
  Dimension: "id",
  Outcome: "id",
  Kpi: "id",
} as const;
export type EntityType = keyof typeof ENTITY_KEYS;

/**
 * Representations one `_entities` call may carry. A gateway sends one call per subgraph fetch, with every
 * entity of that fetch (say, the Members of a list from another service: 183 at most, or the KPI results of a
 * Member's page); more is a runaway plan or an attack. Each representation is also priced by the cost limit
 * (src/http/query-cost.ts), like the ids of `nodes`.
 */
export { MAX_REPRESENTATIONS };

type Found = object | null;

/**
 * Reference resolvers, each through the request's loaders: N representations of one type cost the statements
 * of one (Members, regions, unions: none, they are in memory; cycles: the shared snapshot; the rest one `IN (...)` statement per
 * type), whatever N.
 */
const byCode: Record<
  Exclude<EntityType, "KpiResult" | "Dimension" | "Outcome" | "Kpi">,
  (ctx: Context, code: string) => Found | Promise<Found>
> = {
  Member: (ctx, code) => membersService.members.byCode(ctx, code),
  Region: (ctx, code) => membersService.regions.byCode(ctx, code),
  Union: (ctx, code) => membersService.unions.byCode(ctx, code),
  Cycle: (ctx, code) => cycleService.byCode(ctx, code),
  SdgTarget: (ctx, code) => ctx.loaders.sdgTargetByCode.load(code),
  Instrument: (ctx, code) => ctx.loaders.instrumentByCode.load(code),
};

/** Which entity type each object answered by `_entities` is, for the `_Entity` union (no mutation of shared rows). */
const entityTypeOf = new WeakMap<object, EntityType>();

export function resolveEntityType(value: unknown): EntityType | undefined {
  return value && typeof value === "object" ? entityTypeOf.get(value) : undefined;
}

const isEntityType = (t: unknown): t is EntityType =>
  typeof t === "string" && Object.prototype.hasOwnProperty.call(ENTITY_KEYS, t);

function describe(rep: unknown): string {
  const s = JSON.stringify(rep) ?? String(rep);
  return s.length > 80 ? `${s.slice(0, 80)}...` : s;
}

/**
 * One representation: the entity, `null` with NOT_FOUND when its key names nothing, or BAD_USER_INPUT when it is
 * malformed (not an object, an unknown `__typename`, the key missing or not a string). Errors are returned, not
 * thrown: graphql answers that item null with the error at its path and the other items as usual.
 */
function resolveOne(ctx: Context, rep: unknown, index: number): Found | Error | Promise<Found | Error> {
  const at = { argument: "representations", index };
  if (!rep || typeof rep !== "object" || Array.isArray(rep)) {
    return badInput(`representation ${index} is not an object: ${describe(rep)}`, at);
  }
  const typename = (rep as { __typename?: unknown }).__typename;
  if (!isEntityType(typename)) {
    return badInput(
      `representation ${index} names no entity type of this service (${describe(typename)}); entities: ${Object.keys(ENTITY_KEYS).join(", ")}`,
      at,
    );
  }
  const keyField = ENTITY_KEYS[typename];
  const key = (rep as Record<string, unknown>)[keyField];
  if (typeof key !== "string" || key.length === 0 || key.length > 200) {
    return badInput(`representation ${index} (${typename}) needs its key '${keyField}' as a non-empty string`, at);
  }
  const missing = () => notFound(`No ${typename} with ${keyField} '${key.slice(0, 64)}'`, at);
  const found = (e: Found): Found | Error => {
    if (!e) return missing();
    entityTypeOf.set(e, typename);
    return e;
  };
  if (keyField === "code") {
    const e = byCode[typename as keyof typeof byCode](ctx, key);
    return e instanceof Promise ? e.then(found) : found(e);
  }
  // By opaque id: the same loaders as `node(id)`, and an id of another type names nothing here.
  const parsed = parseNodeId(key);
  if (!parsed || parsed.typename !== typename) return missing();
  return (ctx.loaders.nodes[typename].load(parsed.pk) as Promise<Found>).then(found);
}

/** `Query._entities`: every representation checked and answered on its own, under the same field rules as `node`. */
export const resolveEntities: GraphQLFieldResolver<unknown, Context, { representations: unknown[] }> = (
  _root,
  { representations },
  ctx,
) => {
  if (representations.length > MAX_REPRESENTATIONS) {
    throw badInput(
      `_entities takes at most ${MAX_REPRESENTATIONS} representations, got ${representations.length}: split the fetch`,
      { argument: "representations" },
    );
  }
  // One list, settled: what carries a result's Member and cycle (carryResultRelations) sees the results
  // themselves, as for `nodes`, not promises of them.
  return Promise.all(representations.map(async (rep, i) => resolveOne(ctx, rep, i)));
};
