import { errorCodes, gql } from "./support/graphql";
import { viewers } from "./support/tokens";

/**
 * One rule for codes and ids of every reference kind (README, "Looking things up by code"), over HTTP:
 * - a root lookup by code answers null;
 * - a code given as an argument or filter value that names nothing is BAD_USER_INPUT naming the argument
 *   (`extensions.argument`);
 * - an id given to a mutation that names nothing is NOT_FOUND.
 * Cycles, framework items, regions, unions and Members alike, in queries and mutations.
 */
const secretariat = { token: viewers.secretariat };
const globalId = (type: string, pk: number) => Buffer.from(`${type}:${pk}`).toString("base64url");

describe("a root lookup by code answers null when there is none", () => {
  it.each([
    ["cycle", `cycle(code: "1999") { code }`],
    ["Member", `member(code: "ZZZ") { code }`],
    ["region", `region(code: "MOON") { code }`],
    ["union", `union(code: "NOPE") { code }`],
    ["KPI", `kpi(code: "TF.99.9") { code }`],
    ["outcome", `outcome(code: "TF.99") { code }`],
    ["dimension", `dimension(code: "XX") { code }`],
  ])("%s", async (_kind, field) => {
    const res = await gql(`{ found: ${field} }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ found: null });
  });

  it("and finds what exists, the same way for every kind", async () => {
    const res = await gql(
      `{ cycle(code: "2025") { code } member(code: "KEN") { code } region(code: "ESA") { code }
         union(code: "EAC") { code } kpi(code: "TF.1.1") { code } }`,
    );
    expect(res.data).toEqual({
      cycle: { code: "2025" },
      member: { code: "KEN" },
      region: { code: "ESA" },
      union: { code: "EAC" },
      kpi: { code: "TF.1.1" },
    });
  });
});

describe("a code given as an argument or filter value that names nothing is BAD_USER_INPUT naming the argument", () => {
  it.each([
    // cycles
    ["cycle", "cycles", `{ kpiTrends(kpis: ["TF.1.1"], cycles: ["1999"]) { kpi { code } } }`, undefined],
    ["cycle", "cycle", `{ resultStatistics(kpi: "TF.1.1", cycle: "1999") { mean } }`, undefined],
    ["cycle", "cycle", `{ assessment(member: "KEN", cycle: "1999") { id } }`, undefined],
    ["cycle", "filter", `{ results(filter: { cycles: ["1999"] }) { totalCount } }`, undefined],
    ["cycle", "cycles", `{ member(code: "KEN") { results(cycles: ["1999"]) { value } } }`, undefined],
    ["cycle", "cycle", `mutation { openSelfAssessment(cycle: "1999") { code } }`, secretariat],
    ["cycle", "cycle", `mutation { startAssessment(member: "KEN", cycle: "1999") { id } }`, secretariat],
    // Members
    ["Member", "members", `{ compareMembers(members: ["ZZZ"], kpis: ["TF.1.1"]) { member { code } } }`, undefined],
    ["Member", "member", `{ scorecard(member: "ZZZ", cycle: "2025") { member { code } } }`, undefined],
    ["Member", "member", `{ assessment(member: "ZZZ", cycle: "2025") { id } }`, undefined],
    ["Member", "filter", `{ results(filter: { members: ["ZZZ"] }) { totalCount } }`, undefined],
    ["Member", "member", `mutation { startAssessment(member: "ZZZ", cycle: "2025") { id } }`, secretariat],
    // regions
    ["region", "region", `{ members(region: "MOON") { code } }`, undefined],
    ["region", "filter", `{ results(filter: { region: "MOON" }) { totalCount } }`, undefined],
    ["region", "groups", `{ kpiTrends(kpis: ["TF.1.1"], groupBy: REGION, groups: ["MOON"]) { groupCode } }`, undefined],
    // unions
    ["union", "union", `{ members(union: "NOPE") { code } }`, undefined],
    ["union", "union", `{ unionView(union: "NOPE", kpis: ["TF.1.1"], cycle: "2025") { union { code } } }`, undefined],
    ["union", "filter", `{ results(filter: { union: "NOPE" }) { totalCount } }`, undefined],
    // framework items
    ["KPI", "kpis", `{ kpiTrends(kpis: ["TF.99.9"]) { kpi { code } } }`, undefined],
    ["KPI", "kpi", `{ memberRank(member: "KEN", kpi: "TF.99.9", cycle: "2025") { rank } }`, undefined],
    ["KPI", "filter", `{ results(filter: { kpis: ["TF.99.9"] }) { totalCount } }`, undefined],
    ["framework version", "framework", `{ dimensions(framework: "V9") { code } }`, undefined],
    ["framework version", "framework", `{ kpi(code: "TF.1.1", framework: "V9") { code } }`, undefined],
  ])("%s as `%s`: %s", async (_kind, argument, query, opts) => {
    const res = await gql(query, undefined, opts);
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0].extensions!.argument).toBe(argument);
    // Nothing answered: no data, or the one (nullable) field null.
    expect(Object.values(res.data ?? {}).every((v) => v === null)).toBe(true);
  });

  it("names every unknown code of a filter at once", async () => {
    const res = await gql(
      `{ results(filter: { kpis: ["TF.99.9"], cycles: ["1999"], region: "MOON" }) { totalCount } }`,
    );
    expect(res.errors![0].message).toMatch(/KPI 'TF\.99\.9'.*cycle '1999'.*region 'MOON'/);
  });
});

describe("an id given to a mutation that names nothing is NOT_FOUND", () => {
  it.each([
    [
      "an assessment",
      `mutation { submitAssessment(assessment: "${globalId("Assessment", 999999)}", expectedVersion: 1) { id } }`,
    ],
    ["a peer review", `mutation { closePeerReview(review: "${globalId("PeerReview", 999999)}") { id } }`],
  ])("%s", async (_what, mutation) => {
    const res = await gql(mutation, undefined, secretariat);
    expect(errorCodes(res)).toEqual(["NOT_FOUND"]);
  });

  it("while an id of the wrong kind is BAD_USER_INPUT naming the argument", async () => {
    const res = await gql(
      `mutation { submitAssessment(assessment: "${globalId("Cycle", 1)}", expectedVersion: 1) { id } }`,
      undefined,
      secretariat,
    );
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0].extensions!.argument).toBe("assessment");
  });
});
