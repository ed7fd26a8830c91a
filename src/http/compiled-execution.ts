import { execute, getVariableValues, GraphQLError, GraphQLSchema, printSchema, valueFromASTUntyped } from "graphql";
import type { ExecutionResult, VariableDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from "@apollo/server-gateway-interface";

/**
 * How operations execute. Apollo Server parses, validates, runs the plugins (query cost, database gate,
 * cache control, request log) and formats errors as always; this decides only who executes the validated
 * document, through Apollo's executor hook (the `gateway` option, which hands Apollo a schema and an executor).
 *
 * - Requests with an Authorization header run an operation compiled by graphql-jit, once per distinct
 *   operation and kept in an LRU. On large lists (one KPI across every Member and cycle: 27,000 fields)
 *   graphql-js spent most of its time per field on argument coercion, resolve-info objects, null-prototype
 *   result objects and their garbage; the compiled operation calls the same resolvers (the same permission
 *   rules, which wrap them) without that. Their responses are never cacheable (always `no-store`), so they
 *   need none of Apollo's per-field cache hints.
 * - Anonymous requests keep graphql-js, on the schema Apollo instruments for per-field cache hints: their
 *   responses may be public and shared, and those hints decide it.
 *
 * The compiled operations use their own copy of the schema (`executionSchema`, built from the same code),
 * because Apollo wraps every field of the schema it serves once any request asks for cache hints, and a
 * compiled operation would otherwise call Apollo's wrapper on every field of every signed-in request.
 */
export interface CompiledExecutionOptions {
  /** The schema Apollo serves and validates against (and instruments for anonymous requests). */
  apiSchema: GraphQLSchema;
  /** The same schema built a second time: what compiled operations execute. */
  executionSchema: GraphQLSchema;
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

/**
 * graphql-jit's errors leave `extensions` undefined when the thrown error had none (a driver error, say);
 * Apollo's error enrichment then fails and answers a bare INTERNAL_SERVER_ERROR without calling formatError.
 * Made like graphql-js's located errors, a fault gets the same code, status and log line on both paths.
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  if (e.extensions) return e;
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError ?? e,
    extensions: (e.originalError as { extensions?: Record<string, unknown> } | undefined)?.extensions ?? {},
  });
}

export function compiledExecution(o: CompiledExecutionOptions): GatewayInterface {
  const compiled = new LRUCache<string, CompiledQuery | ExecutionResult>({ max: o.maxCompiled });
  const compile = (rc: GatewayGraphQLRequestContext): CompiledQuery | ExecutionResult => {
    const key = `${rc.queryHash}:${rc.operationName ?? ""}`;
    let c = compiled.get(key);
    if (!c) {
      c = compileQuery(o.executionSchema, rc.document, rc.operationName ?? undefined);
      compiled.set(key, c);
    }
    return c;
  };

  const executor: GatewayExecutor = async (rc) => {
    const variables = rc.request.variables ?? {};
    if (!rc.request.http?.headers.get("authorization")) {
      return execute({
        schema: o.apiSchema,
        document: rc.document,
        contextValue: rc.context,
        variableValues: variables,
        operationName: rc.operationName,
      });
    }
    // graphql-js's own coercion first: bad variables get exactly the errors (and, through Apollo, the
    // BAD_USER_INPUT code and HTTP 400) they get on every other path.
    const coerced = getVariableValues(o.executionSchema, rc.operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors };
    const c = compile(rc);
    if (!isCompiledQuery(c)) return c;
    const result = await c.query(
      undefined,
      rc.context,
      withDefaults(rc.operation.variableDefinitions ?? [], variables),
    );
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: o.apiSchema, coreSupergraphSdl: printSchema(o.apiSchema) });
      return () => undefined;
    },
    async load() {
      return { executor };
    },
    async stop() {
      compiled.clear();
    },
  };
}
