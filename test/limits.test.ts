import { baseUrl, data, errorCodes } from "./support/graphql";
import { ncp, openCycle, secretariat, startAssessment, StartedAssessment, submit } from "./support/collection";
import { OwnServer, post, startOwnServer } from "./support/own-server";
import { viewers } from "./support/tokens";
import { runTsCli, writeTempFile } from "./support/cli";

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

describe("issue 14.8: bad input is BAD_USER_INPUT, bad requests BAD_REQUEST, never an internal error", () => {
  const CYCLE = "2061"; // this file's own cycle
  let a: StartedAssessment;
  beforeAll(async () => {
    await openCycle(CYCLE);
    a = await startAssessment("NZL", CYCLE);
  });

  it.each(Object.entries(VIEWERS))(
    "refuses variables nested 300,000 deep before walking them, for %s",
    async (_n, t) => {
      const deep = "[".repeat(300_000) + "]".repeat(300_000);
      const body = `{"query":"query($f: ResultFilter) { results(filter: $f) { totalCount } }","variables":{"f":${deep}}}`;
      const res = await fetch(`${baseUrl()}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...auth(t) },
        body,
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as any;
      expect(json.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", limit: "maxInputDepth" });
    },
  );

  it.each(Object.entries(VIEWERS))("refuses a Float literal that overflows (1e999), for %s", async (_n, t) => {
    const res = await post(baseUrl(), { query: "{ results(filter: { valueMin: 1e999 }) { totalCount } }" }, auth(t));
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: any) => e.extensions.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses inputs whose computed value overflows to Infinity, and writes nothing", async () => {
    const kpi = a.results.find((r) => r.kpi.unit === "PERCENT")!;
    const res = await submit(
      a.id,
      [{ kpi: kpi.kpi.code, expectedVersion: kpi.version, inputs: { numerator: 1e308, denominator: 1e308 } }],
      ncp("NZL"),
    );
    expect(res.status).toBe(200);
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0].extensions!.problems).toEqual([
      {
        where: "results[0]",
        kpi: kpi.kpi.code,
        field: "inputs",
        reason: "give a value too large to be stored (it must be a finite number)",
      },
    ]);
    const after = await data(
      `{ member(code: "NZL") { results(cycles: ["${CYCLE}"], kpis: ["${kpi.kpi.code}"]) { version value } } }`,
      {},
      { token: secretariat },
    );
    expect(after.member.results).toEqual([{ version: kpi.version, value: null }]);
  });

  it("answers an APQ hash that does not match its query with 400 BAD_REQUEST", async () => {
    const res = await post(baseUrl(), {
      query: "{ __typename }",
      extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      { message: "provided sha does not match query", extensions: { code: "BAD_REQUEST" } },
    ]);
  });

  it.each(["gzip", "deflate", "br"])("answers a corrupt %s body with a GraphQL 400 BAD_REQUEST", async (encoding) => {
    const res = await fetch(`${baseUrl()}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": encoding },
      body: Buffer.from("this is not compressed at all, not even a little"),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      errors: [{ message: `Request body is not valid ${encoding} data`, extensions: { code: "BAD_REQUEST" } }],
    });
  });
});

