import { baseUrl, gql, GraphQLResponse } from "./support/graphql";
import { insertFixture } from "./support/fixtures";
import { viewers } from "./support/tokens";
import { openCycle } from "./support/collection";
import { freePort, ServerProcess } from "./support/server-process";
import { OwnServer, post, startOwnServer } from "./support/own-server";
import {
  pmmSubgraph,
  projectsSubgraph,
  receivedHeaders,
  startGatewayProcess,
  startProjectsSubgraph,
} from "./support/gateway";
import { clientsFixture, A, B, printed, viewersOfClients } from "./clients/fixture";
import { dashboardExample } from "../clients/dashboard/example";
import { regionalExample } from "../clients/regional/example";
import { secretariatExample } from "../clients/secretariat/example";
import { submissionExample } from "../clients/submission/example";
import { createDashboardClient, PmmApiError } from "../clients/dashboard";
import { ncp } from "./support/collection";
import { DisclosureLevel as L } from "../src/disclosure/disclosure-level";

/**
 * PMM Graph behind Apollo Gateway (`npm run gateway`), next to the test subgraph of another WCO service: queries
 * that cross both, what the gateway forwards to whom, errors and their codes, and the typed clients pointed at it.
 */
const CYCLE = "2171"; // this file's own cycles (no other file uses them)
const SUBMIT_DIRECT = "2173";
const SUBMIT_GATEWAY = "2175";
const SECRET = "federation-secret-for-gateway-tests-0123456789";

let projects: ServerProcess;
let gateway: ServerProcess;
const viaGateway = () => ({ baseUrl: gateway.baseUrl });

