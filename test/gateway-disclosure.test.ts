import { baseUrl, gql } from "./support/graphql";
import { insertFixture } from "./support/fixtures";
import { ViewerName, viewers } from "./support/tokens";
import { ServerProcess } from "./support/server-process";
import { pmmSubgraph, projectsSubgraph, startGatewayProcess, startProjectsSubgraph } from "./support/gateway";
import {
  casesChecked,
  checkRow,
  checkRows,
  FIXTURE,
  key,
  KPIS,
  LEVELS,
  RESULT,
  Row,
  VISIBLE,
} from "./support/disclosure-cases";

/**
 * The disclosure matrix through the gateway: every viewer kind asks the matrix's paths through Apollo Gateway and
 * directly, and gets the same answers, each checked against the case table (test/support/disclosure-cases.ts);
 * and along the path only a gateway takes, another service's entity leading to PMM Graph's results
 * (`projects { member { results } } }`, answered by `_entities`).
 */
const CYCLE = "2177"; // this file's own cycle

let projects: ServerProcess;
let gateway: ServerProcess;

beforeAll(async () => {
  await insertFixture(CYCLE, FIXTURE);
  projects = await startProjectsSubgraph();
  gateway = await startGatewayProcess("gateway-disclosure", [
    pmmSubgraph(baseUrl()),
    projectsSubgraph(projects.baseUrl),
  ]);
});

afterAll(async () => {
  await gateway?.stop();
  await projects?.stop();
  console.log(`disclosure matrix through the gateway: ${casesChecked()} viewer x result x path cases checked`);
});

/** The matrix's paths, each answered directly and through the gateway. */
const PATHS: Record<string, string> = {
  results: `query($c: [ID!], $k: [ID!]) { results(filter: { cycles: $c, kpis: $k }, first: 100) {
    totalCount edges { node { ${RESULT} } } } }`,
  "member.results, kpi.results, assessment.results": `query($c: [ID!], $k: [ID!]) {
    members(union: "EAC") { code results(cycles: $c, kpis: $k) { ${RESULT} } }
    fra: member(code: "FRA") { results(cycles: $c, kpis: $k) { ${RESULT} } }
    jpn: member(code: "JPN") { results(cycles: $c, kpis: $k) { ${RESULT} } }
    ${KPIS.map((k, i) => `k${i}: kpi(code: "${k}") { results(cycles: $c) { ${RESULT} } }`).join("\n")}
    assessment(member: "DEU", cycle: "${CYCLE}") { results { ${RESULT} } } }`,
  "sort by value": `query($c: [ID!], $k: [ID!]) { results(filter: { cycles: $c, kpis: $k }, first: 100,
    orderBy: [{ field: VALUE, direction: DESC }]) { edges { node { ${RESULT} } } } }`,
  "visibleOnly, value filters, statistics": `query($c: [ID!], $k: [ID!]) {
    visible: results(filter: { cycles: $c, kpis: $k, visibleOnly: true }, first: 100) { totalCount edges { node { ${RESULT} } } }
    band: results(filter: { cycles: $c, kpis: $k, valueMin: 100, valueMax: 330 }, first: 100) { totalCount edges { node { ${RESULT} } } }
    ${KPIS.map((k, i) => `s${i}: resultStatistics(kpi: "${k}", cycle: "${CYCLE}") { results included withheld mean median }`).join("\n")} }`,
};

/** Every result object anywhere in an answer (anything with `withheld` and a Member). */
function rowsOf(value: unknown): Row[] {
  if (Array.isArray(value)) return value.flatMap(rowsOf);
  if (typeof value !== "object" || value === null) return [];
  const o = value as Row;
  if ("withheld" in o && o.member?.code) return [o];
  return Object.values(o).flatMap(rowsOf);
}

describe.each(Object.keys(viewers) as ViewerName[])("viewer %s through the gateway", (viewer) => {
  const token = viewers[viewer];

  it.each(Object.keys(PATHS))("gets the same answer as directly: %s", async (path) => {
    const vars = { c: [CYCLE], k: KPIS };
    const direct = await gql(PATHS[path], vars, { token });
    const through = await gql(PATHS[path], vars, { token, baseUrl: gateway.baseUrl });
    expect(direct.errors).toBeUndefined();
    expect(through.errors).toBeUndefined();
    expect(through.data).toEqual(direct.data);
    const rows = rowsOf(through.data);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) checkRow(viewer, r, `gateway ${path}`);
    const visible = rows.filter((r) => !r.withheld);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((r) => typeof r.value === "number")).toBe(true);
    if (path === "results") {
      expect(rows).toHaveLength(24);
      expect(visible).toHaveLength(VISIBLE[viewer]);
      expect(rows.filter((r) => r.withheld)).toHaveLength(24 - VISIBLE[viewer]);
    }
  });

  it("sees through another service's entities exactly what it sees directly: projects → member → results", async () => {
    const through = await gql(
      `query($c: [ID!], $k: [ID!]) { projects { title member { code results(cycles: $c, kpis: $k) { ${RESULT} } } } }`,
      { c: [CYCLE], k: KPIS },
      { token, baseUrl: gateway.baseUrl },
    );
    expect(through.errors).toBeUndefined();
    const direct = await gql(
      `query($c: [ID!], $k: [ID!]) { ${["KEN", "UGA", "FRA", "JPN"]
        .map((m) => `${m}: member(code: "${m}") { code results(cycles: $c, kpis: $k) { ${RESULT} } }`)
        .join("\n")} }`,
      { c: [CYCLE], k: KPIS },
      { token },
    );
    expect(direct.errors).toBeUndefined();
    for (const p of through.data.projects) expect(p.member).toEqual(direct.data[p.member.code]);
    const rows: Row[] = through.data.projects.flatMap((p: any) => p.member.results);
    // Five projects: KEN twice, UGA, FRA, JPN; four levels each.
    expect(rows.map(key).sort()).toEqual(
      ["KEN", "KEN", "UGA", "FRA", "JPN"].flatMap((m) => LEVELS.map((l) => `${m}/${l}`)).sort(),
    );
    checkRows(viewer, rows, "gateway projects.member.results (_entities)");
  });
});
