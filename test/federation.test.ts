import fs from "node:fs";
import path from "node:path";
import { data, errorCodes, gql } from "./support/graphql";
import { insertFixture, FixtureResult } from "./support/fixtures";
import { viewers } from "./support/tokens";
import { OwnServer, post, startOwnServer } from "./support/own-server";
import { ROOT } from "./support/server-process";
import { DisclosureLevel as L } from "../src/disclosure/disclosure-level";
import { composeWithTestSubgraph } from "../scripts/supergraph";

/** PMM Graph as an Apollo Federation 2 subgraph: `_service`, `_entities`, their limits and their cost in SQL. */
const CYCLE = "2151"; // this file's own cycle (no other file uses it)
const ENTITIES = `__typename
  ... on Member { code name } ... on Region { code name } ... on Union { code name } ... on Cycle { code }
  ... on SdgTarget { code } ... on Instrument { code name } ... on Dimension { id code } ... on Outcome { id code }
  ... on Kpi { id code } ... on KpiResult { id value withheld member { code } kpi { code } cycle { code } }`;
const ENTITIES_QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ${ENTITIES} } }`;

let memberCodes: string[] = [];
let resultIds: string[] = [];

beforeAll(async () => {
  const members = (await data(`{ members { code } }`)).members.map((m: { code: string }) => m.code);
  memberCodes = members.slice(0, 100);
  expect(memberCodes).toHaveLength(100);
  // 100 results: 50 Members x TF.1.1 (PUBLIC) and TF.4.2 (COUNTRY, withheld from anonymous viewers).
  const fixture: FixtureResult[] = memberCodes.slice(0, 50).flatMap((member, i) => [
    { member, kpi: "TF.1.1", disclosure: L.PUBLIC, value: i + 1 },
    { member, kpi: "TF.4.2", disclosure: L.COUNTRY, value: 1000 + i },
  ]);
  await insertFixture(CYCLE, fixture);
  const page = await data(`{ results(filter: { cycles: ["${CYCLE}"] }, first: 100) { edges { node { id } } } }`);
  resultIds = page.results.edges.map((e: { node: { id: string } }) => e.node.id);
  expect(resultIds).toHaveLength(100);
});

describe("_service", () => {
  it("answers the committed schema/subgraph.graphql outside production", async () => {
    const d = await data(`{ _service { sdl } }`);
    const committed = fs.readFileSync(path.join(ROOT, "schema", "subgraph.graphql"), "utf8");
    expect(d._service.sdl.trimEnd()).toBe(committed.trimEnd());
    expect(committed).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])');
    for (const [type, key] of [
      ["Member", "code"],
      ["Region", "code"],
      ["Union", "code"],
      ["Cycle", "code"],
      ["SdgTarget", "code"],
      ["Instrument", "code"],
      ["KpiResult", "id"],
      ["Dimension", "id"],
      ["Outcome", "id"],
      ["Kpi", "id"],
    ]) {
      expect(committed).toMatch(new RegExp(`type ${type} implements Node\\s+@key\\(fields: "${key}"\\)`));
    }
  });
});

describe("composition", () => {
  it("composes what _service answers with an outside subgraph (test/federation/projects.graphql)", async () => {
    const sdl = (await data(`{ _service { sdl } }`))._service.sdl;
    const composed = composeWithTestSubgraph(sdl, ROOT);
    expect(composed.errors).toEqual([]);
    expect(composed.hints).toEqual([]);
    const supergraph = composed.supergraphSdl!;
    // The other service's field joins PMM Graph's Member by its key.
    expect(supergraph).toMatch(/type Member implements Node[\s\S]*?@join__type\(graph: PMM, key: "code"\)/);
    expect(supergraph).toMatch(/projects: \[CapacityBuildingProject!\]! @join__field\(graph: PROJECTS\)/);
    const committed = fs.readFileSync(path.join(ROOT, "test", "federation", "supergraph.graphql"), "utf8");
    expect(supergraph.trimEnd()).toBe(committed.trimEnd());
  });
});

describe("_entities", () => {
  it("answers every key type, anonymous and signed in (graphql-js and the compiled path)", async () => {
    const ref = await data(`{
      regions { code } unions { code } cycles { code } instruments { code } sdgGoals { targets { code } }
      dimensions { id outcomes { id kpis { id } } } }`);
    const outcome = ref.dimensions[0].outcomes[0];
    const representations: Record<string, string>[] = [
      { __typename: "Member", code: "KEN" },
      { __typename: "Region", code: ref.regions[0].code },
      { __typename: "Union", code: ref.unions[0].code },
      { __typename: "Cycle", code: CYCLE },
      { __typename: "SdgTarget", code: ref.sdgGoals.flatMap((g: any) => g.targets)[0].code },
      { __typename: "Instrument", code: ref.instruments[0].code },
      { __typename: "Dimension", id: ref.dimensions[0].id },
      { __typename: "Outcome", id: outcome.id },
      { __typename: "Kpi", id: outcome.kpis[0].id },
      { __typename: "KpiResult", id: resultIds[0] },
    ];
    for (const token of [undefined, viewers.secretariat]) {
      const res = await gql(ENTITIES_QUERY, { r: representations }, { token });
      expect(res.errors).toBeUndefined();
      const got = res.data._entities as Record<string, any>[];
      expect(got).toHaveLength(representations.length);
      got.forEach((e, i) => {
        const rep = representations[i];
        expect(e.__typename).toBe(rep.__typename);
        const k = "code" in rep ? "code" : "id";
        expect(e[k]).toBe(rep[k]);
      });
      expect(got[0].name).toBe("Kenya");
      expect(got[9]).toMatchObject({ withheld: false, value: expect.any(Number), cycle: { code: CYCLE } });
    }
  });

  it("guards results as every other path: withheld values null, `withheld: true`", async () => {
    const r = resultIds.map((id) => ({ __typename: "KpiResult", id }));
    const anonymous = await gql(ENTITIES_QUERY, { r });
    const signedIn = await gql(ENTITIES_QUERY, { r }, { token: viewers.secretariat });
    expect(anonymous.errors).toBeUndefined();
    expect(signedIn.errors).toBeUndefined();
    const rows = anonymous.data._entities as any[];
    expect(rows).toHaveLength(100);
    const withheld = rows.filter((x) => x.kpi.code === "TF.4.2");
    expect(withheld).toHaveLength(50);
    for (const x of withheld) expect(x).toMatchObject({ withheld: true, value: null });
    for (const x of rows.filter((x) => x.kpi.code === "TF.1.1")) expect(x).toMatchObject({ withheld: false });
    expect(rows.filter((x) => typeof x.value === "number")).toHaveLength(50);
    // The Secretariat sees every one of them.
    expect((signedIn.data._entities as any[]).filter((x) => x.withheld === false && x.value !== null)).toHaveLength(
      100,
    );
  });

  it("costs the same SQL statements for 1 and for 100 representations of a type", async () => {
    const counts: Record<string, number[]> = {};
    const cases: [string, Record<string, string>[]][] = [
      ["Member", memberCodes.map((code) => ({ __typename: "Member", code }))],
      ["KpiResult", resultIds.map((id) => ({ __typename: "KpiResult", id }))],
    ];
    for (const [type, all] of cases) {
      expect(all).toHaveLength(100);
      for (const r of [all.slice(0, 1), all]) {
        const res = await gql(ENTITIES_QUERY, { r }, { token: viewers.ncpKen });
        expect(res.errors).toBeUndefined();
        expect(res.data._entities.filter((e: any) => e?.__typename === type)).toHaveLength(r.length);
        (counts[type] ??= []).push(res.extensions!.sqlStatements);
      }
    }
    console.log(`_entities SQL statements for 1 and 100 representations: ${JSON.stringify(counts)}`);
    expect(counts.Member[1]).toBe(counts.Member[0]);
    expect(counts.KpiResult[1]).toBe(counts.KpiResult[0]);
    expect(counts.KpiResult[1]).toBeLessThanOrEqual(4);
  });

  it.each([
    ["anonymous", undefined],
    ["signed in", "ncpKen"],
  ] as const)("answers unknown or malformed representations null with a coded error (%s)", async (_n, who) => {
    const r = [
      { __typename: "Member", code: "KEN" },
      { __typename: "Member", code: "XXX" },
      { __typename: "Assessment", id: "x" },
      { __typename: "Member" },
      { __typename: "KpiResult", id: "not an id" },
      // A real id of another type names no KpiResult.
      { __typename: "KpiResult", id: Buffer.from("Member:1").toString("base64url") },
      42,
      { __typename: "Member", code: { nested: true } },
    ];
    const res = await gql(ENTITIES_QUERY, { r }, { token: who ? viewers[who] : undefined });
    expect(res.status).toBe(200);
    expect(res.data._entities).toHaveLength(r.length);
    expect(res.data._entities[0]).toMatchObject({ __typename: "Member", code: "KEN" });
    expect(res.data._entities.slice(1)).toEqual(Array(r.length - 1).fill(null));
    const byIndex = Object.fromEntries(res.errors!.map((e) => [e.path![1], e.extensions!.code]));
    expect(byIndex).toEqual({
      1: "NOT_FOUND",
      2: "BAD_USER_INPUT",
      3: "BAD_USER_INPUT",
      4: "NOT_FOUND",
      5: "NOT_FOUND",
      6: "BAD_USER_INPUT",
      7: "BAD_USER_INPUT",
    });
  });

  it("takes at most 1000 representations, and prices each one against the cost limit", async () => {
    const many = Array.from({ length: 1001 }, () => ({ __typename: "Member", code: "KEN" }));
    const over = await gql(`query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`, { r: many });
    expect(errorCodes(over)).toEqual(["BAD_USER_INPUT"]);
    expect(over.errors![0].message).toMatch(/takes at most 1000 items, got 1001/);
    // What is asked of each entity counts once per representation: one KPI's results are cheap, 500 are not.
    const costly = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Kpi { results { value } } } }`;
    const kpi = (await data(`{ kpi(code: "TF.1.1") { id } }`)).kpi.id;
    const one = await gql(costly, { r: [{ __typename: "Kpi", id: kpi }] });
    expect(one.errors).toBeUndefined();
    const lots = await gql(costly, { r: Array.from({ length: 500 }, () => ({ __typename: "Kpi", id: kpi })) });
    expect(lots.status).toBe(400);
    expect(errorCodes(lots)).toEqual(["QUERY_TOO_COMPLEX"]);
  });
});

