import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { isDatabaseBusy, type DatabaseHealth } from "../db/database-health";
import { UNAVAILABLE_MESSAGE } from "../common/format-error";

const NOT_MIGRATED_MESSAGE =
  "The service is not ready yet: its database migrations have not been applied. Retry shortly.";

/**
 * Database faults as clients should see them: HTTP 503 with `extensions.code` SERVICE_UNAVAILABLE
 * (formatError words the error), at once while the database is known to be unavailable. Listed after
 * the response cache, so responses it already holds are still served while the database is away.
 */
export function databaseGatePlugin(health: DatabaseHealth): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation() {
          if (health.available) return null;
          const message = health.state === "migrations pending" ? NOT_MIGRATED_MESSAGE : UNAVAILABLE_MESSAGE;
          return {
            http: { status: 503, headers: new HeaderMap([["retry-after", "5"]]) },
            body: {
              kind: "single",
              singleResult: { errors: [{ message, extensions: { code: "SERVICE_UNAVAILABLE" } }] },
            },
          };
        },
        async didEncounterErrors(ctx) {
          let unavailable = false;
          for (const err of ctx.errors) {
            const original = err.originalError ?? err;
            // Only a database that cannot be reached closes the gate; a full pool queue is this request's bad luck.
            unavailable = health.report(original) || isDatabaseBusy(original) || unavailable;
          }
          if (unavailable) {
            ctx.response.http.status = 503;
            ctx.response.http.headers.set("retry-after", "5");
          }
        },
      };
    },
  };
}

/**
 * The request context reads the database too (the viewer's Members and unions, a reviewer's assignments):
 * when that fails for want of a database, the client gets the same 503 as from the gate, not a 500.
 */
export function guardContext<T>(health: DatabaseHealth, build: () => Promise<T>): Promise<T> {
  return build().catch((err: unknown) => {
    if (err instanceof GraphQLError) throw err;
    health.report(err);
    const message = health.state === "migrations pending" ? NOT_MIGRATED_MESSAGE : UNAVAILABLE_MESSAGE;
    throw new GraphQLError(message, {
      extensions: {
        code: "SERVICE_UNAVAILABLE",
        http: { status: 503, headers: new HeaderMap([["retry-after", "5"]]) },
      },
    });
  });
}
