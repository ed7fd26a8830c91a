import { getNullableType, GraphQLError, GraphQLSchema, isListType, isObjectType } from "graphql";
import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { clip } from "../common/errors";
import { wrapResolver } from "../schema/wrapped-resolvers";

/**
 * What one query may do once it runs. The cost estimate (query-cost.ts) refuses what is priced too high
 * before anything runs, but a price is an expectation: this bounds the work itself, by the list items the
 * operation's resolvers return (every list field, its items counted when the list arrives). Once past the
 * budget, no further list resolver runs (each would start more work: SQL, statistics) and the answer is only
 * QUERY_TOO_COMPLEX with `extensions.limit: "executionBudget"`: a partial answer would be a truncated one.
 * Mutations are not cut short (their writes are done by then); their answers are small by construction.
 */
interface Budget {
  max: number;
  items: number;
}

/** Per request, keyed by its context object (the one every resolver receives): nothing global to reset. */
const budgets = new WeakMap<object, Budget>();

export function executionBudgetError(max: number, actual: number): GraphQLError {
  return new GraphQLError(
    `The query resolved more than ${max} list items, the limit of one operation: ask for fewer fields or items, or split the query`,
    {
      extensions: {
        code: "QUERY_TOO_COMPLEX",
        limit: "executionBudget",
        max,
        actual,
        http: { status: 400, headers: new HeaderMap() },
      },
    },
  );
}

/** The budget was spent: thrown by the list resolvers, then replaced by one error for the whole answer. */
class BudgetSpent extends Error {}

function charge(budget: Budget, value: unknown): unknown {
  if (Array.isArray(value)) {
    budget.items += value.length;
    if (budget.items > budget.max) throw new BudgetSpent();
  }
  return value;
}

const counted = new WeakSet<GraphQLSchema>();

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as Promise<unknown>)?.then === "function";

/**
 * Counts the items of every list field of the schema against the request's budget (a no-op for a request
 * without one). Applied once to each schema that executes: graphql-js's and graphql-jit's.
 */
export function countListItems(schema: GraphQLSchema): GraphQLSchema {
  // buildPmmSchema() is one instance per process: counted once, however many servers start in it.
  if (counted.has(schema)) return schema;
  counted.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type))) continue;
      wrapResolver(field, (inner) => (source, args, context, info) => {
        const budget = budgets.get(context as object);
        if (!budget) return inner(source, args, context, info);
        if (budget.items > budget.max) throw new BudgetSpent();
        const value = inner(source, args, context, info);
        return isPromise(value) ? value.then((v) => charge(budget, v)) : charge(budget, value);
      });
    }
  }
  return schema;
}

/**
 * A budget per query (see above), on Apollo's documented plugin hooks: set when the operation is known (before
 * either execution path runs), checked when the answer is about to leave. It also answers an operationName the
 * document does not define as 400 OPERATION_RESOLUTION_FAILURE (graphql-js would run the document's only
 * operation, or Apollo answer 500).
 */
export function executionBudgetPlugin<C extends object>(maxItems: number): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      let budget: Budget | undefined;
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) {
            const name = rc.request.operationName;
            throw new GraphQLError(
              name
                ? `Unknown operation named "${clip(name)}".`
                : "Must provide operation name if query contains several operations.",
              { extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400, headers: new HeaderMap() } } },
            );
          }
          if (rc.operation.operation !== "query") return;
          budget = { max: maxItems, items: 0 };
          budgets.set(rc.contextValue, budget);
        },
        async willSendResponse(rc) {
          if (!budget) return;
          budgets.delete(rc.contextValue);
          if (budget.items <= budget.max || rc.response.body.kind !== "single") return;
          const { message, extensions } = executionBudgetError(maxItems, budget.items);
          const { http: _http, ...shown } = extensions as Record<string, unknown>;
          rc.response.http.status = 400;
          rc.response.body.singleResult = { errors: [{ message, extensions: shown }] };
        },
      };
    },
  };
}
