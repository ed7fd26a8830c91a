import mysql from "mysql2/promise";
import { metric, OwnServer, post, startOwnServer, waitUntil } from "./support/own-server";
import { ncp, secretariat } from "./support/collection";
import { serviceUrl } from "./support/requires";

/**
 * A hot spot must not stall the server: a result held by someone else's lock, writers racing on one
 * result, and two requests locking the same rows in opposite order. MariaDB only: row locks, lock waits
 * and deadlocks are InnoDB's (SQLite runs one write transaction at a time).
 */
const MYSQL = serviceUrl("mysql");
const CYCLE = "2041";
const SUBMIT = `mutation($a: ID!, $r: [KpiResultInput!]!) { submitResults(assessment: $a, results: $r) {
  changed results { kpi { code } version value } } }`;

/** Every request completes: a bound only so that a hang fails the test instead of stalling the run. */
const bounded = () => AbortSignal.timeout(30_000);

async function call(own: OwnServer, query: string, variables: Record<string, unknown>, token?: string) {
  return post(own.baseUrl, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
}

async function prepare(own: OwnServer, member: string) {
  const s = secretariat;
  const cycle = await call(
    own,
    `mutation($i: CreateCycleInput!) { createCycle(input: $i) { code } }`,
    { i: { code: CYCLE, name: `Cycle ${CYCLE}`, opensOn: `${CYCLE}-12-01`, referenceYear: Number(CYCLE) - 1 } },
    s,
  );
  expect(cycle.json.errors).toBeUndefined();
  await call(own, `mutation($c: ID!) { openSelfAssessment(cycle: $c) { phase } }`, { c: CYCLE }, s);
  const started = await call(
    own,
    `mutation($m: ID!, $c: ID!) { startAssessment(member: $m, cycle: $c) { id results { id version kpi { code } } } }`,
    { m: member, c: CYCLE },
    ncp(member),
  );
  expect(started.json.errors).toBeUndefined();
  return started.json.data.startAssessment as { id: string; results: { id: string; kpi: { code: string } }[] };
}

const edit = (kpi: string, expectedVersion: number, numerator: number) => ({
  kpi,
  expectedVersion,
  inputs: { numerator, denominator: 1000 },
});

(MYSQL ? describe : describe.skip)("contention on one row (MariaDB)", () => {
  let own: OwnServer;
  let assessment: string;
  let dbConn: mysql.Connection;
  const resultPk = async (kpi: string) => {
    const [rows] = await dbConn.query(
      "SELECT r.id FROM kpi_result r JOIN kpi k ON k.id = r.kpiId JOIN assessment a ON a.id = r.assessmentId " +
        "JOIN cycle c ON c.id = a.cycleId WHERE k.code = ? AND c.code = ?",
      [kpi, CYCLE],
    );
    return (rows as { id: number }[])[0].id;
  };

  beforeAll(async () => {
    // A small pool makes a stall visible at once; a short lock wait keeps the test short.
    own = await startOwnServer("contention", {
      PMM_DB_POOL_SIZE: "4",
      PMM_DB_LOCK_WAIT_TIMEOUT_S: "1",
      PMM_CACHE_MAX_AGE: "0",
    });
    assessment = (await prepare(own, "FRA")).id;
    dbConn = await mysql.createConnection(own.db.url);
  });
  afterAll(async () => {
    await dbConn?.end();
    await own?.close();
  });

  it("a result locked by another transaction: its writers get CONFLICT/LOCK_TIMEOUT, everything else is answered, the server stays ready", async () => {
    const first = await call(own, SUBMIT, { a: assessment, r: [edit("TF.1.1", 1, 10)] }, ncp("FRA"));
    expect(first.json.errors).toBeUndefined();
    const pk = await resultPk("TF.1.1");
    await dbConn.query("BEGIN");
    await dbConn.query("SELECT * FROM kpi_result WHERE id = ? FOR UPDATE", [pk]);
    try {
      // More writers than the pool has connections, all on the held row.
      const writers = Array.from({ length: 8 }, (_, i) =>
        call(own, SUBMIT, { a: assessment, r: [edit("TF.1.1", 2, 20 + i)] }, ncp("FRA")),
      );
      // Reads of other rows and of the same row, and the readiness probe, while the row is held.
      const reads = Array.from({ length: 8 }, () =>
        call(
          own,
          `{ member(code: "FRA") { results(cycles: ["${CYCLE}"]) { kpi { code } version } } }`,
          {},
          secretariat,
        ),
      );
      const ready = fetch(`${own.baseUrl}/readyz`, { signal: bounded() });
      for (const r of await Promise.all(reads)) {
        expect(r.status).toBe(200);
        expect(r.json.errors).toBeUndefined();
        expect(r.json.data.member.results.length).toBeGreaterThan(10);
      }
      const readiness = await ready;
      expect(readiness.status).toBe(200);
      expect(await readiness.json()).toEqual({ status: "ready" });
      // Still held: every writer has its answer, and each is the documented conflict.
      const answers = await Promise.all(writers);
      expect(answers).toHaveLength(8);
      for (const w of answers) {
        expect(w.status).toBe(200);
        expect(w.json.errors).toHaveLength(1);
        expect(w.json.errors[0].extensions).toMatchObject({ code: "CONFLICT", reason: "LOCK_TIMEOUT" });
      }
    } finally {
      await dbConn.query("ROLLBACK");
    }
    // A lock wait is no outage: the gate stayed open and no request counted as unavailable.
    expect(await metric(own.baseUrl, "pmm_db_available")).toBe(1);
    const metrics = await (await fetch(`${own.baseUrl}/metrics`)).text();
    expect(metrics).not.toMatch(/outcome="unavailable"/);
    expect(metrics).not.toMatch(/outcome="server_error"/);
    // Nothing was written by the refused writers.
    const after = await call(
      own,
      `{ member(code: "FRA") { results(cycles: ["${CYCLE}"], kpis: ["TF.1.1"]) { version value } } }`,
      {},
      secretariat,
    );
    expect(after.json.data.member.results[0]).toEqual({ version: 2, value: 1 });
  });

  it("writers racing on one result: one wins per version, the rest get CONFLICT/STALE_VERSION with the current version", async () => {
    const read = async () =>
      (
        await call(
          own,
          `{ member(code: "FRA") { results(cycles: ["${CYCLE}"], kpis: ["TF.1.2"]) { version } } }`,
          {},
          secretariat,
        )
      ).json.data.member.results[0].version as number;
    const version = await read();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        call(own, SUBMIT, { a: assessment, r: [edit("TF.1.2", version, 30 + i)] }, i % 2 ? ncp("FRA") : secretariat),
      ),
    );
    const ok = answers.filter((a) => !a.json.errors);
    const refused = answers.filter((a) => a.json.errors);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(15);
    for (const r of refused) {
      expect(r.json.errors[0].extensions).toMatchObject({
        code: "CONFLICT",
        reason: "STALE_VERSION",
        currentVersion: version + 1,
      });
    }
    expect(await read()).toBe(version + 1);
  });

  it("two edits naming the same KPIs in opposite order never deadlock", async () => {
    const versions = async () => {
      const r = await call(
        own,
        `{ member(code: "FRA") { results(cycles: ["${CYCLE}"], kpis: ["TF.5.1", "TF.5.2"]) { kpi { code } version } } }`,
        {},
        secretariat,
      );
      return Object.fromEntries(
        r.json.data.member.results.map((x: { kpi: { code: string }; version: number }) => [x.kpi.code, x.version]),
      ) as Record<string, number>;
    };
    let accepted = 0;
    let conflicts = 0;
    for (let round = 0; round < 15; round++) {
      const v = await versions();
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => {
          const pair = [edit("TF.5.1", v["TF.5.1"], round * 10 + i), edit("TF.5.2", v["TF.5.2"], round * 10 + i)];
          return call(own, SUBMIT, { a: assessment, r: i % 2 ? pair.reverse() : pair }, ncp("FRA"));
        }),
      );
      for (const a of answers) {
        if (!a.json.errors) accepted++;
        else {
          expect(a.json.errors[0]).toMatchObject({ extensions: { code: "CONFLICT", reason: "STALE_VERSION" } });
          conflicts++;
        }
      }
    }
    expect(accepted).toBe(15);
    expect(conflicts).toBe(75);
    const logged = own.logLines().filter((l) => /deadlock/i.test(JSON.stringify(l)));
    expect(logged).toEqual([]);
  });

  it("a deadlock provoked on purpose is retried once inside the server and the edit is answered", async () => {
    const first = await call(own, SUBMIT, { a: assessment, r: [edit("TF.3.1", 1, 5)] }, ncp("FRA"));
    expect(first.json.errors).toBeUndefined();
    const a = await resultPk("TF.3.1");
    const b = await resultPk("TF.3.2");
    // The test's transaction is the heavier one (it changed rows), so InnoDB picks the server's as the victim.
    const [others] = await dbConn.query(
      "SELECT id FROM kpi_result WHERE assessmentId = (SELECT assessmentId FROM kpi_result WHERE id = ?) AND id NOT IN (?, ?)",
      [a, a, b],
    );
    const weight = (others as { id: number }[]).map((r) => r.id);
    expect(weight.length).toBeGreaterThan(10);
    await dbConn.query("SET SESSION innodb_lock_wait_timeout = 20");
    await dbConn.query("BEGIN");
    // One row per statement: a statement that scans would lock (and keep locked) every row it passes.
    for (const id of weight) await dbConn.query("UPDATE kpi_result SET evidence = 'weight' WHERE id = ?", [id]);
    await dbConn.query("UPDATE kpi_result SET evidence = 'held' WHERE id = ?", [b]);
    let answer: ReturnType<typeof call> | undefined;
    try {
      // The server locks TF.3.1 first (canonical order), then waits for TF.3.2, which the test holds.
      answer = call(own, SUBMIT, { a: assessment, r: [edit("TF.3.2", 1, 6), edit("TF.3.1", 2, 7)] }, ncp("FRA"));
      await waitUntil("the server's transaction waits for a lock", async () => {
        const [rows] = await dbConn.query(
          "SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'",
        );
        return Number((rows as { n: number }[])[0].n) > 0;
      });
      // Now the test asks for the row the server holds: a deadlock, which InnoDB breaks at once.
      await dbConn.query("SELECT id FROM kpi_result WHERE id = ? FOR UPDATE", [a]);
    } finally {
      await dbConn.query("ROLLBACK");
    }
    const res = await answer!;
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.submitResults.changed).toBe(2);
    await waitUntil("the retry is logged", async () =>
      own.logLines().some((l) => l.msg === "deadlock: retrying the transaction once"),
    );
  });
});
