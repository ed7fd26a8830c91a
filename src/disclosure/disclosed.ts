import type { Context } from "../context";
import { DisclosureLevel } from "./disclosure-level";
import { maySee, maySeeIdentities } from "./policy";

/**
 * The resolver layer's own check for a protected field (the first wall; the shield rule on the field in
 * permissions.ts is the last): null when withheld. Caches need nothing from here: a response that may hold a
 * protected value is never shared (src/http/response-cache.ts: only anonymous responses made of public types are).
 */
export function disclosed<T>(
  ctx: Context,
  owner: { memberId: number; disclosure: DisclosureLevel },
  value: T,
): T | null {
  return maySee(ctx.scope, owner.memberId, owner.disclosure) ? value : null;
}

/**
 * The resolver layer's own check for a user identity on a record of Member `memberId` (the first wall; the
 * `maySeeIdentities` shield rule is the last): null unless the viewer may see the Member's COUNTRY level.
 */
export function identity<T>(ctx: Context, memberId: number, value: T): T | null {
  return maySeeIdentities(ctx.scope, memberId) ? value : null;
}
