import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./support/server-process";
import { metric, OwnServer, post, startOwnServer, waitUntil } from "./support/own-server";
import { ncp, secretariat } from "./support/collection";
import { querySql } from "./support/sql";

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

describe("SIGTERM under load from keep-alive clients", () => {
  it("answers every request it executes: no write is committed without its answer", async () => {
    // Each operation is held 50 ms, so requests are always in flight when the signal comes (16 clients with
    // 50 ms left writes committed without an answer on MariaDB before the drain answered what it ran).
    // The default pool, whatever the run sets (16 writers overflow the write queue of a pool of 1 with 503s).
    const own = await startOwnServer("drain", { PMM_TEST_DELAY_MS: "50", PMM_DB_POOL_SIZE: "10" });
    try {
      const call = (query: string, variables: Record<string, unknown>, token: string) =>
        post(own.baseUrl, { query, variables }, { authorization: `Bearer ${token}` });
      await call(
        `mutation($i: CreateCycleInput!) { createCycle(input: $i) { code } }`,
        { i: { code: "2043", name: "Cycle 2043", opensOn: "2043-12-01", referenceYear: 2042 } },
        secretariat,
      );
      await call(`mutation { openSelfAssessment(cycle: "2043") { phase } }`, {}, secretariat);
      const started = await call(
        `mutation { startAssessment(member: "FRA", cycle: "2043") { id results { kpi { code unit } } } }`,
        {},
        ncp("FRA"),
      );
      const assessment = started.json.data.startAssessment;
      const kpis: string[] = assessment.results
        .filter((r: { kpi: { unit: string } }) => r.kpi.unit === "PERCENT")
        .slice(0, 16)
        .map((r: { kpi: { code: string } }) => r.kpi.code);
      expect(kpis).toHaveLength(16);

      // One keep-alive client per KPI (fetch pools its connections), each writing one edit after another.
      const answered = new Map<string, number>();
      let refusedWhileDraining = 0;
      let signalled = false;
      const deadline = Date.now() + 30_000;
      const client = async (kpi: string) => {
        let version = 1;
        answered.set(kpi, 0);
        while (Date.now() < deadline) {
          let res;
          try {
            res = await call(
              `mutation($a: ID!, $r: [KpiResultInput!]!) { submitResults(assessment: $a, results: $r) { results { version } } }`,
              {
                a: assessment.id,
                r: [{ kpi, expectedVersion: version, inputs: { numerator: version, denominator: 100 } }],
              },
              ncp("FRA"),
            );
          } catch {
            if (signalled) return; // the server closed its connections and stopped listening
            throw new Error("a request failed before the signal");
          }
          if (res.status === 503) {
            expect(res.json.errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
            expect(res.headers.get("connection")).toBe("close");
            refusedWhileDraining++;
            continue;
          }
          expect(res.json.errors).toBeUndefined();
          version = res.json.data.submitResults.results[0].version;
          answered.set(kpi, answered.get(kpi)! + 1);
        }
      };
      const clients = kpis.map(client);
      await waitUntil("every client has written", async () => [...answered.values()].every((n) => n >= 2));
      signalled = true;
      own.server.child.kill("SIGTERM");
      await Promise.all(clients);
      expect(await own.server.stop()).toBe(0);

      const rows = await querySql<{ code: string; version: number }>(
        own.db,
        "SELECT k.code AS code, r.version AS version FROM kpi_result r JOIN kpi k ON k.id = r.kpiId " +
          "JOIN assessment a ON a.id = r.assessmentId JOIN cycle c ON c.id = a.cycleId WHERE c.code = '2043'",
      );
      const written = Object.fromEntries(rows.filter((r) => kpis.includes(r.code)).map((r) => [r.code, r.version - 1]));
      console.log(
        `drain: ${[...answered.values()].reduce((a, b) => a + b, 0)} writes answered, ${refusedWhileDraining} refused with 503 while draining`,
      );
      // Every committed write was answered to its client, and every answered write is committed.
      expect(written).toEqual(Object.fromEntries(answered));
    } finally {
      await own.close();
    }
  });
});
