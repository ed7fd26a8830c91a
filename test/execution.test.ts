import { data, errorCodes, gql } from "./support/graphql";
import { insertFixture } from "./support/fixtures";
import { token, viewers } from "./support/tokens";
import { DisclosureLevel as L } from "../src/disclosure/disclosure-level";

/**
 * How operations run (src/http/compiled-execution.ts, result-columns.ts, the shared reads): signed-in
 * requests run compiled operations, anonymous ones graphql-js, and both must answer exactly alike; lists of
 * results read only the columns asked for; a KPI's results and its trend share one read. What a user sees
 * must not depend on any of it.
 */
const secretariat = viewers.secretariat;
const CYCLE = "2083"; // this file's own cycle
const MEMBERS = ["BWA", "KEN", "LSO", "NAM", "ZAF", "FRA", "JPN", "URY"];
const LEVELS = [L.PUBLIC, L.WCO, L.UNION, L.COUNTRY];

beforeAll(async () => {
  await insertFixture(
    CYCLE,
    MEMBERS.flatMap((member, i) =>
      ["TF.1.1", "TF.1.2", "TF.4.1"].map((kpi, k) => ({
        member,
        kpi,
        disclosure: LEVELS[(i + k) % 4],
        value: i === 3 && k === 0 ? null : 10 * i + k + 0.25,
        notUsed: i === 3 && k === 0,
        inputs: { part: i + 1, total: 10 },
        evidence: `evidence ${member} ${kpi}`,
        target: 50 + i,
        history: k === 1,
      })),
    ),
  );
});

describe("compiled operations (signed-in requests)", () => {
  it("take a left-out variable's default, also for a non-null variable", async () => {
    const q = `query K($kpi: ID! = "TF.1.1", $n: Int! = 2) { kpi(code: $kpi) { code } results(first: $n) { edges { node { id } } } }`;
    for (const t of [secretariat, undefined]) {
      const res = await gql(q, {}, { token: t });
      expect(res.errors).toBeUndefined();
      expect(res.data.kpi).toEqual({ code: "TF.1.1" });
      expect(res.data.results.edges).toHaveLength(2);
    }
  });

  it("refuse variables of the wrong type with HTTP 400 and BAD_USER_INPUT, as anonymous requests are refused", async () => {
    const q = `query K($n: Int!) { results(first: $n) { totalCount } }`;
    for (const t of [secretariat, undefined]) {
      const res = await gql(q, { n: "many" }, { token: t });
      expect(res.status).toBe(400);
      expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.data).toBeUndefined();
    }
  });

  it("answer a resolver's error with its code and path, and null where the schema allows it", async () => {
    const res = await gql(
      `{ kpiTrends(kpis: ["NOPE"]) { groupCode } kpi(code: "TF.1.1") { code } }`,
      {},
      { token: secretariat },
    );
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0].path).toEqual(["kpiTrends"]);
    expect(res.data).toBeNull(); // kpiTrends is non-null: the error nulls the whole data, as graphql-js does
  });

  it("give a signed-in viewer the same answer as graphql-js gives for the same data", async () => {
    // BASIC sees what anonymous sees (PUBLIC only): the two paths must agree byte for byte.
    const q = `{ kpi(code: "TF.1.1") { code results(cycles: ["${CYCLE}"]) { member { code } cycle { code } value withheld disclosure } } }`;
    const anon = await gql(q);
    expect(anon.data.kpi.results.filter((r: any) => r.disclosure === "PUBLIC")).toHaveLength(2);
    const basic = await gql(q, {}, { token: viewers.basic });
    expect(anon.errors).toBeUndefined();
    expect(anon.data.kpi.results).toHaveLength(MEMBERS.length);
    expect(basic.errors).toBeUndefined();
    // Same rows in the same order on both paths; each withholds exactly what the viewer may not see.
    const view = (res: any) => res.data.kpi.results.map((r: any) => [r.member.code, r.disclosure, r.withheld, r.value]);
    const valueOf = (m: string) => (m === "NAM" ? null : 10 * MEMBERS.indexOf(m) + 0.25); // as inserted for TF.1.1
    const shown = (levels: string[]) =>
      view(anon).map(([m, d]: any[]) => [m, d, !levels.includes(d), levels.includes(d) ? valueOf(m) : null]);
    expect(view(anon)).toEqual(shown(["PUBLIC"]));
    expect(view(basic)).toEqual(shown(["PUBLIC", "WCO"]));
  });
});

