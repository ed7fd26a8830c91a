import v1 from "../src/framework/definitions/pmm-framework-v1.json";
import { insertFixture, withDatabase } from "./support/fixtures";
import { startOwnServer, post, type OwnServer } from "./support/own-server";
import { runCli, writeTempJson } from "./support/cli";
import { viewers } from "./support/tokens";
import { DisclosureLevel as L } from "../src/disclosure/disclosure-level";

/**
 * The cycle calendar and framework versions are read once and shared by the process's requests for at most
 * PMM_REFERENCE_MAX_AGE_MS (src/common/shared-snapshot.ts). These servers share them for a minute, so that
 * what is shared, and what must never wait for the minute to pass, shows.
 */
const LONG = "60000";
let own: OwnServer;
let brief: OwnServer;

const ask = async (server: OwnServer, query: string, variables?: Record<string, unknown>) => {
  const res = await post(server.baseUrl, { query, variables }, { authorization: `Bearer ${viewers.secretariat}` });
  return res.json as { data?: any; errors?: any[]; extensions?: { sqlStatements?: number } };
};

const RESULTS = `query($kpi: ID!) { kpi(code: $kpi) { code results { member { code } cycle { code phase } value } } }`;

beforeAll(async () => {
  own = await startOwnServer("reference-snapshots", { PMM_SQL_STATS: "true", PMM_REFERENCE_MAX_AGE_MS: LONG });
  // A second server on the same database, sharing its reads for a third of a second only.
  brief = await startOwnServer("reference-snapshots-brief", { PMM_REFERENCE_MAX_AGE_MS: "300" }, { db: own.db });
  await insertFixture(
    "2101",
    ["KEN", "FRA", "JPN"].map((member, i) => ({ member, kpi: "TF.1.1", disclosure: L.PUBLIC, value: 10 + i })),
    [],
    own.db.url,
  );
});

afterAll(async () => {
  await brief?.server.stop("SIGTERM");
  await own?.close();
});

