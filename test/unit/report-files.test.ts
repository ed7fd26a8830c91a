import "reflect-metadata";
import { parse } from "csv-parse/sync";
import express from "express";
import type { AddressInfo } from "node:net";
import { kpiChartSvg, reportFileRoutes, tableCsv } from "../../src/report/report-files";
import type { ReleaseContent } from "../../src/report/release.entity";
import type { ReportCell } from "../../src/report/report.types";

/** The release files built from a release's content (docs/report.md): SDMX-CSV rows and the SVG chart. */
const cell = (group: string, over: Partial<ReportCell>): ReportCell => ({
  id: `KPI:K1:${group === "WORLD" ? "WORLD" : "REGION"}:${group}`,
  table: "KPI",
  subject: "K1",
  groupBy: group === "WORLD" ? "WORLD" : "REGION",
  group,
  n: 12,
  mean: 0.1 + 0.2,
  q1: 1,
  median: 2,
  q3: 3,
  status: "F",
  quantileStatus: "F",
  ...over,
});

const content: ReleaseContent = {
  cells: [
    cell("WORLD", {}),
    // Mean free, quartiles suppressed (D).
    cell("ESA", { q1: null, median: null, q3: null, quantileStatus: "D" }),
    // Everything suppressed (C): the quartiles carry C too, although their own status was F.
    cell("EUR", { n: null, mean: null, q1: null, median: null, q3: null, status: "C", quantileStatus: "F" }),
    // Nobody contributed: free, no figure.
    cell("A<&>", { n: 0, mean: null, q1: null, median: null, q3: null }),
    { ...cell("WORLD", {}), id: "OUTCOME:O1:WORLD:WORLD", table: "OUTCOME", subject: "O1", quantileStatus: null },
  ],
  viewers: ["ANONYMOUS"],
  rounds: 1,
  units: { K1: "DAYS" },
};

describe("SDMX-CSV of a table", () => {
  const rows: Record<string, string>[] = parse(tableCsv("2191", "KPI", content), { columns: true });
  const row = (group: string, statistic: string) => rows.find((r) => r.GROUP === group && r.STATISTIC === statistic)!;

  it("has one row per cell and statistic, only the table's cells, in the documented columns", () => {
    expect(rows).toHaveLength(4 * 5);
    expect(Object.keys(rows[0])).toEqual([
      "DATAFLOW",
      "CYCLE",
      "SUBJECT",
      "GROUPING",
      "GROUP",
      "STATISTIC",
      "OBS_VALUE",
      "UNIT_MEASURE",
      "CONF_STATUS",
    ]);
    expect(row("WORLD", "MEAN")).toEqual({
      DATAFLOW: "WCO:PMM_REPORT_KPI(1.0)",
      CYCLE: "2191",
      SUBJECT: "K1",
      GROUPING: "WORLD",
      GROUP: "WORLD",
      STATISTIC: "MEAN",
      OBS_VALUE: "0.30000000000000004",
      UNIT_MEASURE: "DAYS",
      CONF_STATUS: "F",
    });
    expect(Number(row("WORLD", "MEAN").OBS_VALUE)).toBe(0.1 + 0.2);
    expect(row("WORLD", "N")).toMatchObject({ OBS_VALUE: "12", UNIT_MEASURE: "MEMBERS" });
  });

  it("leaves suppressed figures empty with their status; quartiles of a suppressed cell are suppressed too", () => {
    expect(row("ESA", "MEAN")).toMatchObject({ OBS_VALUE: String(0.1 + 0.2), CONF_STATUS: "F" });
    expect(row("ESA", "MEDIAN")).toMatchObject({ OBS_VALUE: "", CONF_STATUS: "D" });
    for (const s of ["N", "MEAN", "Q1", "MEDIAN", "Q3"])
      expect(row("EUR", s)).toMatchObject({ OBS_VALUE: "", CONF_STATUS: "C" });
    expect(row("A<&>", "N")).toMatchObject({ OBS_VALUE: "0", CONF_STATUS: "F" });
    expect(row("A<&>", "MEAN")).toMatchObject({ OBS_VALUE: "", CONF_STATUS: "F" });
  });

  it("writes roll-up tables with N and a MEAN score", () => {
    const outcome: Record<string, string>[] = parse(tableCsv("2191", "OUTCOME", content), { columns: true });
    expect(outcome.map((r) => [r.DATAFLOW, r.STATISTIC, r.UNIT_MEASURE])).toEqual([
      ["WCO:PMM_REPORT_OUTCOME(1.0)", "N", "MEMBERS"],
      ["WCO:PMM_REPORT_OUTCOME(1.0)", "MEAN", "SCORE"],
    ]);
  });
});

