import definition from "../src/framework/definitions/pmm-framework-v1.json";
import { data, errorCodes, gql } from "./support/graphql";

const HIERARCHY = /* GraphQL */ `
  {
    dimensions {
      code
      name
      outcomes {
        code
        provenance
        kpis {
          code
          unit
          direction
          inputs
          provenance
          sdgTargets {
            code
          }
          instruments {
            code
          }
        }
        sdgTargets {
          code
        }
        instruments {
          code
        }
      }
    }
  }
`;

describe("the PMM framework, top down", () => {
  it("serves V1 exactly as its definition file: 4 dimensions, 23 outcomes, 51 KPIs with their mappings", async () => {
    const { dimensions } = await data(HIERARCHY);
    const expected = definition.dimensions.map((d) => ({
      code: d.code,
      name: d.name,
      outcomes: d.outcomes.map((o) => ({
        code: o.code,
        provenance: o.provenance,
        kpis: o.kpis.map((k) => ({
          code: k.code,
          unit: k.unit,
          direction: k.direction,
          inputs: k.inputs,
          provenance: k.provenance,
          sdgTargets: [...k.sdgTargets].map((code) => ({ code })),
          instruments: [...k.instruments].map((code) => ({ code })),
        })),
        sdgTargets: [...o.sdgTargets].map((code) => ({ code })),
        instruments: [...o.instruments].map((code) => ({ code })),
      })),
    }));
    // Mapped lists come in reference-data order, not file order: compare as sets.
    const norm = (ds: any[]) =>
      ds.map((d) => ({
        ...d,
        outcomes: d.outcomes.map((o: any) => ({
          ...o,
          sdgTargets: o.sdgTargets.map((t: any) => t.code).sort(),
          instruments: o.instruments.map((t: any) => t.code).sort(),
          kpis: o.kpis.map((k: any) => ({
            ...k,
            sdgTargets: k.sdgTargets.map((t: any) => t.code).sort(),
            instruments: k.instruments.map((t: any) => t.code).sort(),
          })),
        })),
      }));
    expect(norm(dimensions)).toEqual(norm(expected));
    expect(dimensions).toHaveLength(4);
    expect(dimensions.flatMap((d: any) => d.outcomes)).toHaveLength(23);
    expect(dimensions.flatMap((d: any) => d.outcomes.flatMap((o: any) => o.kpis))).toHaveLength(51);
  });

  it("navigates upwards from a KPI to its outcome, dimension and framework version", async () => {
    const { kpi } = await data(
      `{ kpi(code: "TF.1.1") { name outcome { code dimension { code framework { code active } } } } }`,
    );
    expect(kpi).toEqual({
      name: "Rate of electronic declarations",
      outcome: { code: "TF.1", dimension: { code: "TF", framework: { code: "V1", active: true } } },
    });
  });

  it("lists all 51 KPIs in framework order", async () => {
    const { kpis } = await data(`{ kpis { code } }`);
    const expected = definition.dimensions.flatMap((d) => d.outcomes.flatMap((o) => o.kpis.map((k) => k.code)));
    expect(kpis.map((k: any) => k.code)).toEqual(expected);
  });

  it("gives null for unknown codes and BAD_USER_INPUT naming the argument for an unknown framework version", async () => {
    const res = await data(
      `{ dimension(code: "XX") { code } outcome(code: "TF.99") { code } kpi(code: "nope") { code } member(code: "ZZZ") { code } }`,
    );
    expect(res).toEqual({ dimension: null, outcome: null, kpi: null, member: null });
    const bad = await gql(`{ dimensions(framework: "V9") { code } }`);
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(bad.errors![0].extensions!.argument).toBe("framework");
    expect(bad.errors![0].message).toContain("V9");
  });
});

describe("the framework, bottom up", () => {
  it("goes from SDG goals to targets to the KPIs and outcomes mapped to them", async () => {
    const { sdgGoals } = await data(
      `{ sdgGoals { number title targets { code goal { number } kpis { code } outcomes { code } } } }`,
    );
    expect(sdgGoals).toHaveLength(17);
    const goal16 = sdgGoals.find((g: any) => g.number === 16);
    const t165 = goal16.targets.find((t: any) => t.code === "16.5");
    expect(t165.goal.number).toBe(16);
    expect(t165.outcomes.map((o: any) => o.code)).toEqual(["OD.1"]);
    expect(t165.kpis.map((k: any) => k.code).sort()).toEqual(["OD.1.1", "OD.1.2"]);
    // Every KPI mapping in the file shows up from the target's side.
    const fromFile = new Map<string, string[]>();
    for (const d of definition.dimensions)
      for (const o of d.outcomes)
        for (const k of o.kpis) for (const t of k.sdgTargets) fromFile.set(t, [...(fromFile.get(t) ?? []), k.code]);
    const fromApi = new Map<string, string[]>();
    for (const g of sdgGoals)
      for (const t of g.targets) if (t.kpis.length) fromApi.set(t.code, t.kpis.map((k: any) => k.code).sort());
    expect(Object.fromEntries(fromApi)).toEqual(Object.fromEntries([...fromFile].map(([t, ks]) => [t, ks.sort()])));
  });

  it("goes from an instrument to the outcomes and KPIs that measure it", async () => {
    const { instrument, instruments } = await data(
      `{ instrument(code: "SAFE") { name kind outcomes { code } kpis { code } } instruments { code } }`,
    );
    expect(instrument).toEqual({
      name: "SAFE Framework of Standards",
      kind: "STANDARD",
      outcomes: [{ code: "TF.2" }, { code: "ES.4" }],
      kpis: [{ code: "TF.2.1" }, { code: "TF.2.2" }, { code: "TF.2.3" }, { code: "ES.4.1" }],
    });
    expect(instruments).toHaveLength(20);
  });
});

