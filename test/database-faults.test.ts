import { createTestDatabase, TestDatabase } from "./support/test-database";
import { TcpProxy } from "./support/tcp-proxy";
import { metric, OwnServer, post, startOwnServer, waitUntil } from "./support/own-server";
import { token } from "./support/tokens";
import { serviceUrl } from "./support/requires";

const MYSQL = serviceUrl("mysql");
const QUERY = "query Members { members { code } }";
// Read from the database on every request (Members, regions and unions are held in memory, and would answer).
const UNCACHED = "query Instruments { instruments { code } }";

/** Every request completes: a bound only so that a hang fails the test instead of stalling the run. */
const bounded = { signal: () => AbortSignal.timeout(20_000) };

async function readiness(baseUrl: string) {
  const res = await fetch(`${baseUrl}/readyz`, { signal: bounded.signal() });
  return { status: res.status, body: await res.json() };
}

(MYSQL ? describe : describe.skip)(
  `the database going away and coming back (MariaDB behind a TCP proxy)${MYSQL ? "" : " (skipped: set PMM_TEST_MYSQL_URL to run)"}`,
  () => {
    let db: TestDatabase;
    let proxy: TcpProxy;
    let own: OwnServer;

    beforeAll(async () => {
      db = await createTestDatabase();
      const direct = new URL(db.url);
      proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port || 3306) });
      const proxied = new URL(db.url);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(await proxy.listen());
      own = await startOwnServer(
        "db-faults",
        { PMM_DB_CONNECT_TIMEOUT_MS: "2000", PMM_LOG_LEVEL: "info" },
        { db: { ...db, url: proxied.toString() } },
      );
    });
    afterAll(async () => {
      await proxy?.cut();
      if (own) await own.close();
      else await db?.drop();
    });

    it("serves through the proxy", async () => {
      expect((await post(own.baseUrl, { query: QUERY })).json.data.members.length).toBeGreaterThan(100);
      expect(await readiness(own.baseUrl)).toEqual({ status: 200, body: { status: "ready" } });
    });

    it("when the database goes away: stays up, fails GraphQL requests at once with 503 SERVICE_UNAVAILABLE, and is not ready", async () => {
      await proxy.cut();
      // A public response already in the response cache is still served.
      const cached = await post(own.baseUrl, { query: QUERY });
      expect(cached.status).toBe(200);
      expect(cached.headers.get("age")).not.toBeNull();
      // The first request meets the dead connections; the next ones are turned away before trying.
      for (let i = 0; i < 3; i++) {
        const res = await post(own.baseUrl, { query: UNCACHED });
        expect(res.status).toBe(503);
        expect(res.json.errors.map((e: any) => e.extensions.code)).toEqual(["SERVICE_UNAVAILABLE"]);
        expect(res.json.errors[0].message).toMatch(/database cannot be reached/);
        expect(res.text).not.toMatch(/ECONNREFUSED|PROTOCOL|127\.0\.0\.1|select/i);
      }
      expect(await readiness(own.baseUrl)).toEqual({ status: 503, body: { status: "database unreachable" } });
      expect((await fetch(`${own.baseUrl}/healthz`)).status).toBe(200);
      expect(await metric(own.baseUrl, "pmm_db_available")).toBe(0);
      expect(
        await metric(own.baseUrl, "pmm_graphql_requests_total", 'operation="Instruments",outcome="unavailable"'),
      ).toBe(3);
      expect(own.server.child.exitCode).toBeNull();
    });

    it("recovers by itself when the database comes back", async () => {
      await proxy.restore();
      // No readiness probe here: the server's own probe reopens the gate.
      await waitUntil("GraphQL answers again", async () => (await post(own.baseUrl, { query: QUERY })).status === 200);
      expect((await post(own.baseUrl, { query: QUERY })).json.data.members.length).toBeGreaterThan(100);
      expect(await readiness(own.baseUrl)).toEqual({ status: 200, body: { status: "ready" } });
      expect(await metric(own.baseUrl, "pmm_db_available")).toBe(1);
    });

    it("a signed-in request (compiled execution) that meets the fault gets the same 503 SERVICE_UNAVAILABLE, logged alike", async () => {
      const before = own.logLines().length;
      await proxy.cut();
      try {
        const res = await post(
          own.baseUrl,
          { query: "query InstrumentNames { instruments { code name } }" },
          { authorization: `Bearer ${token({ role: "SECRETARIAT" })}` },
        );
        expect(res.status).toBe(503);
        expect(res.json.errors.map((e: any) => e.extensions.code)).toEqual(["SERVICE_UNAVAILABLE"]);
        expect(res.json.errors[0].message).toMatch(/database cannot be reached/);
        // Log lines are written in batches: wait for the request's own line, then read what came before it.
        await waitUntil("the request is logged", async () =>
          own
            .logLines()
            .slice(before)
            .some((l) => l.operationName === "InstrumentNames"),
        );
        const messages = own
          .logLines()
          .slice(before)
          .map((l) => l.msg);
        expect(messages).toContain("database unavailable: failing requests fast until it answers again");
        expect(messages).not.toContain("unexpected error");
      } finally {
        await proxy.restore();
      }
      await waitUntil("GraphQL answers again", async () => (await post(own.baseUrl, { query: QUERY })).status === 200);
    });
  },
);
