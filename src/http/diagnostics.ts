import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";
import { requestScope } from "../db/request-scope";

/** Adds `extensions.sqlStatements` to every response (tests and the benchmark count statements per request). */
export const sqlStatsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const scope = requestScope.getStore();
        if (scope && response.body.kind === "single") {
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            sqlStatements: scope.sqlStatements,
          };
        }
      },
    };
  },
};

/**
 * Holds every operation for `ms` before it executes, so a test can have a request in flight while it
 * signals the process. Only built from PMM_TEST_DELAY_MS, which loadConfig refuses unless NODE_ENV=test.
 */
export function testDelayPlugin(ms: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation() {
          await new Promise((resolve) => setTimeout(resolve, ms));
        },
      };
    },
  };
}