describe("reference data shared between requests", () => {
  it("leaves one statement for a KPI's results with their Members and cycles, and one for a scorecard", async () => {
    await ask(own, RESULTS, { kpi: "TF.1.1" });
    const warm = await ask(own, RESULTS, { kpi: "TF.1.1" });
    expect(warm.errors).toBeUndefined();
    expect(warm.data.kpi.results).toHaveLength(3);
    expect(warm.extensions?.sqlStatements).toBe(1);

    const card = `{ scorecard(member: "KEN", cycle: "2101") { cycle { code } kpis { kpi { code } result { value } } outcomes { code } dimensions { code } } }`;
    await ask(own, card);
    const again = await ask(own, card);
    expect(again.errors).toBeUndefined();
    expect(again.data.scorecard.kpis.find((k: any) => k.kpi.code === "TF.1.1").result.value).toBe(10);
    expect(again.data.scorecard.dimensions).toHaveLength(4);
    expect(again.extensions?.sqlStatements).toBe(1);
  });

  it("finds at once a cycle another process made after the calendar was read", async () => {
    await ask(own, RESULTS, { kpi: "TF.1.1" }); // the calendar is read (and shared for a minute) without 2103
    await insertFixture("2103", [{ member: "KEN", kpi: "TF.1.2", disclosure: L.PUBLIC, value: 7 }], [], own.db.url);
    const res = await ask(own, RESULTS, { kpi: "TF.1.2" });
    expect(res.errors).toBeUndefined();
    expect(res.data.kpi.results).toEqual([
      { member: { code: "KEN" }, cycle: { code: "2103", phase: "CLOSED" }, value: 7 },
    ]);
    const trend = await ask(
      own,
      `{ kpiTrends(kpis: ["TF.1.2"], cycles: ["2103"], groupBy: WORLD) { points { cycle { code } mean } } }`,
    );
    expect(trend.errors).toBeUndefined();
    expect(trend.data.kpiTrends[0].points).toEqual([{ cycle: { code: "2103" }, mean: 7 }]);
    const card = await ask(own, `{ scorecard(member: "KEN", cycle: "2103") { cycle { code } } }`);
    expect(card.data?.scorecard.cycle).toEqual({ code: "2103" });
  });

  it("shows the Secretariat's own changes to a cycle at once", async () => {
    const created = await ask(
      own,
      `mutation { createCycle(input: { code: "2105", name: "Cycle 2105", opensOn: "2105-12-01", referenceYear: 2104 }) { code } }`,
    );
    expect(created.errors).toBeUndefined();
    const planned = await ask(
      own,
      `{ kpiTrends(kpis: ["TF.1.1"], groupBy: WORLD) { points { cycle { code phase } } } }`,
    );
    expect(planned.data.kpiTrends[0].points.map((p: any) => p.cycle)).toContainEqual({
      code: "2105",
      phase: "PLANNED",
    });
    await ask(own, `mutation { openSelfAssessment(cycle: "2105") { phase } }`);
    const open = await ask(own, `{ kpiTrends(kpis: ["TF.1.1"], groupBy: WORLD) { points { cycle { code phase } } } }`);
    expect(open.data.kpiTrends[0].points.map((p: any) => p.cycle)).toContainEqual({
      code: "2105",
      phase: "SELF_ASSESSMENT",
    });
  });

  it("sees a change made elsewhere within the maximum age, and not before", async () => {
    const NAME = `{ kpiTrends(kpis: ["TF.1.1"], cycles: ["2101"], groupBy: WORLD) { points { cycle { name } } } }`;
    const name = (r: any) => r.data.kpiTrends[0].points[0].cycle.name;
    expect(name(await ask(own, NAME))).toBe("Fixture 2101");
    expect(name(await ask(brief, NAME))).toBe("Fixture 2101");
    await withDatabase(
      (ds) => ds.query("UPDATE cycle SET name = ? WHERE code = ?", ["Renamed 2101", "2101"]),
      own.db.url,
    );
    expect(name(await ask(own, NAME))).toBe("Fixture 2101"); // shared for a minute on this server
    await new Promise((r) => setTimeout(r, 400));
    expect(name(await ask(brief, NAME))).toBe("Renamed 2101");
  });

  it("finds a framework version loaded by the CLI after the server looked for it in vain", async () => {
    const Q = `{ kpi(code: "TF.1.1", framework: "VSNAP") { code name } }`;
    const before = await ask(own, Q);
    expect(before.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    const staged: any = JSON.parse(JSON.stringify(v1));
    staged.version = "VSNAP";
    staged.dimensions[0].outcomes[0].kpis[0].name = "Rate of electronic declarations (VSNAP)";
    const load = runCli("framework/framework-load.cli.js", [writeTempJson("vsnap.json", staged), "--inactive"], {
      PMM_DATABASE_URL: own.db.url,
    });
    expect(load.code).toBe(0);
    const after = await ask(own, Q);
    expect(after.errors).toBeUndefined();
    expect(after.data.kpi).toEqual({ code: "TF.1.1", name: "Rate of electronic declarations (VSNAP)" });
    const tree = await ask(own, `{ dimensions(framework: "VSNAP") { outcomes { kpis { code } } } }`);
    expect(tree.data.dimensions.flatMap((d: any) => d.outcomes.flatMap((o: any) => o.kpis))).toHaveLength(51);
  });

  it("keeps sharing the active version however many unknown version codes are asked for", async () => {
    for (let i = 0; i < 40; i++) {
      const res = await ask(own, `{ kpi(code: "TF.1.1", framework: "NOPE-${i}") { code } }`);
      expect(res.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
    }
    const warm = await ask(own, RESULTS, { kpi: "TF.1.1" });
    expect(warm.errors).toBeUndefined();
    expect(warm.extensions?.sqlStatements).toBe(1);
  });

  it("still refuses unknown codes, each time", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await ask(own, `{ kpiTrends(kpis: ["TF.1.1"], cycles: ["1999"], groupBy: WORLD) { groupCode } }`);
      expect(res.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0].message).toContain("Unknown cycle '1999'");
      const kpi = await ask(own, `{ kpi(code: "NO.SUCH") { code } }`);
      expect(kpi.errors).toBeUndefined();
      expect(kpi.data.kpi).toBeNull();
    }
  });
});
