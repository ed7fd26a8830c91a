import { createRegionalClient } from "../../clients/regional";
import { regionalExample } from "../../clients/regional/example";
import { baseUrl } from "../support/graphql";
import { B, clientsFixture, printed, viewersOfClients } from "./fixture";

/** A regional office's tool on the generated client: its union's view and union statistics. */
const endpoint = () => `${baseUrl()}/graphql`;
const ecowasOffice = () => createRegionalClient({ endpoint: endpoint(), token: viewersOfClients.officeEcowas });
beforeAll(() => clientsFixture());

describe("regional client", () => {
  it("shows the union's results and statistics beside world and region, at the levels the office may see", async () => {
    const view = await ecowasOffice().unionView({ union: "ECOWAS", kpis: ["TF.1.1"], cycle: B });
    expect(view.union.code).toBe("ECOWAS");
    expect(view.members.map((m) => m.code)).toEqual([
      "BEN",
      "CIV",
      "CPV",
      "GHA",
      "GIN",
      "GMB",
      "GNB",
      "LBR",
      "NGA",
      "SEN",
      "SLE",
      "TGO",
    ]);
    expect(view.results.map((r) => [r.member.code, r.value, r.withheld])).toEqual([
      ["CIV", null, true],
      ["GHA", 55, false],
      ["NGA", 70, false],
      ["SEN", 50, false],
      ["TGO", null, false],
    ]);
    const [stats] = view.statistics;
    // Union: 55, 70, 50 (CIV's COUNTRY value withheld, TGO not used). World adds Chile's WCO-level 20.
    expect(stats!.union).toMatchObject({
      groupCode: "ECOWAS",
      results: 5,
      included: 3,
      withheld: 1,
      notUsed: 1,
      mean: 175 / 3,
      median: 55,
      min: 50,
      max: 70,
    });
    expect(stats!.world).toMatchObject({ groupCode: null, included: 4, withheld: 1, mean: 48.75 });
    expect(stats!.regions.map((r) => [r.groupCode, r.included, r.mean])).toEqual([["WCA", 3, 175 / 3]]);
  });

  it("keeps UNION-level values from an office of another union", async () => {
    const eac = createRegionalClient({ endpoint: endpoint(), token: viewersOfClients.officeEac });
    const view = await eac.unionView({ union: "ECOWAS", kpis: ["TF.1.1"], cycle: B });
    expect(view.results.find((r) => r.member.code === "SEN")).toEqual({
      member: { code: "SEN" },
      kpi: { code: "TF.1.1", unit: "PERCENT" },
      value: null,
      disclosure: "UNION",
      withheld: true,
    });
    expect(view.statistics[0]!.union).toMatchObject({ included: 2, withheld: 2, mean: 62.5 });
  });

  it("gives statistics per union", async () => {
    const rows = await ecowasOffice().unionStatistics({ kpi: "TF.1.1", cycle: B, unions: ["ECOWAS", "UEMOA"] });
    expect(rows.map((r) => [r.groupCode, r.included, r.withheld, r.notUsed, r.mean])).toEqual([
      ["ECOWAS", 3, 1, 1, 175 / 3],
      ["UEMOA", 1, 1, 1, 50],
    ]);
    await expect(ecowasOffice().unionStatistics({ kpi: "TF.1.1", cycle: B, unions: ["NOPE"] })).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
    });
  });

  it("runs the README example", async () => {
    const out = printed();
    await regionalExample(
      { endpoint: endpoint(), token: viewersOfClients.officeEcowas },
      "ECOWAS",
      "TF.1.1",
      B,
      out.print,
    );
    expect(out.lines.slice(0, 7)).toEqual([
      `Economic Community of West African States, TF.1.1, cycle ${B}`,
      "  CIV: withheld (COUNTRY)",
      "  GHA: 55",
      "  NGA: 70",
      "  SEN: 50",
      "  TGO: none",
      `  mean: union ${175 / 3} (3 values, 1 withheld), world 48.75`,
    ]);
    expect(out.lines[7]).toContain(`ECOWAS ${175 / 3}`);
  });
});
