import { createKeyv } from "@keyv/redis";
import { KeyvAdapter } from "@apollo/utils.keyvadapter";
import {
  ErrorsAreMissesCache,
  InMemoryLRUCache,
  KeyValueCache,
  KeyValueCacheSetOptions,
} from "@apollo/utils.keyvaluecache";
import { logger } from "../common/logger";

export interface SharedCache {
  cache: KeyValueCache<string>;
  kind: "memory" | "redis";
  close(): Promise<void>;
}

/**
 * The one cache behind automatic persisted queries and the response cache: in this process's memory,
 * or in Redis when `PMM_REDIS_URL` is set so that every instance behind the load balancer shares it.
 * Redis trouble degrades to cache misses, never to failed or slow requests: the offline queue is off
 * (commands fail at once instead of waiting for a reconnect), a connection attempt gives up after 1 s,
 * after an error the cache is bypassed for 5 s, and errors are logged at most every 30 s.
 */
export function createSharedCache(opts: { redisUrl?: string; prefix: string }): SharedCache {
  if (!opts.redisUrl) {
    return { cache: new InMemoryLRUCache<string>(), kind: "memory", close: async () => {} };
  }
  const keyv = createKeyv(
    {
      url: opts.redisUrl,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) },
    },
    { namespace: opts.prefix, throwOnConnectError: false, throwOnErrors: false, connectionTimeout: 1000 },
  );
  const log = logger.child({ component: "shared-cache" });
  const breaker = { openUntil: 0 };
  let lastLogged = 0;
  keyv.on("error", (err: unknown) => {
    breaker.openUntil = Date.now() + 5_000;
    if (Date.now() - lastLogged < 30_000) return;
    lastLogged = Date.now();
    log.warn({ err }, "Redis cache error: serving without the shared cache");
  });
  return {
    cache: new BypassWhileFailing(new ErrorsAreMissesCache(new KeyvAdapter<string>(keyv)), breaker),
    kind: "redis",
    close: async () => {
      try {
        await keyv.disconnect();
      } catch {
        /* already gone: nothing to flush */
      }
    },
  };
}

/** While Redis is failing, every request would otherwise wait on its own reconnect attempt. */
class BypassWhileFailing implements KeyValueCache<string> {
  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly breaker: { openUntil: number },
  ) {}

  private get bypass(): boolean {
    return Date.now() < this.breaker.openUntil;
  }
  async get(key: string): Promise<string | undefined> {
    return this.bypass ? undefined : this.inner.get(key);
  }
  async set(key: string, value: string, opts?: KeyValueCacheSetOptions): Promise<void> {
    if (!this.bypass) await this.inner.set(key, value, opts);
  }
  async delete(key: string): Promise<boolean | void> {
    return this.bypass ? false : this.inner.delete(key);
  }
}
