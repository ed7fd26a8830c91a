import { createTestDatabase, TestDatabase } from "./support/test-database";
import { TcpProxy } from "./support/tcp-proxy";
import { OwnServer, post, startOwnServer, waitUntil } from "./support/own-server";
import { runCli } from "./support/cli";
import { freePort } from "./support/server-process";

/**
 * A database that does not answer when the process starts: the server waits for it as long as it takes,
 * serving its probes; the migration (a one-shot job) waits up to PMM_DB_START_TIMEOUT_S, then fails.
 * The database stands behind a TCP proxy that is not listening yet; without MariaDB the recovery part is
 * skipped and the proxy points nowhere.
 */
const MYSQL = process.env.PMM_TEST_MYSQL_URL;

describe("starting while the database does not answer", () => {
  let db: TestDatabase | undefined;
  let proxy: TcpProxy;
  let own: OwnServer | undefined;
  let url: URL;

  beforeAll(async () => {
    db = MYSQL ? await createTestDatabase() : undefined;
    const target = db ? new URL(db.url) : new URL(`mysql://root@127.0.0.1:${await freePort()}/pmm_nowhere`);
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 3306) });
    // Take a port, then stop listening: the database "is down" at that address.
    url = new URL(target.toString());
    url.hostname = "127.0.0.1";
    url.port = String(await proxy.listen());
    await proxy.cut();
  });
  afterAll(async () => {
    await proxy?.cut();
    if (own) await own.server.stop();
    await db?.drop();
  });

  it("the migration CLI retries, then gives up after PMM_DB_START_TIMEOUT_S with exit code 1", () => {
    const res = runCli("db/migrate.cli.js", [], {
      PMM_DATABASE_URL: url.toString(),
      PMM_DB_START_TIMEOUT_S: "2",
      PMM_DB_CONNECT_TIMEOUT_MS: "500",
      PMM_LOG_LEVEL: "info",
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/the database did not answer within 2 s/);
    const attempts = res.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((l) => /^database did not answer/.test(l.msg));
    // 1 s after the first failure, then 2 s more would pass the deadline: two attempts, the last one gives up.
    expect(attempts.map((l) => [l.attempt, l.msg])).toEqual([
      [1, "database did not answer; retrying"],
      [2, "database did not answer; giving up"],
    ]);
  });

  it("the server stays up: live, not ready, GraphQL answered 503 SERVICE_UNAVAILABLE, each attempt logged", async () => {
    // startOwnServer makes a database of its own; here the server gets the unreachable address instead.
    own = await startOwnServer(
      "start-retry",
      { PMM_DB_CONNECT_TIMEOUT_MS: "500", PMM_LOG_LEVEL: "info" },
      { waitFor: "/healthz", db: { url: url.toString(), engine: "mysql", drop: async () => undefined } },
    );
    const ready = await fetch(`${own.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "database unreachable" });
    const res = await post(own.baseUrl, { query: "{ regions { code } }" });
    expect(res.status).toBe(503);
    expect(res.json.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
      "SERVICE_UNAVAILABLE",
    ]);
    await waitUntil("two attempts are logged", async () => {
      const retries = own!.logLines().filter((l) => l.msg === "database did not answer; retrying");
      return retries.length >= 2;
    });
    expect(own.server.child.exitCode).toBeNull();
  });

  (MYSQL ? it : it.skip)("once the database answers, the same process migrates and becomes ready", async () => {
    await proxy.restore();
    await waitUntil(
      "the server is ready",
      async () => (await fetch(`${own!.baseUrl}/readyz`)).status === 200,
      // The backoff may have reached 4-8 s by now.
      300,
    );
    const res = await post(own!.baseUrl, { query: "{ regions { code } }" });
    expect(res.status).toBe(200);
    expect(res.json.data.regions).toHaveLength(6);
    expect(own!.logLines().map((l) => l.msg)).toContain("database connected");
  });
});