describe("_service in production", () => {
  const SECRET = "federation-secret-for-tests-0123456789abcdef";
  let own: OwnServer;
  beforeAll(async () => {
    own = await startOwnServer("federation-production", { NODE_ENV: "production", PMM_FEDERATION_SECRET: SECRET });
  });
  afterAll(async () => {
    await own?.close();
  });

  it("is FORBIDDEN without the gateway's secret, or with a wrong one", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { "x-pmm-federation-secret": "wrong" },
      { "x-pmm-federation-secret": "" },
    ]) {
      const res = await post(own.baseUrl, { query: "{ _service { sdl } }" }, headers);
      expect(res.json.errors.map((e: any) => e.extensions.code)).toEqual(["FORBIDDEN"]);
      expect(res.text).not.toContain("KpiResult");
    }
  });

  it("answers the SDL to a caller presenting PMM_FEDERATION_SECRET in x-pmm-federation-secret", async () => {
    const res = await post(own.baseUrl, { query: "{ _service { sdl } }" }, { "x-pmm-federation-secret": SECRET });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data._service.sdl).toContain('type KpiResult implements Node\n  @key(fields: "id")');
  });

  it("keeps _entities open to every viewer", async () => {
    const res = await post(own.baseUrl, {
      query: `{ _entities(representations: [{ __typename: "Member", code: "KEN" }]) { ... on Member { name } } }`,
    });
    expect(res.json).toEqual({ data: { _entities: [{ name: "Kenya" }] } });
  });
});