describe("issue 14.5: answers do not grow with the input (README, Limits)", () => {
  const CYCLE = "2062";
  const big = "Z".repeat(200_000);
  let a: StartedAssessment;
  beforeAll(async () => {
    await openCycle(CYCLE);
    a = await startAssessment("NOR", CYCLE);
  });

  const refusedSmall = (res: { status: number; text: string; json: Record<string, any> }, extensions: object) => {
    expect(res.status).toBe(400);
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", ...extensions });
    // Nothing of the input comes back: not even a prefix of the 200,000 characters.
    expect(res.text).not.toContain("ZZZZ");
    expect(res.text.length).toBeLessThan(500);
  };

  it.each(Object.entries(VIEWERS))(
    "refuses a 200 KB string in any argument without echoing it, for %s",
    async (_n, t) => {
      const cases: Array<[string, Record<string, unknown>, object]> = [
        [`{ member(code: "${big}") { code } }`, {}, { argument: "Query.member.code", max: 100 }],
        ["query($c: ID!) { member(code: $c) { code } }", { c: big }, { argument: "Query.member.code", max: 100 }],
        [
          "query($f: ResultFilter) { results(filter: $f) { totalCount } }",
          { f: { members: ["KEN", big] } },
          { argument: "ResultFilter.members", max: 100 },
        ],
        [
          'query($g: GroupBy!) { kpiTrends(kpis: ["TF.1.1"], groupBy: $g) { groupCode } }',
          { g: big },
          { argument: "Query.kpiTrends.groupBy", max: 100 },
        ],
        [
          "query($n: Int!) { sdgGoal(number: $n) { title } }",
          { n: big },
          { argument: "Query.sdgGoal.number", max: 100 },
        ],
        [
          "mutation($a: ID!, $r: String!) { respondToFinding(finding: $a, expectedVersion: 1, response: $r) { id } }",
          { a: "x", r: big },
          { argument: "Mutation.respondToFinding.response", max: 8000 },
        ],
      ];
      for (const [query, variables, ext] of cases) {
        const res = await post(baseUrl(), { query, variables }, auth(t));
        refusedSmall(res, { limit: "maxStringLength", actual: 200_000, ...ext });
      }
    },
  );

  it.each(Object.entries(VIEWERS))("refuses a list of 100,000 codes without echoing it, for %s", async (_n, t) => {
    const codes = Array.from({ length: 100_000 }, (_, i) => `Z${i}`);
    const res = await post(
      baseUrl(),
      { query: 'query($m: [ID!]) { kpi(code: "TF.1.1") { results(members: $m) { value } } }', variables: { m: codes } },
      auth(t),
    );
    refusedSmall(res, { limit: "maxListLength", argument: "Kpi.results.members", max: 200, actual: 100_000 });
  });

  const UPLOAD = "mutation($a: ID!, $csv: String!) { uploadResultsCsv(assessment: $a, csv: $csv) { changed } }";

  it("refuses a CSV of 100,000 bad rows with one problem, not 100,000", async () => {
    const csv = "kpi,version\n" + "x,1\n".repeat(100_000);
    const res = await gqlText(UPLOAD, { a: a.id, csv }, ncp("NOR"));
    expect(res.json.errors[0].extensions).toEqual({
      code: "BAD_USER_INPUT",
      problems: [{ where: "csv", kpi: null, field: "csv", reason: "must have at most 200 data rows" }],
    });
    expect(res.text.length).toBeLessThan(1000);
  });

  it("lists the first 50 problems and counts the rest in problemsOmitted; the CLI prints them all", async () => {
    // 150 rows, each with a bad version and a bad target: 300 problems.
    const csv = "kpi,version,target\n" + Array.from({ length: 150 }, (_, i) => `${"Q".repeat(90)}${i},x,y\n`).join("");
    const res = await gqlText(UPLOAD, { a: a.id, csv }, ncp("NOR"));
    const ext = res.json.errors[0].extensions;
    expect(ext.code).toBe("BAD_USER_INPUT");
    expect(ext.problemsOmitted).toBe(250);
    expect(ext.problems).toHaveLength(50);
    // A KPI cell is echoed as a short prefix only.
    expect(ext.problems[0]).toEqual({
      where: "line 2",
      kpi: `${"Q".repeat(40)}… (91 characters)`,
      field: "version",
      reason: "must be the result's current version (see the CSV template)",
    });
    const file = writeTempFile("many-bad.csv", csv);
    const cli = runTsCli("clients/submission/upload-csv.cli.ts", [
      ...["--member", "NOR", "--cycle", CYCLE, "--url", `${baseUrl()}/graphql`, "--token", ncp("NOR"), file],
    ]);
    expect(cli.code).toBe(1);
    const lines = cli.stderr.trim().split("\n");
    expect(lines[0]).toBe("300 problem(s); nothing was changed:");
    expect(lines.filter((l) => l.startsWith("  line "))).toHaveLength(50);
    expect(lines[lines.length - 1]).toBe("  ... and 250 more problem(s) the server did not list");
  });
});