describe("SVG chart of a KPI", () => {
  const svg = kpiChartSvg("2191", 1, "K1", content)!;

  it("draws regions only: a box q1–q3 with the median, suppressed and empty regions labelled, no whiskers", () => {
    const groups = [...svg.matchAll(/<g class="region( \w+)?" data-region="([^"]*)"[^>]*>(.*?)<\/g>/g)].map((m) => [
      m[2],
      (m[1] ?? "").trim() || "box",
      m[3],
    ]);
    expect(groups.map(([region, kind]) => [region, kind])).toEqual([
      ["A&lt;&amp;&gt;", "empty"],
      ["ESA", "suppressed"],
      ["EUR", "suppressed"],
    ]);
    expect(groups[1][2]).toContain("suppressed (D)");
    expect(groups[2][2]).toContain("suppressed (C)");
    expect(svg).not.toContain("<rect");
    expect(svg).not.toMatch(/data-(min|max)=/);
  });

  it("is null for a KPI the release has no region cells of", () => {
    expect(kpiChartSvg("2191", 1, "K2", content)).toBeNull();
  });

  it("places the box and the median line on the axis", () => {
    const shown: ReleaseContent = {
      ...content,
      cells: [cell("AF", { q1: 10, median: 15, q3: 30 }), cell("EU", { q1: 20, median: 40, q3: 50 })],
    };
    const out = kpiChartSvg("2191", 1, "K1", shown)!;
    expect(out).toContain('data-axis-from="10" data-axis-to="50"');
    // 480 px from 10 to 50: 12 px per unit, from x = 110.
    expect(out).toMatch(
      /data-region="AF"[^>]*data-q1="10" data-median="15" data-q3="30">.*<rect x="110" y="\d+" width="240"/,
    );
    expect(out).toMatch(/data-region="EU".*<line x1="470" x2="470"/);
  });
});

describe("the file routes' cost", () => {
  // A stand-in database counting full reads of a release (its cells), the expensive part of a file request.
  const cells = [
    { id: "KPI:K1:WORLD:WORLD", table: "KPI", subject: "K1", groupBy: "WORLD", group: "WORLD", n: 12, mean: 1 },
    { id: "KPI:K1:REGION:ESA", table: "KPI", subject: "K1", groupBy: "REGION", group: "ESA", n: 12, mean: 1 },
  ].map((c) => ({ ...c, q1: 1, median: 2, q3: 3, members: null, status: "F", quantileStatus: "F" }));
  const release = { cells, viewers: ["ANONYMOUS"], rounds: 1, units: { K1: "DAYS" } };

  async function withRoutes(withdrawn: boolean, run: (get: (path: string) => Promise<number>) => Promise<void>) {
    const reads = { full: 0 };
    const ds = {
      manager: {
        findOneBy: async (_entity: unknown, where: Record<string, unknown>) => {
          if ("code" in where) return where.code === "2023" ? { pk: 1, code: "2023" } : null;
          reads.full++;
          return { pk: 7, number: 1, cycleId: 1, withdrawnAt: withdrawn ? new Date() : null, content: release };
        },
        findOne: async () => ({ pk: 7, number: 1, withdrawnAt: withdrawn ? new Date() : null }),
      },
    };
    const app = express();
    app.use(reportFileRoutes(ds as never));
    const server = app.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await run(async (path) => (await fetch(`${base}${path}`)).status);
    } finally {
      server.close();
    }
    return reads.full;
  }

  it("reads a release's cells once per file rendered; made-up names read nothing and evict nothing", async () => {
    const full = await withRoutes(false, async (get) => {
      expect(await get("/reports/2023/1/kpi.csv")).toBe(200);
      for (let i = 0; i < 300; i++) expect(await get(`/reports/2023/1/made-up-${i}.csv`)).toBe(404);
      expect(await get("/reports/2023/1/charts/K1.svg")).toBe(200);
      expect(await get("/reports/2023/1/kpi.csv")).toBe(200);
      // A longer cycle code is no prefix match of a real one.
      expect(await get("/reports/20230000000000000/1/kpi.csv")).toBe(404);
    });
    // kpi.csv (its first request also lists the release's files) and K1.svg: nothing for 300 made-up names.
    expect(full).toBe(2);
  });

  it("answers a withdrawn release's files 410 without rendering them, and unknown names 404", async () => {
    const full = await withRoutes(true, async (get) => {
      expect(await get("/reports/2023/1/kpi.csv")).toBe(410);
      expect(await get("/reports/2023/1/charts/K1.svg")).toBe(410);
      expect(await get("/reports/2023/1/nope.csv")).toBe(404);
    });
    expect(full).toBe(1);
  });
});
