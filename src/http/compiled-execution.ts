import { getVariableValues, GraphQLSchema, valueFromASTUntyped } from "graphql";
import type { DocumentNode, ExecutionResult, OperationDefinitionNode, VariableDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";
import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { isAnonymous } from "./response-cache";

/**
 * How signed-in queries execute, on Apollo Server's documented `responseForOperation` plugin hook (the one
 * response caches use: "if it returns a response, that is used instead of executing"). Apollo parses,
 * validates and runs the other plugins (query cost, database gate, request log) as always.
 *
 * - Queries with an Authorization header run an operation compiled by graphql-jit, once per distinct
 *   operation and kept in an LRU. On large lists (one KPI across every Member and cycle: 27,000 fields)
 *   graphql-js spent most of its time per field on argument coercion, resolve-info objects, null-prototype
 *   result objects and their garbage; the compiled operation calls the same resolvers (the same permission
 *   rules, which wrap them) without that. Their responses are never cacheable (always `no-store`), so they
 *   need none of Apollo's per-field cache hints.
 * - Everything else runs in graphql-js as Apollo executes it: anonymous requests (their responses may be
 *   public, and Apollo's per-field cache hints decide it), mutations, and every query the compiled operation
 *   answered with an error. A query with an error is read-only, so running it again is safe, and its errors
 *   are then graphql-js's own through Apollo's own pipeline (codes, HTTP status, formatError, the log): the two
 *   paths cannot differ on faults, because the compiled one never answers one. Errors are rare on signed-in
 *   dashboards, so the second run costs little.
 *
 * The compiled operations use their own copy of the schema (`executionSchema`, built from the same code),
 * because Apollo wraps every field of the schema it serves once any request asks for cache hints, and a
 * compiled operation would otherwise call Apollo's wrapper on every field of every signed-in request.
 */
export interface CompiledExecutionOptions {
  /**
   * The same schema as Apollo serves, built a second time: what compiled operations execute. Or, per request,
   * one of several such schemas, each answering as Apollo's would for that request (the permission rules
   * specialised by the viewer: src/disclosure/shield-sync.ts, `schemaPerOutcome`); null lets graphql-js answer.
   */
  executionSchema: GraphQLSchema | ((context: unknown) => GraphQLSchema | null);
  /** Distinct operations kept compiled (least recently used ones are dropped). */
  maxCompiled: number;
}

/**
 * The variables as sent, plus the defaults of those not sent, as a client would have written them:
 * graphql-jit 0.8 refuses a non-null variable with a default when it is left out, which graphql-js (and the
 * spec) accept.
 */
function withDefaults(
  definitions: readonly VariableDefinitionNode[],
  variables: Record<string, unknown>,
): Record<string, unknown> {
  let out = variables;
  for (const d of definitions) {
    const name = d.variable.name.value;
    if (d.defaultValue && !(name in variables)) {
      if (out === variables) out = { ...variables };
      out[name] = valueFromASTUntyped(d.defaultValue);
    }
  }
  return out;
}

export interface CompiledRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName?: string | null;
  /** Identifies the document (Apollo's queryHash): the key of the compiled operation. */
  queryHash?: string;
  variables?: Record<string, unknown>;
  context: unknown;
}

/**
 * The one entry point: the compiled operation's answer, or null when graphql-js must answer instead (not a
 * query, variables graphql-js refuses, a document graphql-jit cannot compile, or any error in the result).
 */
export function compiledExecutor(o: CompiledExecutionOptions) {
  const compiled = new LRUCache<string, CompiledQuery | ExecutionResult>({ max: o.maxCompiled });
  // Each schema's compiled operations apart: a number per schema in the key.
  const schemaIds = new Map<GraphQLSchema, number>();
  const schemaFor = typeof o.executionSchema === "function" ? o.executionSchema : () => o.executionSchema;
  const run = async (rc: CompiledRequest): Promise<ExecutionResult | null> => {
    if (rc.operation.operation !== "query" || !rc.queryHash) return null;
    const schema = (schemaFor as (context: unknown) => GraphQLSchema | null)(rc.context);
    if (!schema) return null;
    const variables = rc.variables ?? {};
    const definitions = rc.operation.variableDefinitions ?? [];
    if (getVariableValues(schema, definitions, variables).errors) return null;
    let schemaId = schemaIds.get(schema);
    if (schemaId === undefined) schemaIds.set(schema, (schemaId = schemaIds.size));
    const key = `${schemaId}:${rc.queryHash}:${rc.operationName ?? ""}`;
    let c = compiled.get(key);
    if (!c) {
      c = compileQuery(schema, rc.document, rc.operationName ?? undefined);
      compiled.set(key, c);
    }
    if (!isCompiledQuery(c)) return null;
    const result = await c.query(undefined, rc.context, withDefaults(definitions, variables));
    return result.errors?.length ? null : result;
  };
  return Object.assign(run, { clear: () => compiled.clear() });
}

/** Compiled execution as an Apollo Server plugin: list it after every plugin that may answer first (the gate). */
export function compiledExecutionPlugin<C extends object>(o: CompiledExecutionOptions): ApolloServerPlugin<C> {
  const execute = compiledExecutor(o);
  return {
    async requestDidStart(start) {
      if (isAnonymous(start)) return;
      return {
        async responseForOperation(rc) {
          const result = await execute({
            document: rc.document,
            operation: rc.operation,
            operationName: rc.operationName,
            queryHash: rc.queryHash,
            variables: rc.request.variables,
            context: rc.contextValue,
          });
          if (!result) return null;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: "single", singleResult: { data: result.data } },
          };
        },
      };
    },
    async serverWillStart() {
      return {
        async serverWillStop() {
          execute.clear();
        },
      };
    },
  };
}
