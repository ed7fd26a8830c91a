/**
 * Measures one hot row: N writers edit the same KPI result for D seconds (each with the version it last
 * saw) while one reader keeps reading other results, on a fresh database, with the default pool. Prints
 * accepted writes, conflicts by reason, the slowest read and the pool figures sampled from /metrics.
 *
 *   PMM_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306 npx jiti scripts/hot-row.ts [--writers 16] [--seconds 10]
 *
 * Without PMM_TEST_MYSQL_URL it runs on SQLite, where writes run one at a time and there are no row locks.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { createTestDatabase } from "../test/support/test-database";
import { startServerProcess } from "../test/support/server-process";
import { token } from "../test/support/tokens";
import { TEST_JWT_SECRET } from "../test/support/constants";

const { values } = parseArgs({
  options: { writers: { type: "string", default: "16" }, seconds: { type: "string", default: "10" } },
});
const WRITERS = Number(values.writers);
const SECONDS = Number(values.seconds);
const secretariat = token({ role: "SECRETARIAT", sub: "secretariat-1" });
const ncpFra = token({ role: "NCP", member: "FRA", sub: "ncp-fra" });

async function main() {
  const db = await createTestDatabase();
  const server = await startServerProcess(
    { PMM_DATABASE_URL: db.url, PMM_SEED_DEMO: "false", PMM_JWT_SECRET: TEST_JWT_SECRET, PMM_LOG_LEVEL: "warn" },
    path.join(process.cwd(), ".test-runs", `hot-row-${process.pid}.log`),
  );
  const call = async (query: string, variables: Record<string, unknown>, bearer: string) => {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a measuring script reads answers of several shapes
    return (await res.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] };
  };
  try {
    await call(
      `mutation($i: CreateCycleInput!) { createCycle(input: $i) { code } }`,
      { i: { code: "2051", name: "Cycle 2051", opensOn: "2051-12-01", referenceYear: 2050 } },
      secretariat,
    );
    await call(`mutation { openSelfAssessment(cycle: "2051") { phase } }`, {}, secretariat);
    const started = await call(`mutation { startAssessment(member: "FRA", cycle: "2051") { id } }`, {}, ncpFra);
    const assessment = started.data.startAssessment.id as string;

    const counts: Record<string, number> = {};
    const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
    let slowestReadMs = 0;
    let reads = 0;
    const pool = { open: 0, idle: Infinity, waiting: 0 };
    const end = Date.now() + SECONDS * 1000;
    const writer = async (i: number) => {
      let version = 1;
      while (Date.now() < end) {
        const r = await call(
          `mutation($a: ID!, $r: [KpiResultInput!]!) { submitResults(assessment: $a, results: $r) { changed results { version } } }`,
          {
            a: assessment,
            r: [{ kpi: "TF.1.1", expectedVersion: version, inputs: { numerator: i, denominator: 100 } }],
          },
          i % 2 ? ncpFra : secretariat,
        );
        if (!r.errors) {
          // An edit equal to the current state is accepted without spending a version.
          count(r.data.submitResults.changed ? "accepted" : "acceptedUnchanged");
          version = r.data.submitResults.results[0].version;
          continue;
        }
        const ext = r.errors[0].extensions ?? {};
        count(`${ext.code}${ext.reason ? `/${ext.reason}` : ""}`);
        if (typeof ext.currentVersion === "number") version = ext.currentVersion;
      }
    };
    const reader = async () => {
      while (Date.now() < end) {
        const t = performance.now();
        await call(
          `{ member(code: "FRA") { results(cycles: ["2051"], kpis: ["TF.1.2", "RC.1.1"]) { version } } }`,
          {},
          secretariat,
        );
        slowestReadMs = Math.max(slowestReadMs, performance.now() - t);
        reads++;
      }
    };
    const sampler = async () => {
      while (Date.now() < end) {
        const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
        const v = (state: string) =>
          Number(text.match(new RegExp(`pmm_db_pool_connections\\{state="${state}"\\} (\\d+)`))?.[1] ?? NaN);
        pool.open = Math.max(pool.open, v("open"));
        pool.idle = Math.min(pool.idle, v("idle"));
        pool.waiting = Math.max(pool.waiting, v("waiting_requests"));
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await Promise.all([...Array.from({ length: WRITERS }, (_, i) => writer(i + 1)), reader(), sampler()]);
    const final = await call(
      `{ member(code: "FRA") { results(cycles: ["2051"], kpis: ["TF.1.1"]) { version history { version } } } }`,
      {},
      secretariat,
    );
    const result = final.data.member.results[0];
    console.log(
      JSON.stringify(
        {
          engine: db.engine,
          writers: WRITERS,
          seconds: SECONDS,
          answers: counts,
          finalVersion: result.version,
          historyEntries: result.history.length,
          lostUpdates: (counts.accepted ?? 0) - result.history.length,
          reads,
          slowestReadMs: Math.round(slowestReadMs),
          pool: db.engine === "mysql" ? { maxOpen: pool.open, minIdle: pool.idle, maxWaiting: pool.waiting } : null,
        },
        null,
        2,
      ),
    );
  } finally {
    await server.stop();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
