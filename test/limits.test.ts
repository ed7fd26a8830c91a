import { baseUrl } from "./support/graphql";
import { OwnServer, post, startOwnServer } from "./support/own-server";
import { viewers } from "./support/tokens";

const auth = (t?: string): Record<string, string> => (t ? { authorization: `Bearer ${t}` } : {});
const VIEWERS = { anonymous: undefined, secretariat: viewers.secretariat };

describe("issue 14.3: work is priced by what lists return, and bounded while it runs", () => {
  it("refuses 30 aliases of SDG target trends by Member before anything runs (was 28,590: 11 MB, 15-30 s)", async () => {
    const one = "sdgGoals { targets { trends(groupBy: MEMBER) { groupCode } } }";
    const query = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: ${one}`).join(" ")} }`;
    const res = await post(baseUrl(), { query });
    expect(res.status).toBe(400);
    expect(res.json.data).toBeUndefined();
    expect(res.json.errors[0].extensions).toEqual({
      code: "QUERY_TOO_COMPLEX",
      limit: "maxCost",
      max: 200_000,
      actual: 5_613_090,
    });
  });

  it("prices kpiTrends by the groups asked for: 8 KPIs for 4 Members is answered", async () => {
    const kpis = ["TF.1.1", "TF.1.2", "TF.2.1", "TF.2.2", "TF.2.3", "TF.3.1", "TF.3.2", "TF.4.1"];
    const res = await post(baseUrl(), {
      query: "query($k: [ID!]!, $g: [ID!]) { kpiTrends(kpis: $k, groupBy: MEMBER, groups: $g) { groupCode } }",
      variables: { k: kpis, g: ["KEN", "UGA", "TZA", "GHA"] },
    });
    expect(res.json.errors).toBeUndefined();
  });

  describe("with a small execution budget (PMM_EXECUTION_BUDGET=100 list items)", () => {
    let own: OwnServer;
    beforeAll(async () => {
      own = await startOwnServer("execution-budget", { PMM_EXECUTION_BUDGET: "100" });
    });
    afterAll(async () => {
      await own?.close();
    });

    it.each(Object.entries(VIEWERS))("stops a query past it, for %s, with only QUERY_TOO_COMPLEX", async (_n, t) => {
      // 183 Members: priced 201 (under PMM_MAX_COST), but more items than the budget.
      const res = await post(own.baseUrl, { query: "{ regions { code } members { code } }" }, auth(t));
      expect(res.status).toBe(400);
      expect(res.json.data).toBeUndefined();
      expect(res.json.errors).toHaveLength(1);
      expect(res.json.errors[0].extensions).toEqual({
        code: "QUERY_TOO_COMPLEX",
        limit: "executionBudget",
        max: 100,
        actual: 189,
      });
    });

    it.each(Object.entries(VIEWERS))("answers a query within it, for %s", async (_n, t) => {
      const res = await post(own.baseUrl, { query: "{ regions { code } unions { code } }" }, auth(t));
      expect(res.json.errors).toBeUndefined();
    });
  });
});

describe("issue 14.8: client mistakes are 4xx, never 5xx", () => {
  it.each(Object.entries(VIEWERS))(
    "an unknown operationName, for %s: 400 OPERATION_RESOLUTION_FAILURE",
    async (_n, t) => {
      const res = await post(baseUrl(), { query: "query A { __typename }", operationName: "B" }, auth(t));
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([
        { message: 'Unknown operation named "B".', extensions: { code: "OPERATION_RESOLUTION_FAILURE" } },
      ]);
    },
  );
});
