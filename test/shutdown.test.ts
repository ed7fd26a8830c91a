import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./support/server-process";
import { metric, OwnServer, post, startOwnServer, waitUntil } from "./support/own-server";

const ENTRYPOINT = path.join(ROOT, "docker", "entrypoint.sh");

describe("the container entrypoint (docker/entrypoint.sh) and graceful shutdown", () => {
  let own: OwnServer;
  beforeAll(async () => {
    // PMM_TEST_DELAY_MS (refused unless NODE_ENV=test) holds each operation 3 s: a request stays in flight.
    own = await startOwnServer(
      "entrypoint",
      { PMM_TEST_DELAY_MS: "3000", PMM_LOG_LEVEL: "info" },
      { command: ["/bin/sh", ENTRYPOINT] },
    );
  });
  afterAll(async () => {
    await own?.close();
  });

  it("migrates the empty database as a step of its own, then serves", async () => {
    const log = fs.readFileSync(own.logFile, "utf8");
    const migrated = log.indexOf("database is up to date");
    expect(migrated).toBeGreaterThanOrEqual(0);
    expect(log.indexOf("PMM Graph ready at")).toBeGreaterThan(migrated);
    const ready = await fetch(`${own.baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("on SIGTERM stops accepting connections, finishes the request in flight, and exits 0", async () => {
    const inFlight = post(own.baseUrl, { query: "query Slow { regions { code } }" });
    await waitUntil(
      "the request is in flight",
      async () => ((await metric(own.baseUrl, "pmm_graphql_requests_in_flight")) ?? 0) >= 1,
    );
    own.server.child.kill("SIGTERM");
    await waitUntil("new connections are refused", async () => {
      try {
        await fetch(`${own.baseUrl}/healthz`);
        return false;
      } catch {
        return true;
      }
    });
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.json.data.regions).toHaveLength(6);
    expect(await own.server.stop()).toBe(0);
    const messages = own.logLines().map((l) => l.msg);
    expect(messages).toContain("stopped");
    expect(messages).not.toContain("shutdown took too long; exiting");
  });
});

describe("SIGINT", () => {
  it("stops an idle server cleanly with exit code 0", async () => {
    const own = await startOwnServer("sigint");
    try {
      expect(await own.server.stop("SIGINT")).toBe(0);
    } finally {
      await own.close();
    }
  });
});
