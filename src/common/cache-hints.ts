import type { GraphQLResolveInfo } from "graphql";
import { maybeCacheControlFromInfo } from "@apollo/cache-control-types";

/** Marks the response private to its viewer (disclosure rule 6): shared caches must not keep it. */
export function markPrivate(info: GraphQLResolveInfo): void {
  maybeCacheControlFromInfo(info)?.setCacheHint({ scope: "PRIVATE" });
}
