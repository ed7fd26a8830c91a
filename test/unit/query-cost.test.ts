import fs from "node:fs";
import path from "node:path";
import { parse } from "graphql";
import { buildPmmSchema } from "../../src/schema/build-schema";
import { estimateCost } from "../../src/http/query-cost";
import { SCENARIOS } from "../../bench/bench-scenarios";
import framework from "../../src/framework/definitions/pmm-framework-v1.json";

/** The default of PMM_MAX_COST (src/config.ts): what every documented or shipped operation must stay under. */
const DEFAULT_MAX_COST = 200_000;
const ROOT = path.join(__dirname, "..", "..");
const schema = buildPmmSchema();
const cost = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  estimateCost(schema, parse(query), variables, operationName);

const ALL_KPIS: string[] = framework.dimensions.flatMap((d) => d.outcomes.flatMap((o) => o.kpis.map((k) => k.code)));

describe("query cost: lists are priced by what they return", () => {
  it("prices SDG and instrument trends by their grouping (30 aliases of trends by Member are refused)", () => {
    const one = "sdgGoals { targets { trends(groupBy: MEMBER) { groupCode } } }";
    const thirty = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: ${one}`).join(" ")} }`;
    // 17 goals x 5 targets x 11 KPIs x 200 Members: one alias alone stays under the limit, thirty do not.
    expect(cost(`{ ${one} }`)).toBe(187_103);
    expect(cost(thirty)).toBe(5_613_090);
    expect(cost(thirty)).toBeGreaterThan(DEFAULT_MAX_COST);
    // By WORLD, one series per KPI.
    expect(cost("{ sdgGoals { targets { trends { groupCode } } } }")).toBe(1_038);
    expect(cost("{ instruments { trends(groupBy: REGION) { groupCode } } }")).toBe(3_631);
  });

  it("prices kpiTrends by the groups asked for", () => {
    const q = "query($g: [ID!]) { kpiTrends(kpis: $kpis, groupBy: MEMBER, groups: $g) { groupCode } }".replace(
      "$kpis",
      JSON.stringify(ALL_KPIS.slice(0, 8)),
    );
    // 8 KPIs for 4 Members: 32 series (it was priced as if for every Member, 201,601, and refused).
    expect(cost(q, { g: ["KEN", "UGA", "TZA", "GHA"] })).toBe(33);
    expect(cost(q)).toBe(1_601);
    expect(cost(`{ kpiTrends(kpis: ["TF.1.1"], groupBy: WORLD) { groupCode } }`)).toBe(2);
    expect(cost(`{ resultStatistics(kpi: "TF.1.1", cycle: "2023", groupBy: UNION, groups: ["EAC"]) { mean } }`)).toBe(
      2,
    );
  });
});

/** Every ```graphql block of the READMEs, and the GET example's query string. */
function readmeExamples(): Array<{ where: string; query: string }> {
  const files = ["README.md", ...fs.readdirSync(path.join(ROOT, "clients")).map((c) => `clients/${c}/README.md`)];
  const out: Array<{ where: string; query: string }> = [];
  for (const file of files.filter((f) => fs.existsSync(path.join(ROOT, f)))) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    for (const m of text.matchAll(/```graphql\n([\s\S]*?)```/g)) out.push({ where: file, query: m[1] });
    for (const m of text.matchAll(/\/graphql\?query=(%7B[^'"\s&]+)/g))
      out.push({ where: `${file} (GET)`, query: decodeURIComponent(m[1]) });
  }
  return out;
}

/** Variables each client operation is used with at its largest (the page size at its maximum, every KPI ...). */
const CLIENT_VARIABLES: Record<string, Record<string, unknown>> = {
  CompareMembers: { members: ["KEN", "UGA", "TZA", "GHA", "NGA"], kpis: ALL_KPIS, cycles: ["2023", "2025"] },
  Results: { first: 1000 },
  Scorecard: { member: "KEN", cycle: "2025" },
  UnionStatistics: { kpi: "TF.1.1", cycle: "2025" },
  UnionView: { union: "EU", kpis: ALL_KPIS, cycle: "2025" },
  KpiTrends: { kpis: ALL_KPIS, groupBy: "REGION" },
  CycleParticipation: {},
  PeerReviewQueue: { cycle: "2025" },
  Assessment: { member: "KEN", cycle: "2025" },
  StartAssessment: { member: "KEN", cycle: "2025" },
  SubmitResults: { assessment: "x", results: [] },
  UploadResultsCsv: { assessment: "x", csv: "" },
  SubmitAssessment: { assessment: "x", expectedVersion: 1 },
  Report: { cycle: "2025" },
  KpiFigures: { kpi: "TF.1.1", cycle: "2025" },
  ReportDraft: { cycle: "2025" },
  DraftReport: { cycle: "2025" },
  PublishReport: { draft: "x", note: "n" },
  WithdrawReport: { release: "x", note: "n" },
};

describe("every documented and shipped operation stays under the default PMM_MAX_COST", () => {
  it("the READMEs' examples", () => {
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const e of examples)
      expect({ where: e.where, under: cost(e.query) <= DEFAULT_MAX_COST }).toEqual({
        where: e.where,
        under: true,
      });
  });

  it("every client operation (clients/*/operations)", () => {
    const dir = path.join(ROOT, "clients");
    const files = fs
      .readdirSync(dir)
      .filter((c) => fs.existsSync(path.join(dir, c, "operations")))
      .flatMap((c) => fs.readdirSync(path.join(dir, c, "operations")).map((f) => path.join(dir, c, "operations", f)));
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const file of files) {
      const doc = parse(fs.readFileSync(file, "utf8"));
      for (const def of doc.definitions) {
        if (def.kind !== "OperationDefinition" || !def.name) continue;
        const name = def.name.value;
        expect({ name, known: name in CLIENT_VARIABLES }).toEqual({ name, known: true });
        const c = estimateCost(schema, doc, CLIENT_VARIABLES[name], name);
        expect({ name, under: c <= DEFAULT_MAX_COST }).toEqual({ name, under: true });
      }
    }
  });

  it("every benchmark request (bench/)", () => {
    const requests = [
      ...Object.values(SCENARIOS).map((s) => ({
        name: s.name,
        query: s.query,
        // The regional scenario asks for every KPI of the framework (set at run time by setFrameworkKpis).
        variables: s.name === "regional" ? { ...s.variables, kpis: ALL_KPIS } : s.variables,
      })),
      {
        name: "shield-cost",
        query: fs
          .readFileSync(path.join(ROOT, "bench/shield-cost.bench.ts"), "utf8")
          .match(/parse\(`([\s\S]*?)`\)/)![1],
        variables: {},
      },
    ];
    for (const r of requests) {
      expect({ name: r.name, under: cost(r.query, r.variables) <= DEFAULT_MAX_COST }).toEqual({
        name: r.name,
        under: true,
      });
    }
  });
});