describe("results on every path of a compiled operation", () => {
  it("carry their Member and cycle as graphql-js gives them: lists, connections, scorecards, node and nodes", async () => {
    const { results } = await data(
      `{ results(first: 2, filter: { cycles: ["${CYCLE}"], kpis: ["TF.1.1"] }) { edges { node { id } } } }`,
      {},
      { token: secretariat },
    );
    const ids = results.edges.map((e: any) => e.node.id);
    const R = "member { code } cycle { code phase }";
    const q = `{
      kpi(code: "TF.1.2") { results(cycles: ["${CYCLE}"], members: ["KEN"]) { ${R} } }
      member(code: "FRA") { results(cycles: ["${CYCLE}"], kpis: ["TF.4.1"]) { ${R} } }
      results(first: 1, filter: { cycles: ["${CYCLE}"], members: ["JPN"] }) { edges { node { ${R} } } }
      scorecard(member: "URY", cycle: "${CYCLE}") { kpis { result { ${R} } } }
      node(id: "${ids[0]}") { ... on KpiResult { ${R} } }
      nodes(ids: ["${ids[0]}", "${ids[1]}"]) { ... on KpiResult { ${R} } }
    }`;
    const compiled = await gql(q, {}, { token: secretariat });
    const reference = await gql(q); // anonymous: graphql-js, the resolvers of KpiResult.member and .cycle
    expect(compiled.errors).toBeUndefined();
    expect(compiled.data).toEqual(reference.data);
    const cycle = { code: CYCLE, phase: "CLOSED" };
    expect(compiled.data.kpi.results).toEqual([{ member: { code: "KEN" }, cycle }]);
    expect(compiled.data.member.results).toEqual([{ member: { code: "FRA" }, cycle }]);
    expect(compiled.data.results.edges[0].node).toEqual({ member: { code: "JPN" }, cycle });
    expect(compiled.data.scorecard.kpis.filter((k: any) => k.result)).toHaveLength(3);
    expect(compiled.data.nodes).toHaveLength(2);
    expect(compiled.data.node).toEqual(compiled.data.nodes[0]);
    expect(compiled.data.node.cycle).toEqual(cycle);
  });
});

describe("lists of results read what they are asked", () => {
  it("show the same values read slim or whole, and detail fields equal to the result read by id", async () => {
    const slim = await data(
      `{ kpi(code: "TF.1.2") { results(cycles: ["${CYCLE}"]) { id value withheld notUsed } } }`,
      {},
      { token: secretariat },
    );
    const whole = await data(
      `{ kpi(code: "TF.1.2") { results(cycles: ["${CYCLE}"]) { id member { code } value withheld notUsed version disclosureChosen updatedAt updatedBy target inputs { name value } evidence } } }`,
      {},
      { token: secretariat },
    );
    const rows = whole.kpi.results;
    expect(rows).toHaveLength(MEMBERS.length);
    expect(rows.find((r: any) => r.member.code === "KEN")).toMatchObject({
      value: 11.25,
      target: 51,
      evidence: "evidence KEN TF.1.2",
      inputs: [
        { name: "part", value: 2 },
        { name: "total", value: 10 },
      ],
    });
    expect(slim.kpi.results).toEqual(
      rows.map((r: any) => ({ id: r.id, value: r.value, withheld: r.withheld, notUsed: r.notUsed })),
    );
    const ids = rows.slice(0, 5).map((r: any) => r.id);
    const byId = await data(
      `query N($ids: [ID!]!) { nodes(ids: $ids) { ... on KpiResult { id member { code } value withheld notUsed version disclosureChosen updatedAt updatedBy target inputs { name value } evidence } } }`,
      { ids },
      { token: secretariat },
    );
    expect(byId.nodes).toEqual(rows.slice(0, 5));
    // A viewer who may not see them gets them withheld on both paths.
    const ncp = await data(
      `{ kpi(code: "TF.1.2") { results(cycles: ["${CYCLE}"]) { member { code } evidence target } } }`,
      {},
      { token: viewers.ncpKen },
    );
    const seen = ncp.kpi.results.filter((r: any) => r.evidence !== null).map((r: any) => r.member.code);
    expect(seen).toContain("KEN");
    expect(seen.length).toBeLessThan(MEMBERS.length);
    expect(rows.every((r: any) => typeof r.updatedAt === "string" && typeof r.version === "number")).toBe(true);
  });
});

