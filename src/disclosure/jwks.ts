import { createPublicKey, KeyObject } from "node:crypto";
import { logger } from "../common/logger";

const REFRESH_MS = 10 * 60 * 1000;
/** An unknown key id triggers a refetch (the provider rotated its keys), at most this often. */
const MIN_REFETCH_MS = 30 * 1000;

/**
 * The RS256 public keys of the organisation's identity provider, from its JSON Web Key Set. Keys are
 * imported with Node's own JWK support and checked by the same JWT library as HS256 tokens.
 */
export class JwksKeys {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private inflight: Promise<void> | null = null;

  constructor(private readonly url: string) {}

  /** The signing key for a token's `kid` (or the only key when the token names none); null when unknown. */
  async key(kid: string | undefined): Promise<KeyObject | null> {
    const age = Date.now() - this.fetchedAt;
    const known = kid ? this.keys.has(kid) : this.keys.size === 1;
    if (age > REFRESH_MS || (!known && age > MIN_REFETCH_MS)) await this.refresh();
    if (kid) return this.keys.get(kid) ?? null;
    return this.keys.size === 1 ? [...this.keys.values()][0] : null;
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(3000), headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { keys?: Array<Record<string, string>> };
      const keys = new Map<string, KeyObject>();
      for (const jwk of body.keys ?? []) {
        if (jwk.kty !== "RSA" || (jwk.use && jwk.use !== "sig") || (jwk.alg && jwk.alg !== "RS256")) continue;
        keys.set(jwk.kid ?? "", createPublicKey({ key: jwk as never, format: "jwk" }));
      }
      this.keys = keys;
      this.fetchedAt = Date.now();
    } catch (err) {
      // Keep the keys we had: a provider outage must not sign everyone out at once.
      this.fetchedAt = Date.now() - REFRESH_MS + MIN_REFETCH_MS;
      logger.warn({ err: { message: (err as Error).message }, url: this.url }, "could not fetch the JSON Web Key Set");
    }
  }
}
