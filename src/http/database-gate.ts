import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { isDatabaseBusy, type DatabaseHealth } from "../db/database-health";
import { UNAVAILABLE_MESSAGE } from "../common/format-error";

const NOT_MIGRATED_MESSAGE = "The service is not ready yet: its database migrations have not been applied. Retry shortly.";

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
            body: { kind: "single", singleResult: { errors: [{ message, extensions: { code: "SERVICE_UNAVAILABLE" } }] } },
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