async function gqlText(query: string, variables: Record<string, unknown>, tokenValue: string) {
  return post(baseUrl(), { query, variables }, auth(tokenValue));
}

describe("issue 14.4: CSV formula injection", () => {
  const CYCLE = "2063";
  let a: StartedAssessment;
  beforeAll(async () => {
    await openCycle(CYCLE);
    a = await startAssessment("ISL", CYCLE);
  });

  it("writes an uploaded formula back into csvTemplate neutralised, and keeps the text as it was", async () => {
    const v = a.results.find((r) => r.kpi.code === "TF.1.1")!.version;
    const formula = "=cmd|' /C calc'!A0";
    const up = await gqlText(
      "mutation($a: ID!, $csv: String!) { uploadResultsCsv(assessment: $a, csv: $csv) { changed } }",
      { a: a.id, csv: `kpi,version,notUsed,notUsedReason\nTF.1.1,${v},true,"${formula}"\n` },
      ncp("ISL"),
    );
    expect(up.json.errors).toBeUndefined();
    const read = await data(
      `{ assessment(member: "ISL", cycle: "${CYCLE}") { csvTemplate results { kpi { code } notUsedReason } } }`,
      {},
      { token: ncp("ISL") },
    );
    const line = read.assessment.csvTemplate.split("\n").find((l: string) => l.startsWith("TF.1.1,"));
    expect(line).toBe(`TF.1.1,${v + 1},,,,,,,,,,true,'${formula},,`);
    expect(read.assessment.results.find((r: any) => r.kpi.code === "TF.1.1").notUsedReason).toBe(formula);
  });
});

describe("issue 14.7: no schema-name suggestions when introspection is off", () => {
  let own: OwnServer;
  beforeAll(async () => {
    own = await startOwnServer("no-introspection", { PMM_INTROSPECTION: "false" });
  });
  afterAll(async () => {
    await own?.close();
  });

  const mistakes: Array<[string, string, Record<string, unknown>]> = [
    [
      "an input field of a variable",
      "query($f: ResultFilter) { results(filter: $f) { totalCount } }",
      { f: { valueMn: 1 } },
    ],
    [
      "an enum value of a variable",
      'query($g: GroupBy!) { kpiTrends(kpis: ["TF.1.1"], groupBy: $g) { groupCode } }',
      { g: "WORL" },
    ],
    [
      "an enum value in a list variable",
      "query($o: [ResultOrder!]) { results(orderBy: $o) { totalCount } }",
      { o: [{ field: "VALU" }] },
    ],
    ["an input field written in the query", "{ results(filter: { valueMn: 1 }) { totalCount } }", {}],
    ["an enum value written in the query", '{ kpiTrends(kpis: ["TF.1.1"], groupBy: WORL) { groupCode } }', {}],
    ["a field", "{ dimensionz { code } }", {}],
    ["an argument", '{ member(cod: "KEN") { code } }', {}],
  ];

  it.each(Object.entries(VIEWERS).flatMap(([v, t]) => mistakes.map((m) => [v, ...m, t] as const)))(
    "for %s, %s: refused without 'Did you mean'",
    async (_v, _what, query, variables, t) => {
      const res = await post(own.baseUrl, { query, variables }, auth(t));
      expect(res.status).toBe(400);
      expect(res.json.errors.length).toBeGreaterThan(0);
      expect(res.text).not.toMatch(/did you mean/i);
      for (const name of ["valueMin", "valueMax", "WORLD", "VALUE", "dimensions"]) expect(res.text).not.toContain(name);
    },
  );
});
