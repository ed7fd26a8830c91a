import { createSecretKey, KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { domainError } from "../common/errors";
import { ANONYMOUS, Viewer, ViewerRole } from "./viewer";
import type { ReferenceDirectory } from "./reference-directory";
import type { JwksKeys } from "./jwks";
import { GraphQLError } from "graphql";

const alpha3 = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 3166-1 alpha-3 code");
const roles = [
  ViewerRole.BASIC,
  ViewerRole.NCP,
  ViewerRole.PEER_REVIEWER,
  ViewerRole.REGIONAL_OFFICE,
  ViewerRole.SECRETARIAT,
] as const;

/** The claims of README, "Tokens"; each role must carry what it acts for. */
export const claimsSchema = z
  .object({
    sub: z.string().min(1).max(128),
    role: z.enum(roles),
    member: alpha3.optional(),
    reviews: z.array(alpha3).max(200).optional(),
    unions: z
      .array(z.string().regex(/^[A-Z0-9]{2,16}$/))
      .max(50)
      .optional(),
    exp: z.number().int(),
  })
  .superRefine((c, ctx) => {
    if (c.role === "NCP" && !c.member)
      ctx.addIssue({ code: "custom", path: ["member"], message: "an NCP token must name its Member" });
    if (c.role === "PEER_REVIEWER" && !c.reviews)
      ctx.addIssue({
        code: "custom",
        path: ["reviews"],
        message: "a peer reviewer token must list the Members it reviews",
      });
    if (c.role === "REGIONAL_OFFICE" && !c.unions?.length)
      ctx.addIssue({ code: "custom", path: ["unions"], message: "a regional office token must list its unions" });
  });
export type Claims = z.infer<typeof claimsSchema>;

const unauthenticated = (reason: string) =>
  domainError("UNAUTHENTICATED", `Invalid bearer token: ${reason}`, { http: { status: 401 } });

export interface TokenKeys {
  /**
   * HS256 secret (PMM_JWT_SECRET) as a key object made once: given a string, jsonwebtoken first tries it as
   * a public key on every verification (a thrown error each time). Null when only RS256 tokens are accepted.
   */
  secret: KeyObject | null;
  /** RS256 keys of the identity provider (PMM_JWKS_URL), when configured. */
  jwks?: JwksKeys;
}

/**
 * No Authorization header: anonymous. Anything else must be a valid token (HS256 with the secret, or RS256
 * with a key of the configured JWKS) for known Members and unions; otherwise UNAUTHENTICATED, never a silent
 * downgrade to anonymous. Each algorithm is checked only with its own key, so one cannot pass for the other.
 */
export async function viewerFromAuthorization(
  header: string | undefined,
  keys: TokenKeys,
  dir: ReferenceDirectory,
): Promise<Viewer> {
  if (header === undefined) return ANONYMOUS;
  const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(header);
  if (!match) throw unauthenticated("expected 'Authorization: Bearer <JWT>'");
  const cache = verifiedTokens(keys);
  const hit = cache.get(match[1]);
  if (hit && hit.expiresAt > Date.now()) return hit.viewer;
  // Shared by every request carrying this token: frozen, so no request can change another's viewer.
  const v = await verify(match, keys, dir);
  const viewer: Viewer = Object.freeze({
    ...v,
    reviews: Object.freeze([...v.reviews]),
    unions: Object.freeze([...v.unions]),
  });
  cache.set(match[1], { viewer, expiresAt: expiryOf(match[1]) });
  return viewer;
}

/**
 * Tokens verified in the last minute, by their exact text: a dashboard sends the same token with every
 * request, and verifying it (signature, claims, Members and unions) was a tenth of a small request's time.
 * A hit is only used before the token's own `exp`; an expired one is verified again (and refused), and a
 * token that failed is never kept. The minute bounds how long a key removed from the identity provider's
 * key set keeps working for tokens it already signed.
 */
const verified = new WeakMap<TokenKeys, LRUCache<string, { viewer: Viewer; expiresAt: number }>>();
function verifiedTokens(keys: TokenKeys): LRUCache<string, { viewer: Viewer; expiresAt: number }> {
  let c = verified.get(keys);
  if (!c) verified.set(keys, (c = new LRUCache({ max: 10_000, ttl: 60_000 })));
  return c;
}
function expiryOf(token: string): number {
  const exp = (jwt.decode(token) as { exp?: unknown } | null)?.exp;
  return typeof exp === "number" ? exp * 1000 : 0;
}

async function verify(match: RegExpExecArray, keys: TokenKeys, dir: ReferenceDirectory): Promise<Viewer> {
  const decoded = jwt.decode(match[1], { complete: true });
  const alg = decoded?.header.alg;
  let payload: unknown;
  try {
    if (alg === "RS256" && keys.jwks) {
      const key = await keys.jwks.key(decoded!.header.kid);
      if (!key) throw unauthenticated("the token's signing key is not in the identity provider's key set");
      payload = jwt.verify(match[1], key, { algorithms: ["RS256"] });
    } else if (keys.secret) {
      payload = jwt.verify(match[1], keys.secret, { algorithms: ["HS256"] });
    } else {
      throw unauthenticated("this server accepts RS256 tokens from its identity provider only");
    }
  } catch (err) {
    if (err instanceof GraphQLError) throw err;
    if (err instanceof jwt.TokenExpiredError) throw unauthenticated("the token has expired");
    if (err instanceof jwt.NotBeforeError) throw unauthenticated("the token is not valid yet");
    throw unauthenticated("the signature or format is not valid");
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw unauthenticated(parsed.error.issues.map((i) => `${i.path.join(".") || "claims"} ${i.message}`).join("; "));
  }
  const c = parsed.data;
  const unknownMembers = [c.member, ...(c.reviews ?? [])].filter((m): m is string => !!m && !dir.memberIdByCode.has(m));
  if (unknownMembers.length) throw unauthenticated(`unknown Member ${unknownMembers.join(", ")}`);
  const unknownUnions = (c.unions ?? []).filter((u) => !dir.unionMemberIds.has(u));
  if (unknownUnions.length) throw unauthenticated(`unknown union ${unknownUnions.join(", ")}`);
  // Only the claims the role acts on are kept: a BASIC token naming a Member gains nothing.
  return {
    role: c.role as ViewerRole,
    subject: c.sub,
    member: c.role === "NCP" ? c.member! : null,
    reviews: c.role === "PEER_REVIEWER" ? [...new Set(c.reviews)] : [],
    unions: c.role === "REGIONAL_OFFICE" ? [...new Set(c.unions)] : [],
  };
}

export function hs256Key(secret: string | null): KeyObject | null {
  return secret ? createSecretKey(Buffer.from(secret, "utf8")) : null;
}

export function signToken(claims: Omit<Claims, "exp">, secret: string, expiresInSeconds: number): string {
  return jwt.sign(claims, secret, { algorithm: "HS256", expiresIn: expiresInSeconds });
}
