import { randomBytes } from "node:crypto";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";

/** A new generation: any value unlikely to have been used before. */
const fresh = () => randomBytes(12).toString("base64url");

/**
 * The generation of the public answers in the shared response cache: part of every cached answer's key, so that a
 * change to public data that cannot wait for the answers' max-age (a report release published or withdrawn) makes
 * every answer cached before it unreachable at once, on every instance sharing the cache (Redis), and they expire
 * by their TTL. The generation lives in the shared cache itself; if it is missing (never set, evicted from the
 * in-memory cache, Redis flushed) a new one is made, which also only ever hides older answers. Proxies and CDNs in
 * front keep what they hold for its max-age (`PMM_CACHE_MAX_AGE`): documented, not reachable from here.
 */
export class PublicAnswers {
  static readonly KEY = "public-answers:generation";

  constructor(private readonly cache: KeyValueCache<string>) {}

  async generation(): Promise<string> {
    const current = await this.cache.get(PublicAnswers.KEY);
    if (current) return current;
    const next = fresh();
    await this.cache.set(PublicAnswers.KEY, next);
    return next;
  }

  /** Hides every public answer cached so far. */
  async invalidate(): Promise<void> {
    await this.cache.set(PublicAnswers.KEY, fresh());
  }
}