describe("Members, regions, unions and cycles", () => {
  it("lists the Members by code, with region and unions", async () => {
    const { members } = await data(`{ members { code iso2 m49 name region { code } unions { code } } }`);
    expect(members).toHaveLength(183);
    expect(members.map((m: any) => m.code)).toEqual([...members.map((m: any) => m.code)].sort());
    expect(members.find((m: any) => m.code === "KEN")).toEqual({
      code: "KEN",
      iso2: "KE",
      m49: "404",
      name: "Kenya",
      region: { code: "ESA" },
      unions: [{ code: "EAC" }],
    });
    expect(
      members
        .find((m: any) => m.code === "SEN")
        .unions.map((u: any) => u.code)
        .sort(),
    ).toEqual(["ECOWAS", "UEMOA"]);
  });

  it("filters Members by region and by union, and refuses unknown ones", async () => {
    const { eac, esa, both } = await data(`{
      eac: members(union: "EAC") { code }
      esa: members(region: "ESA") { code }
      both: members(region: "ESA", union: "EAC") { code }
    }`);
    expect(eac.map((m: any) => m.code)).toEqual(["BDI", "COD", "KEN", "RWA", "SOM", "SSD", "TZA", "UGA"]);
    expect(esa.length).toBeGreaterThan(15);
    expect(both.map((m: any) => m.code)).toEqual(
      eac.map((m: any) => m.code).filter((c: string) => esa.some((e: any) => e.code === c)),
    );
    const bad = await gql(`{ members(region: "MARS") { code } }`);
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(bad.errors![0].message).toContain("MARS");
  });

  it("navigates regions to Members and unions to Members", async () => {
    const { regions, union } = await data(
      `{ regions { code members { code region { code } } } union(code: "SACU") { name members { code } } }`,
    );
    expect(regions.map((r: any) => r.code)).toEqual(["AMS", "AP", "ESA", "EUR", "MENA", "WCA"]);
    expect(regions.reduce((n: number, r: any) => n + r.members.length, 0)).toBe(183);
    for (const r of regions) for (const m of r.members) expect(m.region.code).toBe(r.code);
    expect(union).toEqual({
      name: "Southern African Customs Union",
      members: ["BWA", "LSO", "NAM", "SWZ", "ZAF"].map((code) => ({ code })),
    });
  });

  it("lists the cycles", async () => {
    const { cycles } = await data(`{ cycles { code name opensOn referenceYear phase } }`);
    expect(cycles.slice(0, 2)).toEqual([
      { code: "2023", name: "First cycle", opensOn: "2023-12-05", referenceYear: 2022, phase: "CLOSED" },
      { code: "2025", name: "Second cycle", opensOn: "2025-12-08", referenceYear: 2024, phase: "PEER_REVIEW" },
    ]);
  });
});

describe("Node ids", () => {
  it("are unique across types and fetch the same objects back through node and nodes", async () => {
    const res = await data(`{
      dimension(code: "TF") { id code }
      kpi(code: "TF.1.1") { id code }
      member(code: "KEN") { id code }
      union(code: "EAC") { id code }
      region(code: "ESA") { id code }
      cycles { id code }
      sdgTarget(code: "16.5") { id code }
      instrument(code: "RKC") { id code }
    }`);
    const objects = [
      res.dimension,
      res.kpi,
      res.member,
      res.union,
      res.region,
      res.cycles[0],
      res.sdgTarget,
      res.instrument,
    ];
    const ids = objects.map((o: any) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const { nodes } = await data(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Dimension { code } ... on Kpi { code } ... on Member { code }
        ... on Union { code } ... on Region { code } ... on Cycle { code } ... on SdgTarget { code } ... on Instrument { code } } }`,
      { ids },
    );
    expect(nodes.map((n: any) => [n.__typename, n.id, n.code])).toEqual([
      ["Dimension", res.dimension.id, "TF"],
      ["Kpi", res.kpi.id, "TF.1.1"],
      ["Member", res.member.id, "KEN"],
      ["Union", res.union.id, "EAC"],
      ["Region", res.region.id, "ESA"],
      ["Cycle", res.cycles[0].id, res.cycles[0].code],
      ["SdgTarget", res.sdgTarget.id, "16.5"],
      ["Instrument", res.instrument.id, "RKC"],
    ]);
    const one = await data(`query($id: ID!) { node(id: $id) { ... on Member { name } } }`, { id: res.member.id });
    expect(one.node).toEqual({ name: "Kenya" });
  });

  it("returns null for a well-formed id of nothing and BAD_USER_INPUT for garbage", async () => {
    const missing = Buffer.from("Member:999999").toString("base64url");
    const unknownType = Buffer.from("Spaceship:1").toString("base64url");
    expect(
      await data(`query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`, {
        a: missing,
        b: unknownType,
      }),
    ).toEqual({
      a: null,
      b: null,
    });
    const bad = await gql(`{ node(id: "!!not-an-id!!") { id } }`);
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
  });
});