beforeAll(async () => {
  // KEN and UGA: TF.1.1 public, TF.4.2 seen by the country only; FRA: TF.1.1 public.
  await insertFixture(CYCLE, [
    { member: "KEN", kpi: "TF.1.1", disclosure: L.PUBLIC, value: 11 },
    { member: "KEN", kpi: "TF.4.2", disclosure: L.COUNTRY, value: 12 },
    { member: "UGA", kpi: "TF.1.1", disclosure: L.PUBLIC, value: 21 },
    { member: "UGA", kpi: "TF.4.2", disclosure: L.COUNTRY, value: 22 },
    { member: "FRA", kpi: "TF.1.1", disclosure: L.PUBLIC, value: 31 },
  ]);
  projects = await startProjectsSubgraph();
  gateway = await startGatewayProcess("gateway", [pmmSubgraph(baseUrl()), projectsSubgraph(projects.baseUrl)], {
    PMM_FEDERATION_SECRET: SECRET,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await projects?.stop();
});

/**
 * A subgraph's error as the gateway hands it on: the subgraph's own message, path and extensions, with the subgraph
 * named in `serviceName` and without `locations` (they would point into the gateway's fetch, not the client's
 * document; docs/federation.md).
 */
const withoutServiceName = (res: GraphQLResponse) =>
  (res.errors ?? []).map(({ extensions, locations: _l, ...e }: Record<string, any>) => {
    const { serviceName: _s, ...rest } = extensions ?? {};
    return { ...e, extensions: rest };
  });
const withoutLocations = (res: GraphQLResponse) =>
  (res.errors ?? []).map(({ locations: _l, ...e }: Record<string, any>) => e);

describe("a query across both subgraphs", () => {
  const KPIS = ["TF.1.1", "TF.4.2"];
  const MEMBER_FIRST = `query($c: [ID!], $k: [ID!]) { member(code: "KEN") {
    name projects { title status } results(cycles: $c, kpis: $k) { kpi { code } value withheld } } }`;
  const PROJECTS_FIRST = `query($c: [ID!], $k: [ID!]) { projects { title
    member { code name results(cycles: $c, kpis: $k) { kpi { code } value withheld } } } }`;

  it("member(code:) → its projects (the other service) and its results, as each viewer may see them", async () => {
    const anonymous = await gql(MEMBER_FIRST, { c: [CYCLE], k: KPIS }, viaGateway());
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data.member).toEqual({
      name: "Kenya",
      projects: [
        { title: "Single window for Mombasa", status: "UNDER_WAY" },
        { title: "Risk management training", status: "COMPLETED" },
      ],
      results: [
        { kpi: { code: "TF.1.1" }, value: 11, withheld: false },
        { kpi: { code: "TF.4.2" }, value: null, withheld: true },
      ],
    });
    const kenya = await gql(MEMBER_FIRST, { c: [CYCLE], k: KPIS }, { ...viaGateway(), token: viewers.ncpKen });
    expect(kenya.errors).toBeUndefined();
    expect(kenya.data.member.results).toEqual([
      { kpi: { code: "TF.1.1" }, value: 11, withheld: false },
      { kpi: { code: "TF.4.2" }, value: 12, withheld: false },
    ]);
  });

  it("projects (the other service) → member → results, resolved by PMM Graph's _entities under the same rules", async () => {
    const res = await gql(PROJECTS_FIRST, { c: [CYCLE], k: KPIS }, { ...viaGateway(), token: viewers.ncpKen });
    expect(res.errors).toBeUndefined();
    const byTitle = Object.fromEntries(res.data.projects.map((p: any) => [p.title, p.member]));
    expect(byTitle["Single window for Mombasa"]).toEqual({
      code: "KEN",
      name: "Kenya",
      results: [
        { kpi: { code: "TF.1.1" }, value: 11, withheld: false },
        { kpi: { code: "TF.4.2" }, value: 12, withheld: false },
      ],
    });
    // Kenya's NCP may not see Uganda's country-level value, whichever service asked for Uganda.
    expect(byTitle["Time release study"]).toEqual({
      code: "UGA",
      name: "Uganda",
      results: [
        { kpi: { code: "TF.1.1" }, value: 21, withheld: false },
        { kpi: { code: "TF.4.2" }, value: null, withheld: true },
      ],
    });
    expect(byTitle["AEO programme review"].results).toEqual([{ kpi: { code: "TF.1.1" }, value: 31, withheld: false }]);
    expect(byTitle["Post-clearance audit"]).toEqual({ code: "JPN", name: "Japan", results: [] });
    const anonymous = await gql(PROJECTS_FIRST, { c: [CYCLE], k: KPIS }, viaGateway());
    const kenya = anonymous.data.projects.find((p: any) => p.title === "Risk management training").member;
    expect(kenya.results).toEqual([
      { kpi: { code: "TF.1.1" }, value: 11, withheld: false },
      { kpi: { code: "TF.4.2" }, value: null, withheld: true },
    ]);
  });
});

describe("what the gateway forwards", () => {
  it("neither the viewer's token nor PMM Graph's secret to a subgraph not configured for them", async () => {
    const res = await gql(`{ projects { title } }`, {}, { ...viaGateway(), token: viewers.secretariat });
    expect(res.errors).toBeUndefined();
    expect(await receivedHeaders(projects)).toEqual({ authorization: null, "x-pmm-federation-secret": null });
  });

  it("the viewer's token and the secret to a subgraph configured for them (as PMM Graph is)", async () => {
    const configured = await startGatewayProcess(
      "gateway-forwarding",
      [
        pmmSubgraph(baseUrl()),
        projectsSubgraph(projects.baseUrl, {
          forwardAuthorization: true,
          federationSecretEnv: "PMM_FEDERATION_SECRET",
        }),
      ],
      { PMM_FEDERATION_SECRET: SECRET },
    );
    try {
      const signedIn = await gql(`{ projects { title } }`, {}, { baseUrl: configured.baseUrl, token: viewers.ncpKen });
      expect(signedIn.errors).toBeUndefined();
      expect(await receivedHeaders(projects)).toEqual({
        authorization: `Bearer ${viewers.ncpKen}`,
        "x-pmm-federation-secret": SECRET,
      });
      await gql(`{ projects { title } }`, {}, { baseUrl: configured.baseUrl });
      expect(await receivedHeaders(projects)).toEqual({ authorization: null, "x-pmm-federation-secret": SECRET });
    } finally {
      await configured.stop();
    }
  });
});

describe("errors keep their codes and details through the gateway", () => {
  const thirtyAliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: sdgGoals { targets { trends(groupBy: MEMBER) { groupCode } } }`).join(" ")} }`;

  it.each([
    ["anonymous", undefined],
    ["the Secretariat", viewers.secretariat],
  ])(
    "QUERY_TOO_COMPLEX with its limit, max and actual (%s): 400 directly, 200 through the gateway",
    async (_n, token) => {
      const direct = await gql(thirtyAliases, {}, { token });
      const through = await gql(thirtyAliases, {}, { ...viaGateway(), token });
      expect(direct.status).toBe(400);
      expect(direct.errors![0].extensions).toEqual({
        code: "QUERY_TOO_COMPLEX",
        limit: "maxCost",
        max: 200_000,
        actual: 5_613_090,
      });
      expect(through.status).toBe(200);
      expect(through.data).toBeNull();
      expect(withoutServiceName(through)).toEqual(direct.errors);
      expect(through.errors![0].extensions!.serviceName).toBe("pmm");
    },
  );

  it("errors inside an answered operation, and a refused input with every problem: the same as directly", async () => {
    const cases: [string, Record<string, unknown>, string | undefined][] = [
      [`{ results(filter: { members: ["XXX"] }, first: 1) { totalCount } }`, {}, undefined],
      [
        `{ a: member(code: "KEN") { name } b: kpi(code: "TF.1.1") { results(cycles: ["1999"]) { value } } }`,
        {},
        undefined,
      ],
      [`{ results(first: 1001) { totalCount } }`, {}, viewers.ncpKen],
      [
        `mutation($i: CreateCycleInput!) { createCycle(input: $i) { code } }`,
        { i: { code: "20x", name: "", opensOn: "1999-12-01", referenceYear: 1 } },
        viewers.secretariat,
      ],
      [`mutation { openSelfAssessment(cycle: "${CYCLE}") { phase } }`, {}, viewers.ncpKen],
    ];
    for (const [query, variables, token] of cases) {
      const direct = await gql(query, variables, { token });
      const through = await gql(query, variables, { ...viaGateway(), token });
      expect({ query, refused: (direct.errors?.length ?? 0) > 0 }).toEqual({ query, refused: true });
      expect({ query, errors: withoutServiceName(through), data: through.data ?? null }).toEqual({
        query,
        errors: withoutLocations(direct),
        data: direct.data ?? null,
      });
    }
  });

  it("UNAUTHENTICATED for a forged token: 401 directly, 200 through the gateway, the same error", async () => {
    const query = `{ members { code } }`;
    const direct = await gql(query, {}, { token: "not-a-jwt" });
    const through = await gql(query, {}, { ...viaGateway(), token: "not-a-jwt" });
    expect(direct.status).toBe(401);
    expect(direct.errors!.map((e) => e.extensions!.code)).toEqual(["UNAUTHENTICATED"]);
    expect(through.status).toBe(200);
    expect(withoutServiceName(through)).toEqual(direct.errors);
    // The typed clients read the code, not the status.
    const forged = createDashboardClient({ endpoint: `${gateway.baseUrl}/graphql`, token: "not-a-jwt" });
    const err = await forged.scorecard({ member: "GHA", cycle: B }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PmmApiError);
    expect(err).toMatchObject({ code: "UNAUTHENTICATED", status: 200 });
  });

  it("an operation that does not validate: refused by the gateway itself, 400 and the same code", async () => {
    const query = `{ members { code nope } }`;
    const direct = await gql(query);
    const through = await gql(query, {}, viaGateway());
    expect([direct.status, through.status]).toEqual([400, 400]);
    expect(through.errors!.map((e) => [e.message, e.extensions!.code])).toEqual(
      direct.errors!.map((e) => [e.message, e.extensions!.code]),
    );
  });

  describe("SERVICE_UNAVAILABLE", () => {
    let starting: OwnServer;
    let front: ServerProcess;
    let nowhere: ServerProcess;
    let nowherePort: number;
    beforeAll(async () => {
      // A PMM Graph whose database does not answer: live, not ready, GraphQL answered 503 (test/start-retry.test.ts).
      const port = await freePort();
      starting = await startOwnServer(
        "gateway-unavailable",
        { PMM_DB_CONNECT_TIMEOUT_MS: "500" },
        {
          waitFor: "/healthz",
          db: { url: `mysql://root@127.0.0.1:${port}/pmm_nowhere`, engine: "mysql", drop: async () => undefined },
        },
      );
      front = await startGatewayProcess("gateway-unavailable", [
        pmmSubgraph(starting.baseUrl),
        projectsSubgraph(projects.baseUrl),
      ]);
      // A PMM Graph that is not there at all: nothing listens on its port.
      nowherePort = await freePort();
      nowhere = await startGatewayProcess("gateway-nowhere", [
        pmmSubgraph(`http://127.0.0.1:${nowherePort}`),
        projectsSubgraph(projects.baseUrl),
      ]);
    });
    afterAll(async () => {
      await front?.stop();
      await nowhere?.stop();
      await starting?.close();
    });

    it("from a PMM Graph that cannot reach its database: 503 directly, the same error through the gateway", async () => {
      const query = { query: "{ regions { code } }" };
      const direct = await post(starting.baseUrl, query);
      const through = await post(front.baseUrl, query);
      expect(direct.status).toBe(503);
      expect(direct.json.errors.map((e: any) => e.extensions.code)).toEqual(["SERVICE_UNAVAILABLE"]);
      expect(through.status).toBe(200);
      expect(withoutServiceName({ ...through.json, status: through.status } as GraphQLResponse)).toEqual(
        direct.json.errors,
      );
    });

    it("from a PMM Graph that does not answer at all, naming the service but not its address", async () => {
      const through = await post(nowhere.baseUrl, { query: `{ regions { code } }` });
      expect(through.json.errors).toEqual([
        {
          message: "the pmm service did not answer: retry shortly",
          extensions: { code: "SERVICE_UNAVAILABLE", serviceName: "pmm" },
        },
      ]);
      expect(through.text).not.toContain(String(nowherePort));
      // The other service still answers its part.
      const projectsOnly = await post(nowhere.baseUrl, { query: `{ projects { title } }` });
      expect(projectsOnly.json.errors).toBeUndefined();
      expect(projectsOnly.json.data.projects).toHaveLength(5);
    });
  });
});

describe("each typed client's README scenario pointed at the gateway prints what it prints directly", () => {
  beforeAll(() => clientsFixture());
  const endpoints = () => ({ direct: `${baseUrl()}/graphql`, gateway: `${gateway.baseUrl}/graphql` });

  async function both(run: (endpoint: string) => Promise<string[]>): Promise<string[]> {
    const { direct, gateway: through } = endpoints();
    const expected = await run(direct);
    const got = await run(through);
    expect(got).toEqual(expected);
    return got;
  }

  it("dashboard", async () => {
    const lines = await both(async (endpoint) => {
      const out = printed();
      await dashboardExample({ endpoint }, "GHA", B, out.print);
      return out.lines;
    });
    expect(lines.slice(0, 2)).toEqual([
      `Ghana, cycle ${B} (previous: ${A})`,
      `  TF Trade Facilitation and Economic Competitiveness: score 65 (was 45; 2 scored, 0 withheld)`,
    ]);
  });

  it("regional office (a withheld value stays withheld)", async () => {
    const lines = await both(async (endpoint) => {
      const out = printed();
      await regionalExample({ endpoint, token: viewersOfClients.officeEcowas }, "ECOWAS", "TF.1.1", B, out.print);
      return out.lines;
    });
    expect(lines.slice(1, 3)).toEqual(["  CIV: withheld (COUNTRY)", "  GHA: 55"]);
  });

  it("Secretariat", async () => {
    const lines = await both(async (endpoint) => {
      const out = printed();
      await secretariatExample({ endpoint, token: viewersOfClients.secretariat }, "TF.1.1", B, out.print);
      return out.lines;
    });
    expect(lines).toContain(`  NGA: IN_PROGRESS, reviewers reviewer-nga`);
  });

  it("submission (an NCP's writes, each path in a cycle of its own)", async () => {
    await openCycle(SUBMIT_DIRECT);
    await openCycle(SUBMIT_GATEWAY);
    const { direct, gateway: through } = endpoints();
    const run = async (endpoint: string, cycle: string) => {
      const out = printed();
      await submissionExample({ endpoint, token: ncp("PRY") }, "PRY", cycle, out.print);
      return out.lines.map((l) => l.replace(cycle, "CYCLE"));
    };
    const expected = await run(direct, SUBMIT_DIRECT);
    const got = await run(through, SUBMIT_GATEWAY);
    expect(got).toEqual(expected);
    expect(got[0]).toBe("Paraguay, cycle CYCLE: IN_PROGRESS, 51 KPIs");
    expect(got).toContain("TF.1.1 declared not used (1 changed, now version 2)");
  });
});
