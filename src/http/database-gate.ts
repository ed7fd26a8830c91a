import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import type { DatabaseHealth } from "../db/database-health";

import { UNAVAILABLE_MESSAGE } from "../common/format-error";

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
          return {
            http: { status: 503, headers: new HeaderMap([["retry-after", "5"]]) },
            body: { kind: "single", singleResult: { errors: [{ message: UNAVAILABLE_MESSAGE, extensions: { code: "SERVICE_UNAVAILABLE" } }] } },
          };
        },
        async didEncounterErrors(ctx) {
          let unavailable = false;
          for (const err of ctx.errors) unavailable = health.report(err.originalError ?? err) || unavailable;
          if (unavailable) {
            ctx.response.http.status = 503;
            ctx.response.http.headers.set("retry-after", "5");
          }
        },
      };
    },
  };
}
