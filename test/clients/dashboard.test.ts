import { createDashboardClient, PmmApiError, type Scorecard } from "../../clients/dashboard";
import { dashboardExample } from "../../clients/dashboard/example";
import { baseUrl } from "../support/graphql";
import { A, B, clientsFixture, printed, viewersOfClients } from "./fixture";

/** A dashboard built on the generated client: a Member's scorecard, chosen KPIs for chosen Members. */
const endpoint = () => `${baseUrl()}/graphql`;
beforeAll(() => clientsFixture());

const kpiOf = (card: Scorecard, code: string) => card.kpis.find((k) => k.kpi.code === code);

describe("dashboard client", () => {
  it("shows a Member's scorecard with scores, its own target and the roll-up, the previous cycle beside it", async () => {
    const card = await createDashboardClient({ endpoint: endpoint() }).scorecard({ member: "GHA", cycle: B });
    expect(card.member).toEqual({ code: "GHA", name: "Ghana" });
    expect(card.previousCycle).toEqual({ code: A });
    // 55% scores 55 (40 before); Ghana aimed at 70%: not met, half way from 40 to 70.
    expect(kpiOf(card, "TF.1.1")).toEqual({
      kpi: { code: "TF.1.1", name: expect.any(String), unit: "PERCENT", direction: "HIGHER_IS_BETTER" },
      score: 55,
      previousScore: 40,
      target: 70,
      targetMet: false,
      progressToTarget: 50,
      result: { value: 55, disclosure: "PUBLIC", withheld: false },
    });
    // 18 h of 72 scores 75 (36 h scored 50).
    expect(kpiOf(card, "TF.4.1")).toMatchObject({
      score: 75,
      previousScore: 50,
      result: { value: 18, withheld: false },
    });
    expect(card.outcomes.filter((o) => o.scored > 0).map((o) => [o.code, o.score, o.previousScore])).toEqual([
      ["TF.1", 55, 40],
      ["TF.4", 75, 50],
    ]);
    expect(card.dimensions.find((d) => d.code === "TF")).toMatchObject({
      score: 65,
      previousScore: 45,
      scored: 2,
      withheld: 0,
    });
  });

  it("compares chosen Members on chosen KPIs at the levels the viewer may see", async () => {
    const vars = { members: ["GHA", "SEN", "CIV"], kpis: ["TF.1.1"], cycles: [B] };
    const cells = (rows: Awaited<ReturnType<ReturnType<typeof createDashboardClient>["compareMembers"]>>) =>
      rows.map((r) => [r.member.code, r.results.map((x) => (x.withheld ? `withheld ${x.disclosure}` : x.value))]);
    const publicRows = await createDashboardClient({ endpoint: endpoint() }).compareMembers(vars);
    expect(cells(publicRows)).toEqual([
      ["GHA", [55]],
      ["SEN", ["withheld UNION"]],
      ["CIV", ["withheld COUNTRY"]],
    ]);
    // Nigeria's NCP shares ECOWAS with Senegal and Côte d'Ivoire: UNION opens, COUNTRY stays closed.
    const ncpRows = await createDashboardClient({
      endpoint: endpoint(),
      token: viewersOfClients.ncpNga,
    }).compareMembers(vars);
    expect(cells(ncpRows)).toEqual([
      ["GHA", [55]],
      ["SEN", [50]],
      ["CIV", ["withheld COUNTRY"]],
    ]);
  });

  it("pages through results sorted by value, withheld and missing values last", async () => {
    const dashboard = createDashboardClient({ endpoint: endpoint() });
    const filter = { cycles: [B], kpis: ["TF.1.1"], region: "WCA" };
    const first = await dashboard.results({ filter, first: 2, orderBy: [{ field: "VALUE", direction: "DESC" }] });
    expect(first.totalCount).toBe(5);
    expect(first.edges.map((e) => [e.node.member.code, e.node.value])).toEqual([
      ["NGA", 70],
      ["GHA", 55],
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await dashboard.results({
      filter,
      first: 10,
      after: first.pageInfo.endCursor,
      orderBy: [{ field: "VALUE", direction: "DESC" }],
    });
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(rest.edges.map((e) => [e.node.member.code, e.node.value, e.node.withheld]).sort()).toEqual([
      ["CIV", null, true],
      ["SEN", null, true],
      ["TGO", null, false],
    ]);
    expect(Number.isNaN(Date.parse(rest.edges[0]!.node.updatedAt))).toBe(false);
  });

  it("throws the API's error code: an unknown Member, a bad token, a page too large", async () => {
    const dashboard = createDashboardClient({ endpoint: endpoint() });
    await expect(dashboard.scorecard({ member: "XXX", cycle: B })).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      operationName: "Scorecard",
      message: "Scorecard: BAD_USER_INPUT: Unknown Member 'XXX'; the query `members { code }` lists the Members",
    });
    const forged = createDashboardClient({ endpoint: endpoint(), token: "not-a-jwt" });
    const err = await forged.scorecard({ member: "GHA", cycle: B }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PmmApiError);
    expect(err).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    await expect(dashboard.results({ first: 1001 })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("runs the README example", async () => {
    const out = printed();
    await dashboardExample({ endpoint: endpoint() }, "GHA", B, out.print);
    expect(out.lines).toEqual([
      `Ghana, cycle ${B} (previous: ${A})`,
      `  TF Trade Facilitation and Economic Competitiveness: score 65 (was 45; 2 scored, 0 withheld)`,
      `  RC Revenue Collection: score n/a (was n/a; 0 scored, 0 withheld)`,
      `  ES Enforcement, Security and Protection of Society: score n/a (was n/a; 0 scored, 0 withheld)`,
      `  OD Organizational Development: score n/a (was n/a; 0 scored, 0 withheld)`,
      `  GHA: TF.1.1=55`,
      `  UGA: did not take part`,
      `  TZA: did not take part`,
    ]);
  });
});
