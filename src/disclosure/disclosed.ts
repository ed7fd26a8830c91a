import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { markPrivate } from "../common/cache-hints";
import { DisclosureLevel } from "./disclosure-level";
import { maySee } from "./policy";

/**
 * The resolver layer's own check for a protected field (the first wall; the shield rule on the field in
 * permissions.ts is the last): null when withheld, and any non-public value makes the response private.
 */
export function disclosed<T>(
  ctx: Context,
  owner: { memberId: number; disclosure: DisclosureLevel },
  info: GraphQLResolveInfo,
  value: T,
): T | null {
  if (!maySee(ctx.scope, owner.memberId, owner.disclosure)) return null;
  if (owner.disclosure !== DisclosureLevel.PUBLIC) markPrivate(info);
  return value;
}
