import { getNamedType } from "graphql";
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import { PublicAnswers } from "./public-answers";
import { maybeCacheControlFromInfo } from "@apollo/cache-control-types";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";

/**
 * The one cache-privacy mechanism of the server (disclosure rule 6: a private answer is never shared). Two
 * conditions, both decided here and nowhere else:
 * - the request is anonymous (`isAnonymous`: no Authorization header), and
 * - every field of the response returns a type of PUBLIC_TYPES (any other field keeps maxAge 0, which makes the
 *   whole response `no-store`).
 * Only such responses get `Cache-Control: public` and enter the shared response cache. Resolvers set no cache
 * hints: a protected value or an identity is never visible to an anonymous viewer, and every type that holds one
 * is outside PUBLIC_TYPES, so no resolver has anything to add.
 *
 * Types whose every field is public metadata (docs/disclosure.md: the framework, Members, regions, unions,
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
  // Published report releases (docs/report.md): drafts (ReportDraft...) are never public.
  "ReportRelease",
  "ReportTable",
  "ReportCell",
  "ReportThresholds",
  "ReportFile",
]);

/**
 * The viewer comes from the Authorization header alone (src/context.ts), so requests without it all see the same
 * data: the one test of "may this answer be shared", used by the plugins here and by compiled execution.
 */
export function isAnonymous(ctx: Pick<GraphQLRequestContext<BaseContext>, "request">): boolean {
  return !ctx.request.http?.headers.get("authorization");
}

/**
 * Gives fields that return public types a public maxAge, for anonymous requests only. Must come before
 * Apollo's cache-control plugin in the plugin list (Apollo calls `willResolveField` hooks in reverse
 * order), so that `info.cacheControl` is already set up here.
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
export function sharedResponseCachePlugin(
  cache: KeyValueCache<string>,
  answers: PublicAnswers = new PublicAnswers(cache),
): ApolloServerPlugin<BaseContext> {
  const plugin = responseCachePlugin({
    cache,
    sessionId: async () => null,
    // Answers cached before the last invalidation (a report release published or withdrawn) are not found again.
    extraCacheKeyData: () => answers.generation(),
    shouldReadFromCache: async (ctx) => isAnonymous(ctx),
    shouldWriteToCache: async (ctx) => isAnonymous(ctx),
  });
  // Signed-in requests skip the plugin altogether (it would only ask the two questions above and do nothing).
  return { ...plugin, requestDidStart: async (ctx) => (isAnonymous(ctx) ? plugin.requestDidStart?.(ctx) : undefined) };
}

/**
 * Apollo's cache-control plugin (default maxAge 0) for anonymous requests, whose responses may be public.
 * It works out a cache hint for every field resolved (objects and closures per field: a tenth of the time
 * of a large list); a request with an Authorization header never gets a cacheable response (always
 * `no-store`, never in the response cache), so it skips that work and is marked `no-store` directly: for it,
 * `maybeCacheControlFromInfo(info)` is undefined.
 */
export function cacheControlPlugin(): ApolloServerPlugin<BaseContext> {
  const apollo = ApolloServerPluginCacheControl({ defaultMaxAge: 0 });
  return {
    // Keeps Apollo's internal plugin id (`__internal_plugin_id__: "CacheControl"`), so that Apollo does not install
    // its default cache-control plugin beside this one (it would compute hints for signed-in requests too).
    // test/unit/library-internals.test.ts fails if an upgrade stops honouring it.
    ...apollo,
    async requestDidStart(requestContext) {
      if (isAnonymous(requestContext)) return apollo.requestDidStart?.(requestContext);
      return {
        async willSendResponse({ response }) {
          response.http.headers.set("cache-control", "no-store");
        },
      };
    },
  };
}
