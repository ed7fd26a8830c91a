import { createKeyv } from "@keyv/redis";
import { KeyvAdapter } from "@apollo/utils.keyvadapter";
import { ErrorsAreMissesCache, InMemoryLRUCache, KeyValueCache } from "@apollo/utils.keyvaluecache";
import { logger } from "../common/logger";

export interface SharedCache {
  cache: KeyValueCache<string>;
  kind: "memory" | "redis";
  close(): Promise<void>;
}

/**
 * The one cache behind automatic persisted queries and the response cache: in this process's memory,
 * or in Redis when `PMM_REDIS_URL` is set so that every instance behind the load balancer shares it.
 * Redis trouble degrades to cache misses, never to failed requests: the offline queue is off (commands
 * fail at once instead of waiting for a reconnect) and errors are logged, at most every 30 s.
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
    { namespace: opts.prefix, throwOnConnectError: false, throwOnErrors: false },
  );
  const log = logger.child({ component: "shared-cache" });
  let lastLogged = 0;
  keyv.on("error", (err: unknown) => {
    if (Date.now() - lastLogged < 30_000) return;
    lastLogged = Date.now();
    log.warn({ err }, "Redis cache error: serving without the shared cache");
  });
  return {
    cache: new ErrorsAreMissesCache(new KeyvAdapter<string>(keyv as never)),
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