describe("one read of a KPI's results per request", () => {
  const RESULTS = `kpi(code: "TF.4.1") { results { cycle { code } value notUsed withheld } }`;
  const TREND = `kpiTrends(kpis: ["TF.4.1"], groupBy: WORLD) { points { cycle { code } results included withheld mean median min max } }`;

  it("gives the trend beside the results as the results themselves say, without another statement", async () => {
    const both = await gql(`{ ${RESULTS} ${TREND} }`, {}, { token: secretariat });
    const results = await gql(`{ ${RESULTS} }`, {}, { token: secretariat });
    expect(both.errors).toBeUndefined();
    expect(both.extensions!.sqlStatements).toBe(results.extensions!.sqlStatements);
    // Within the one response (other test files add results meanwhile): this file's cycle, worked out from the list.
    const mine = both.data.kpi.results.filter((r: any) => r.cycle.code === CYCLE);
    const values = mine.filter((r: any) => r.value !== null && !r.notUsed).map((r: any) => r.value);
    const point = both.data.kpiTrends[0].points.find((p: any) => p.cycle.code === CYCLE);
    expect(point).toMatchObject({ results: MEMBERS.length, included: values.length, withheld: 0 });
    expect(point.mean).toBeCloseTo(values.reduce((a: number, b: number) => a + b, 0) / values.length, 6);
    expect(point.min).toBe(Math.min(...values));
    expect(point.max).toBe(Math.max(...values));
  });

  it("keeps withheld values out of the trend worked from the shared rows (disclosure rule 4)", async () => {
    const both = await gql(`{ ${RESULTS} ${TREND} }`, {}, { token: viewers.ncpKen });
    expect(both.errors).toBeUndefined();
    const mine = both.data.kpi.results.filter((r: any) => r.cycle.code === CYCLE);
    const visible = mine.filter((r: any) => !r.withheld && r.value !== null && !r.notUsed).map((r: any) => r.value);
    const point = both.data.kpiTrends[0].points.find((p: any) => p.cycle.code === CYCLE);
    expect(mine.filter((r: any) => r.withheld).length).toBeGreaterThan(0);
    expect(point).toMatchObject({
      results: MEMBERS.length,
      included: visible.length,
      withheld: mine.filter((r: any) => r.withheld).length,
    });
    expect(point.max).toBe(Math.max(...visible));
  });
});

describe("verified tokens", () => {
  it("are refused once expired, even right after being accepted", async () => {
    const shortLived = token({ role: "SECRETARIAT" }, { expiresIn: 2 });
    expect((await gql(`{ viewer { role } }`, {}, { token: shortLived })).data).toEqual({
      viewer: { role: "SECRETARIAT" },
    });
    await new Promise((r) => setTimeout(r, 3_100));
    const late = await gql(`{ viewer { role } }`, {}, { token: shortLived });
    expect(late.status).toBe(401);
    expect(errorCodes(late)).toEqual(["UNAUTHENTICATED"]);
    expect(late.errors![0].message).toMatch(/expired/);
  });
});
