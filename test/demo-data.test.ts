import { createTestDatabase, type TestDatabase } from "./support/test-database";
import { OwnServer, post, startOwnServer } from "./support/own-server";
import { withDatabase } from "./support/fixtures";
import { TEST_JWT_SECRET } from "./support/constants";
import { token } from "./support/tokens";

/**
 * Issue 15: the demo database exercises every figure (docs/methods.md, "Reference figures"), its figures equal
 * an exact recomputation from the values of record each viewer may see, and a database loaded before income
 * groups existed gets them on its next start. One server of this file's own, started with the demo seed.
 */
const secretariat = token({ role: "SECRETARIAT" });
let db: TestDatabase;
let own: OwnServer;

const ask = async (query: string, bearer?: string) => {
  const res = await post(own.baseUrl, { query }, bearer ? { authorization: `Bearer ${bearer}` } : {});
  if (res.json.errors) throw new Error(JSON.stringify(res.json.errors));
  return res.json.data;
};

beforeAll(async () => {
  db = await createTestDatabase();
  own = await startOwnServer("demo-data", { PMM_SEED_DEMO: "true", PMM_JWT_SECRET: TEST_JWT_SECRET }, { db });
}, 180_000);

afterAll(async () => {
  await own?.close();
});

/** Equal within 1e-9 relative (1e-9 absolute near zero). */
const exact = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe("demo data", () => {
  it("has the first cycle CLOSED and the second in peer review", async () => {
    expect((await ask(`{ cycles { code phase } }`)).cycles).toEqual([
      { code: "2023", phase: "CLOSED" },
      { code: "2025", phase: "PEER_REVIEW" },
    ]);
  });

  it("gives every Member its World Bank income group", async () => {
    const { members } = await ask(`{ members { code incomeGroup } }`);
    const count = (g: string) => members.filter((m: any) => m.incomeGroup === g).length;
    expect([count("LOW"), count("LOWER_MIDDLE"), count("UPPER_MIDDLE"), count("HIGH")]).toEqual([24, 46, 51, 62]);
    expect(members.find((m: any) => m.code === "AFG").incomeGroup).toBe("LOW");
  });

  it("has closed peer reviews with at least ten ADJUSTED validated values that differ from the submitted ones", async () => {
    const adjusted = await withDatabase(
      (ds) =>
        ds.query(`SELECT m.code AS member, k.code AS kpi, r.value AS value, r.validatedValue AS validated
          FROM review_finding f JOIN peer_review p ON p.id = f.reviewId JOIN kpi_result r ON r.id = f.resultId
          JOIN member m ON m.id = r.memberId JOIN kpi k ON k.id = r.kpiId
          WHERE f.status = 'ADJUSTED' AND p.status = 'CLOSED' ORDER BY m.code, k.code`),
      db.url,
    );
    expect(adjusted.length).toBeGreaterThanOrEqual(10);
    const { member } = await ask(
      `{ member(code: "${adjusted[0].member}") { results(cycles: ["2023"], kpis: ["${adjusted[0].kpi}"]) {
        value validatedValue valueOfRecord findings { status proposedValue } } } }`,
      secretariat,
    );
    const [r] = member.results;
    expect(r.validatedValue).not.toBe(r.value);
    expect(r.valueOfRecord).toBe(r.validatedValue);
    expect(r.findings).toEqual([{ status: "ADJUSTED", proposedValue: r.validatedValue }]);
    for (const a of adjusted) expect(Number(a.validated)).not.toBe(Number(a.value));
  });

  it("shows targets, progress and capacity needs at every level", async () => {
    const [{ code }] = await withDatabase(
      (ds) =>
        ds.query(`SELECT m.code AS code FROM member m WHERE
          EXISTS (SELECT 1 FROM assessment a JOIN cycle c ON c.id = a.cycleId WHERE a.memberId = m.id AND c.code = '2023')
          AND EXISTS (SELECT 1 FROM assessment a JOIN cycle c ON c.id = a.cycleId WHERE a.memberId = m.id AND c.code = '2025')
          ORDER BY m.code`),
      db.url,
    );
    const { scorecard } = await ask(
      `{ scorecard(member: "${code}", cycle: "2025") { kpis { target targetMet progressToTarget } } }`,
      secretariat,
    );
    expect(scorecard.kpis.filter((k: any) => k.target !== null).length).toBeGreaterThan(10);
    expect(scorecard.kpis.filter((k: any) => k.progressToTarget !== null).length).toBeGreaterThan(5);
    const needs = (await ask(`{ capacityNeedsSummary(cycle: "2025") { included withheld groups { key } } }`))
      .capacityNeedsSummary;
    expect(needs.included).toBeGreaterThan(0);
    expect(needs.withheld).toBeGreaterThan(0);
    const levels = await withDatabase(
      (ds) => ds.query(`SELECT DISTINCT disclosure FROM capacity_need ORDER BY disclosure`),
      db.url,
    );
    expect(levels.map((l: any) => l.disclosure)).toEqual(["COUNTRY", "PUBLIC", "UNION", "WCO"]);
  });

  it.each([
    ["anonymous", undefined],
    ["the Secretariat", secretariat],
  ])("gives %s trends equal to an exact recomputation from the values of record it may see", async (_who, bearer) => {
    for (const kpi of ["TF.4.3", "TF.1.1", "OD.1.1"]) {
      const d = await ask(
        `{ kpi(code: "${kpi}") { results { cycle { code } valueOfRecord notUsed withheld } }
           kpiTrends(kpis: ["${kpi}"], groupBy: WORLD) { points { cycle { code } included withheld mean median changeAbsolute changeRelative } } }`,
        bearer,
      );
      const byCycle = new Map<string, number[]>();
      for (const r of d.kpi.results)
        if (!r.withheld && r.valueOfRecord !== null)
          byCycle.set(r.cycle.code, [...(byCycle.get(r.cycle.code) ?? []), r.valueOfRecord]);
      let previous: number | null = null;
      for (const p of d.kpiTrends[0].points) {
        const xs = byCycle.get(p.cycle.code) ?? [];
        const m = xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
        const sorted = [...xs].sort((a, b) => a - b);
        const h = (sorted.length - 1) / 2;
        const median = sorted.length ? (sorted[Math.floor(h)] + sorted[Math.ceil(h)]) / 2 : null;
        expect(p.included).toBe(xs.length);
        expect(exact(p.mean, m)).toBe(true);
        expect(exact(p.median, median)).toBe(true);
        const abs = m !== null && previous !== null ? m - previous : null;
        expect(exact(p.changeAbsolute, abs)).toBe(true);
        expect(exact(p.changeRelative, abs !== null && previous ? (abs / Math.abs(previous)) * 100 : null)).toBe(true);
        previous = m;
      }
    }
  });

  it("fills income groups of a database loaded before they existed on its next start", async () => {
    const empty = await withDatabase(async (ds) => {
      await ds.query(`UPDATE member SET incomeGroup = NULL`);
      return ds.query(`SELECT COUNT(*) AS n FROM member WHERE incomeGroup IS NULL`);
    }, db.url);
    expect(Number(empty[0].n)).toBe(183);
    await own.server.stop("SIGTERM");
    own = await startOwnServer("demo-data-restart", { PMM_JWT_SECRET: TEST_JWT_SECRET }, { db });
    expect((await ask(`{ member(code: "KEN") { incomeGroup } }`)).member.incomeGroup).toBe("LOWER_MIDDLE");
    const groups = (await ask(`{ kpiTrends(kpis: ["TF.1.1"], groupBy: INCOME_GROUP) { groupCode } }`)).kpiTrends;
    expect(groups.map((g: any) => g.groupCode)).toEqual(["HIGH", "LOW", "LOWER_MIDDLE", "UPPER_MIDDLE"]);
  }, 120_000);
});
