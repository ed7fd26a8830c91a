import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../context";
import { markPrivate } from "../common/cache-hints";
import { DisclosureLevel } from "./disclosure-level";
import { maySee, maySeeIdentities } from "./policy";

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

/**
 * The resolver layer's own check for a user identity on a record of Member `memberId` (the first wall; the
 * `maySeeIdentities` shield rule is the last): null unless the viewer may see the Member's COUNTRY level.
 * An identity is never public, so a response that carries one is private to its viewer.
 */
export function identity<T>(ctx: Context, memberId: number, info: GraphQLResolveInfo, value: T): T | null {
  if (!maySeeIdentities(ctx.scope, memberId)) return null;
  markPrivate(info);
  return value;
}
