import { getNamedType } from "graphql";
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import { maybeCacheControlFromInfo } from "@apollo/cache-control-types";

/**
 * Types whose every field is public metadata (disclosure.md: the framework, Members, regions, unions,
 * cycles). Only fields returning these get a public maxAge; any other composite field (a KPI result,
 * the viewer, a Node of unknown kind) keeps Apollo's default maxAge 0, which makes the whole response
 * uncacheable. A new type is therefore private until someone adds it here on purpose.
 */
export const PUBLIC_TYPES = new Set([
  "FrameworkVersion",
  "Dimension",
  "Outcome",
  "Kpi",
  "SdgGoal",
  "SdgTarget",
  "Instrument",
  "Region",
  "Member",
  "Union",
  "Cycle",
]);

/** The viewer comes from the Authorization header alone, so requests without it all see the same data. */
export function isAnonymous(ctx: GraphQLRequestContext<BaseContext>): boolean {
  return !ctx.request.http?.headers.get("authorization");
}

/**
 * Gives fields that return public types a public maxAge, for anonymous requests only. Must come before
 * Apollo's cache-control plugin in the plugin list (Apollo calls `willResolveField` hooks in reverse
 * order), so that `info.cacheControl` is already set up here; resolvers may still narrow the hint
 * afterwards (e.g. `info.cacheControl.setCacheHint({ scope: "PRIVATE" })`).
 */
export function publicCacheHintsPlugin(maxAge: number): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart(requestContext) {
      if (!isAnonymous(requestContext)) return;
      return {
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              if (!PUBLIC_TYPES.has(getNamedType(info.returnType).name)) return;
              const hint = maybeCacheControlFromInfo(info)?.cacheHint;
              if (hint && hint.maxAge === undefined) hint.restrict({ maxAge, scope: "PUBLIC" });
            },
          };
        },
      };
    },
  };
}

/**
 * Whole responses to anonymous queries, in the shared cache for their maxAge. A request with an
 * Authorization header is never answered from it nor stored in it, whatever its cache hints say.
 */
export function sharedResponseCachePlugin(cache: KeyValueCache<string>): ApolloServerPlugin<BaseContext> {
  return responseCachePlugin({
    cache,
    sessionId: async () => null,
    shouldReadFromCache: async (ctx) => isAnonymous(ctx),
    shouldWriteToCache: async (ctx) => isAnonymous(ctx),
  });
}
