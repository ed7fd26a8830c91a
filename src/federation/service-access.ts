import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** The header a gateway presents PMM_FEDERATION_SECRET in, to read `_service { sdl }` in production. */
export const FEDERATION_SECRET_HEADER = "x-pmm-federation-secret";

/**
 * Who may read `_service { sdl }`: everyone outside production (as introspection); in production only a caller
 * presenting the configured secret, and nobody when none is configured. Compared in constant time (of hashes,
 * so that the length of the secret does not show either).
 */
export function subgraphSdlAccess(opts: {
  production: boolean;
  secret?: string;
}): (headers: IncomingHttpHeaders) => boolean {
  if (!opts.production) return () => true;
  if (!opts.secret) return () => false;
  const expected = createHash("sha256").update(opts.secret).digest();
  return (headers) => {
    const given = headers[FEDERATION_SECRET_HEADER];
    if (typeof given !== "string" || given.length === 0) return false;
    return timingSafeEqual(createHash("sha256").update(given).digest(), expected);
  };
}
