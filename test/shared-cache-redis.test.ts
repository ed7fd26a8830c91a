import { createHash } from "node:crypto";
import { createClient } from "@keyv/redis";
import { get, OwnServer, post, startOwnServer, waitUntil } from "./support/own-server";
import { token } from "./support/tokens";
import { freePort } from "./support/server-process";
import { serviceUrl } from "./support/requires";

const REDIS = serviceUrl("redis");
const bearer = (sub: string) => ({ authorization: `Bearer ${token({ sub, role: "SECRETARIAT" })}` });

/** Two instances behind one load balancer: same database, same Redis, a key prefix of this run's own. */
(REDIS ? describe : describe.skip)(
  `two instances sharing Redis${REDIS ? "" : " (skipped: set PMM_TEST_REDIS_URL=redis://127.0.0.1:6379 to run)"}`,
  () => {
    const prefix = `pmm_test_${process.pid}_${Date.now().toString(36)}`;
    const redis = createClient({ url: REDIS });
    let a: OwnServer;
    let b: OwnServer;
    const keys = async () => (await redis.keys(`${prefix}*`)).sort();

    beforeAll(async () => {
      await redis.connect();
      const env = { PMM_REDIS_URL: REDIS!, PMM_REDIS_PREFIX: prefix, PMM_CACHE_MAX_AGE: "60" };
      a = await startOwnServer("redis-a", env);
      b = await startOwnServer("redis-b", env, { db: a.db });
    });
    afterAll(async () => {
      expect(await b?.server.stop()).toBe(0);
      expect(await a?.close()).toBe(0);
      const left = await keys();
      if (left.length) await redis.del(left);
      await redis.quit();
    });

    it("serves a public response cached by one instance from the other", async () => {
      const query = "{ sdgGoals { number title } }";
      const before = (await keys()).length;
      const fromA = await get(a.baseUrl, { query });
      expect(fromA.headers.get("age")).toBeNull();
      // The response cache writes after answering, without holding the response: wait for the write.
      await waitUntil("A's response is in Redis", async () => (await keys()).length > before);
      const fromB = await get(b.baseUrl, { query });
      expect(fromB.headers.get("age")).not.toBeNull();
      expect(fromB.json).toEqual(fromA.json);
    });

    it("knows a persisted query registered on the other instance", async () => {
      const query = 'query France { member(code: "FRA") { name } }';
      const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
      await post(a.baseUrl, { query, extensions: { persistedQuery } });
      const byHash = await get(b.baseUrl, { extensions: JSON.stringify({ persistedQuery }) });
      expect(byHash.json.data).toEqual({ member: { name: "France" } });
    });

    it("never stores a response to a viewer, nor serves a stored response to one", async () => {
      const before = await keys();
      const privateQuery = "query Mine { instruments { code name } }";
      const mine = await post(a.baseUrl, { query: privateQuery }, bearer("viewer-x"));
      expect(mine.json.data.instruments.length).toBeGreaterThan(0);
      expect(mine.headers.get("cache-control")).toBe("no-store");
      expect(await keys()).toEqual(before); // nothing was written for viewer-x
      // Another viewer and an anonymous client, on the other instance, get fresh responses.
      expect((await post(b.baseUrl, { query: privateQuery }, bearer("viewer-y"))).headers.get("age")).toBeNull();
      expect((await get(b.baseUrl, { query: privateQuery })).headers.get("age")).toBeNull();
      await waitUntil("B's anonymous response is in Redis", async () => (await keys()).length > before.length);
      // Once an anonymous response is shared, a viewer's request still does not read it.
      expect((await get(a.baseUrl, { query: privateQuery })).headers.get("age")).not.toBeNull();
      expect((await post(a.baseUrl, { query: privateQuery }, bearer("viewer-x"))).headers.get("age")).toBeNull();
    });
  },
);

describe("Redis unreachable", () => {
  it("costs the cache, not the requests: the server is ready and answers", async () => {
    const own = await startOwnServer("redis-down", {
      PMM_REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      PMM_CACHE_MAX_AGE: "60",
    });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await get(own.baseUrl, { query: "{ regions { code } }" });
        expect(res.status).toBe(200);
        expect(res.json.data.regions).toHaveLength(6);
      }
      expect((await fetch(`${own.baseUrl}/readyz`)).status).toBe(200);
    } finally {
      expect(await own.close()).toBe(0);
    }
  });
});
