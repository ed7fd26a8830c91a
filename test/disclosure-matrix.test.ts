import { data, gql } from "./support/graphql";
import { insertFixture } from "./support/fixtures";
import { ViewerName, viewers } from "./support/tokens";
import { DisclosureLevel } from "../src/disclosure/disclosure-level";
import {
  casesChecked,
  checkRow,
  checkRows,
  countCase,
  expectVisible,
  FIXTURE,
  key,
  KPIS,
  kpiOf,
  LEVELS,
  MEMBERS,
  RESULT,
  Row,
  valueOf,
  VISIBLE,
} from "./support/disclosure-cases";

/**
 * The disclosure matrix of docs/disclosure.md: every viewer kind x every level x every path, on the case table of
 * test/support/disclosure-cases.ts. Expectations are written out by hand from the document, not computed by the
 * policy module under test.
 */
const CYCLE = "2091";

beforeAll(async () => {
  await insertFixture(CYCLE, FIXTURE);
});

afterAll(() => {
  console.log(`disclosure matrix: ${casesChecked()} viewer x result x path cases checked`);
});

describe.each(Object.keys(viewers) as ViewerName[])("viewer %s", (viewer) => {
  const opts = { token: viewers[viewer] };
  const all = FIXTURE.filter((f) => KPIS.includes(f.kpi));
  const visibleValues = all.filter((f) => expectVisible(viewer, f.member, f.disclosure)).map((f) => f.value!);

  it("is expected to see as many results as counted by hand", () => {
    expect(all).toHaveLength(24);
    expect(visibleValues).toHaveLength(VISIBLE[viewer]);
  });

  it("sees exactly its results through the results connection, with no errors", async () => {
    const res = await gql(
      `query($c: [ID!], $k: [ID!]) { results(filter: { cycles: $c, kpis: $k }, first: 100) { totalCount edges { node { ${RESULT} } } } }`,
      { c: [CYCLE], k: KPIS },
      opts,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.results.totalCount).toBe(24);
    expect(res.data.results.edges).toHaveLength(24);
    for (const e of res.data.results.edges) checkRow(viewer, e.node, "results");
  });

  it("sees the same through member.results, kpi.results, assessment.results and node", async () => {
    const d = await gql(
      `query($c: [ID!], $k: [ID!]) {
        members(union: "EAC") { code results(cycles: $c, kpis: $k) { ${RESULT} } }
        fra: member(code: "FRA") { results(cycles: $c) { ${RESULT} } }
        jpn: member(code: "JPN") { results(cycles: $c) { ${RESULT} } }
        ${KPIS.map((k, i) => `k${i}: kpi(code: "${k}") { code results(cycles: $c) { ${RESULT} } }`).join("\n")}
        assessment(member: "DEU", cycle: "${CYCLE}") { results { ${RESULT} } }
      }`,
      { c: [CYCLE], k: KPIS },
      opts,
    );
    expect(d.errors).toBeUndefined();
    const eac = d.data.members.flatMap((m: any) => m.results);
    expect(eac.map(key).sort()).toEqual(["KEN", "UGA"].flatMap((m) => LEVELS.map((l) => `${m}/${l}`)).sort());
    for (const r of eac) checkRow(viewer, r, "member.results");
    const fraJpn = [...d.data.fra.results, ...d.data.jpn.results];
    expect(fraJpn.map(key).sort()).toEqual(["FRA", "JPN"].flatMap((m) => LEVELS.map((l) => `${m}/${l}`)).sort());
    for (const r of fraJpn) checkRow(viewer, r, "member.results");
    const byKpi = KPIS.flatMap((_k, i) => d.data[`k${i}`].results);
    expect(byKpi).toHaveLength(24);
    for (const r of byKpi) checkRow(viewer, r, "kpi.results");
    expect(d.data.assessment.results.map(key).sort()).toEqual(LEVELS.map((l) => `DEU/${l}`).sort());
    for (const r of d.data.assessment.results) checkRow(viewer, r, "assessment.results");
    const ids = byKpi.map((r: Row) => r.id);
    const n = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on KpiResult { ${RESULT} } } }`, { ids }, opts);
    expect(n.errors).toBeUndefined();
    expect(n.data.nodes).toHaveLength(24);
    for (const r of n.data.nodes) checkRow(viewer, r, "nodes");
    const one = await gql(
      `query($id: ID!) { node(id: $id) { ... on KpiResult { ${RESULT} } } }`,
      { id: ids[ids.length - 1] },
      opts,
    );
    checkRow(viewer, one.data.node, "node");
  });

  it("sees the same through _entities (a gateway resolving results another service names)", async () => {
    const ids = await data(
      `query($c: [ID!], $k: [ID!]) { results(filter: { cycles: $c, kpis: $k }, first: 100) { edges { node { id } } } }`,
      { c: [CYCLE], k: KPIS },
    );
    const representations = ids.results.edges.map((e: any) => ({ __typename: "KpiResult", id: e.node.id }));
    expect(representations).toHaveLength(24);
    const res = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on KpiResult { ${RESULT} } } }`,
      { r: representations },
      opts,
    );
    expect(res.errors).toBeUndefined();
    const rows: Row[] = res.data._entities;
    expect(rows).toHaveLength(24);
    expect(rows.map((r) => r.id)).toEqual(representations.map((r: any) => r.id));
    checkRows(viewer, rows, "_entities");
  });

  it("leaves withheld results out with visibleOnly", async () => {
    const d = await data(
      `query($k: [ID!]) { results(filter: { cycles: ["${CYCLE}"], kpis: $k, visibleOnly: true }, first: 100) { totalCount edges { node { ${RESULT} } } } }`,
      { k: KPIS },
      opts,
    );
    expect(d.results.totalCount).toBe(VISIBLE[viewer]);
    expect(d.results.edges).toHaveLength(VISIBLE[viewer]);
    for (const e of d.results.edges) {
      expect(e.node.withheld).toBe(false);
      checkRow(viewer, e.node, "visibleOnly");
    }
    const m = await data(
      `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], visibleOnly: true) { kpi { code } disclosure } } }`,
      {},
      opts,
    );
    expect(m.member.results.map((r: any) => r.disclosure)).toEqual(
      [...LEVELS, DisclosureLevel.COUNTRY].filter((l) => expectVisible(viewer, "KEN", l)),
    );
  });

  it("matches value filters only against values it may see", async () => {
    const d = await data(
      `query($k: [ID!]) { ge: results(filter: { cycles: ["${CYCLE}"], kpis: $k, valueMin: 0 }, first: 100) { totalCount edges { node { ${RESULT} } } }
         band: results(filter: { cycles: ["${CYCLE}"], kpis: $k, valueMin: 100, valueMax: 330 }, first: 100) { totalCount edges { node { value } } } }`,
      { k: KPIS },
      opts,
    );
    expect(d.ge.totalCount).toBe(VISIBLE[viewer]);
    expect(d.ge.edges).toHaveLength(VISIBLE[viewer]);
    for (const e of d.ge.edges) checkRow(viewer, e.node, "valueMin");
    const band = visibleValues.filter((v) => v >= 100 && v <= 330).sort((a, b) => a - b);
    expect(d.band.totalCount).toBe(band.length);
    expect(d.band.edges.map((e: any) => e.node.value).sort((a: number, b: number) => a - b)).toEqual(band);
  });

  it.each(["ASC", "DESC"])("sorts by value (%s) without a withheld value moving a row", async (direction) => {
    const d = await data(
      `query($k: [ID!]) { results(filter: { cycles: ["${CYCLE}"], kpis: $k }, first: 100, orderBy: [{ field: VALUE, direction: ${direction} }]) { edges { node { ${RESULT} } } } }`,
      { k: KPIS },
      opts,
    );
    const rows: Row[] = d.results.edges.map((e: any) => e.node);
    expect(rows).toHaveLength(24);
    const shown = rows.filter((r) => !r.withheld).map((r) => r.value);
    const sorted = [...visibleValues].sort((a, b) => (direction === "ASC" ? a - b : b - a));
    expect(shown).toEqual(sorted);
    // Visible first, then withheld ones, in a fixed order that does not depend on their hidden values.
    expect(rows.slice(0, sorted.length).every((r) => !r.withheld)).toBe(true);
    const withheldIds = rows.filter((r) => r.withheld).map((r) => r.id);
    expect(withheldIds).toEqual(
      [...withheldIds].sort((a, b) =>
        Buffer.from(a, "base64url")
          .toString()
          .localeCompare(Buffer.from(b, "base64url").toString(), undefined, { numeric: true }),
      ),
    );
    for (const r of rows) checkRow(viewer, r, `sort ${direction}`);
  });

  it.each(LEVELS)(
    "gets statistics over visible values only, with included and withheld counts (%s results)",
    async (level) => {
      const kpi = kpiOf(level);
      const d = await data(
        `{ world: resultStatistics(kpi: "${kpi}", cycle: "${CYCLE}") { results included withheld count mean min median max q1 q3 }
         eu: resultStatistics(kpi: "${kpi}", cycle: "${CYCLE}", groupBy: UNION, groups: ["EU"]) { groupCode included withheld mean } }`,
        {},
        opts,
      );
      const v = MEMBERS.filter((m) => expectVisible(viewer, m, level))
        .map((m) => valueOf(m, level) + 0.5) // statistics are over values of record
        .sort((a, b) => a - b);
      const q = (p: number) => {
        const h = (v.length - 1) * p;
        return v.length ? v[Math.floor(h)] + (h - Math.floor(h)) * (v[Math.ceil(h)] - v[Math.floor(h)]) : null;
      };
      countCase();
      expect(d.world).toEqual([
        {
          results: 6,
          included: v.length,
          withheld: 6 - v.length,
          count: v.length,
          mean: v.length ? v.reduce((s, x) => s + x, 0) / v.length : null,
          min: v.length ? v[0] : null,
          max: v.length ? v[v.length - 1] : null,
          median: q(0.5),
          q1: q(0.25),
          q3: q(0.75),
        },
      ]);
      const eu = ["FRA", "DEU"].filter((m) => expectVisible(viewer, m, level)).map((m) => valueOf(m, level) + 0.5);
      expect(d.eu).toEqual([
        {
          groupCode: "EU",
          included: eu.length,
          withheld: 2 - eu.length,
          mean: eu.length ? eu.reduce((s, x) => s + x, 0) / eu.length : null,
        },
      ]);
    },
  );

  it("keeps the not-used flag of a withheld result hidden", async () => {
    const d = await data(
      `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["TF.5.1"]) { withheld notUsed notUsedReason value } } }`,
      {},
      opts,
    );
    const visible = expectVisible(viewer, "KEN", DisclosureLevel.COUNTRY);
    expect(d.member.results).toEqual([
      visible
        ? { withheld: false, notUsed: true, notUsedReason: "not measured", value: null }
        : { withheld: true, notUsed: null, notUsedReason: null, value: null },
    ]);
  });
});

describe("public statistics", () => {
  it("equal those computed by hand over public values only", async () => {
    const d =
      await data(`{ pub: resultStatistics(kpi: "TF.1.1", cycle: "${CYCLE}") { included withheld mean median min max }
      wco: resultStatistics(kpi: "TF.1.2", cycle: "${CYCLE}") { included withheld mean median min max } }`);
    // PUBLIC values of record (TF.1.1): 1.5, 101.5, ..., 501.5; WCO values (TF.1.2) are all withheld from the public.
    expect(d.pub).toEqual([{ included: 6, withheld: 0, mean: 251.5, median: 251.5, min: 1.5, max: 501.5 }]);
    expect(d.wco).toEqual([{ included: 0, withheld: 6, mean: null, median: null, min: null, max: null }]);
  });
});
