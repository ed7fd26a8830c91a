import { createHash } from "node:crypto";
import { Router, type Request, type Response } from "express";
import { stringify } from "csv-stringify/sync";
import type { DataSource } from "typeorm";
import { Cycle } from "../assessment/cycle.entity";
import { logger } from "../common/logger";
import { releaseOf } from "./release.service";
import { ReportReleaseRow, type ReleaseContent } from "./release.entity";
import { TABLE_NAMES, type ConfStatus, type ReportCell, type TableName } from "./report.types";

/**
 * The files of published releases (docs/report.md), at stable URLs:
 * `/reports/{cycle}/{release}/{table}.csv` (SDMX-CSV 1.0) and `/reports/{cycle}/{release}/charts/{kpi}.svg`.
 * Read from report_release alone: a draft has no file. A published file never changes, so it is served as public,
 * immutable data with an ETag; a withdrawn release answers 410 Gone, anything else 404, both as JSON problems.
 */

const log = logger.child({ component: "report-files" });

/** The SDMX agency and dataflow of each table: `WCO:PMM_REPORT_KPI(1.0)` etc. */
export const DATAFLOW_AGENCY = "WCO";
export const DATAFLOW_VERSION = "1.0";
export const dataflowOf = (table: TableName) => `${DATAFLOW_AGENCY}:PMM_REPORT_${table}(${DATAFLOW_VERSION})`;

/** The columns of every table's file: the dimensions (the statistic included), the observation, its attributes. */
export const CSV_COLUMNS = [
  "DATAFLOW",
  "CYCLE",
  "SUBJECT",
  "GROUPING",
  "GROUP",
  "STATISTIC",
  "OBS_VALUE",
  "UNIT_MEASURE",
  "CONF_STATUS",
] as const;

const slugOf = (table: TableName) => table.toLowerCase().replace(/_/g, "-");
const TABLE_BY_SLUG = new Map<string, TableName>(TABLE_NAMES.map((t) => [slugOf(t), t]));

export const tablePath = (cycle: string, release: number, table: TableName | string) =>
  `/reports/${encodeURIComponent(cycle)}/${release}/${slugOf(table as TableName)}.csv`;
export const chartPath = (cycle: string, release: number, kpi: string) =>
  `/reports/${encodeURIComponent(cycle)}/${release}/charts/${encodeURIComponent(kpi)}.svg`;

type Statistic = "N" | "MEAN" | "Q1" | "MEDIAN" | "Q3" | "MEMBERS";

/** Which statistics a table publishes per cell, with their status and unit. */
function observations(
  cell: ReportCell,
  units: Record<string, string>,
): [Statistic, number | null, string, ConfStatus][] {
  const quantiles: ConfStatus = cell.status !== "F" ? cell.status : (cell.quantileStatus ?? "F");
  switch (cell.table) {
    case "KPI": {
      const unit = units[cell.subject] ?? "UNKNOWN";
      return [
        ["N", cell.n, "MEMBERS", cell.status],
        ["MEAN", cell.mean, unit, cell.status],
        ["Q1", cell.q1, unit, quantiles],
        ["MEDIAN", cell.median, unit, quantiles],
        ["Q3", cell.q3, unit, quantiles],
      ];
    }
    case "NEEDS":
      return [["N", cell.n, "NEEDS", cell.status]];
    case "PARTICIPATION":
      return [
        ["N", cell.n, "MEMBERS", cell.status],
        ["MEMBERS", cell.members ?? null, "MEMBERS", cell.status],
      ];
    default:
      return [
        ["N", cell.n, "MEMBERS", cell.status],
        ["MEAN", cell.mean, "SCORE", cell.status],
      ];
  }
}

/** A table of a release in SDMX-CSV 1.0: one row per cell and statistic, suppressed ones with no value. */
export function tableCsv(cycle: string, table: TableName, content: ReleaseContent): string {
  const rows: (string | number)[][] = [];
  for (const cell of content.cells) {
    if (cell.table !== table) continue;
    for (const [statistic, value, unit, status] of observations(cell, content.units))
      rows.push([
        dataflowOf(table),
        cycle,
        cell.subject,
        cell.groupBy,
        cell.group,
        statistic,
        status === "F" && value !== null ? value : "",
        unit,
        status,
      ]);
  }
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: "\r\n" });
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A KPI's chart: per region a box from q1 to q3 with a line at the median, no whiskers (a minimum or maximum is
 * one Member's value); regions whose quartiles are suppressed are labelled so. The figures are also in data-*
 * attributes, for tools and tests.
 */
export function kpiChartSvg(cycle: string, release: number, kpi: string, content: ReleaseContent): string | null {
  const cells = content.cells
    .filter((c) => c.table === "KPI" && c.subject === kpi && c.groupBy === "REGION")
    .sort((a, b) => a.group.localeCompare(b.group));
  if (!cells.length) return null;
  const shown = cells.filter((c) => c.q1 !== null && c.median !== null && c.q3 !== null);
  let lo = Math.min(...shown.map((c) => c.q1!));
  let hi = Math.max(...shown.map((c) => c.q3!));
  if (!shown.length) [lo, hi] = [0, 1];
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const [left, width, top, row] = [110, 480, 40, 30];
  const x = (v: number) => +(left + ((v - lo) / (hi - lo)) * width).toFixed(2);
  const height = top + row * cells.length + 30;
  const unit = content.units[kpi] ?? "";
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 30}" height="${height}" viewBox="0 0 ${left + width + 30} ${height}" font-family="sans-serif" font-size="12" data-kpi="${xml(kpi)}" data-cycle="${xml(cycle)}" data-release="${release}" data-axis-from="${lo}" data-axis-to="${hi}">`,
    `<title>${xml(`KPI ${kpi}, cycle ${cycle}, release ${release}: median and quartiles by region`)}</title>`,
    `<text x="${left}" y="20" font-weight="bold">${xml(`${kpi} by region (q1–q3, median)${unit ? ` — ${unit}` : ""}`)}</text>`,
  ];
  cells.forEach((c, i) => {
    const y = top + i * row;
    const label = `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${xml(c.group)}</text>`;
    const status = c.status !== "F" ? c.status : (c.quantileStatus ?? "F");
    if (status === "F" && (c.q1 === null || c.median === null || c.q3 === null)) {
      out.push(
        `<g class="region empty" data-region="${xml(c.group)}" data-status="F">${label}<text x="${left}" y="${y + 15}" fill="#666">no contributions</text></g>`,
      );
      return;
    }
    if (status !== "F") {
      out.push(
        `<g class="region suppressed" data-region="${xml(c.group)}" data-status="${status}">${label}<text x="${left}" y="${y + 15}" fill="#666">suppressed (${status})</text></g>`,
      );
      return;
    }
    const [q1, median, q3] = [c.q1!, c.median!, c.q3!];
    out.push(
      `<g class="region" data-region="${xml(c.group)}" data-status="F" data-q1="${c.q1}" data-median="${c.median}" data-q3="${c.q3}">${label}` +
        `<rect x="${x(q1)}" y="${y + 3}" width="${+(x(q3) - x(q1)).toFixed(2)}" height="${row - 10}" fill="#9ecae1" stroke="#08519c"/>` +
        `<line x1="${x(median)}" x2="${x(median)}" y1="${y + 3}" y2="${y + row - 7}" stroke="#08306b" stroke-width="2"/></g>`,
    );
  });
  const axisY = top + row * cells.length + 15;
  out.push(
    `<text x="${left}" y="${axisY}" text-anchor="start">${lo}</text>`,
    `<text x="${left + width}" y="${axisY}" text-anchor="end">${hi}</text>`,
    `</svg>`,
  );
  return out.join("\n") + "\n";
}

/**
 * Every answer of these routes: public data any page may fetch without credentials (a public site's charts, a
 * statistician's notebook), refusals included (a page must see a 410, not a CORS failure); never sniffed as another
 * type; and, opened directly, a document of the API's origin that may run and load nothing.
 */
const FILE_HEADERS = {
  "access-control-allow-origin": "*",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
};

function problem(res: Response, status: number, title: string, detail: string): void {
  res
    .status(status)
    .set({ ...FILE_HEADERS, "cache-control": "no-store" })
    .type("application/problem+json")
    .send(JSON.stringify({ type: "about:blank", title, status, detail }));
}

const etagOf = (body: string) => `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;

interface Rendered {
  type: string;
  body: string;
  etag: string;
}

function send(req: Request, res: Response, file: Rendered): void {
  res.set({ ...FILE_HEADERS, etag: file.etag, "cache-control": "public, max-age=31536000, immutable" });
  const asked = req.headers["if-none-match"];
  if (asked && (asked.trim() === "*" || asked.split(",").some((t) => t.trim().replace(/^W\//, "") === file.etag))) {
    res.status(304).end();
    return;
  }
  res.type(file.type).send(file.body);
}

/** A bounded map: the oldest entry goes first. */
class Bounded<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: V): void {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }
}

/** The files a release has, by route and name: what `ReportRelease.files` lists. */
export function fileNamesOf(content: ReleaseContent): Set<string> {
  const names = new Set<string>();
  for (const c of content.cells) {
    names.add(`table:${slugOf(c.table)}.csv`);
    // A chart draws a KPI's regions (kpiChartSvg).
    if (c.table === "KPI" && c.groupBy === "REGION") names.add(`chart:${c.subject}.svg`);
  }
  return names;
}

type Kind = "table" | "chart";

/** GET (and HEAD) routes of the release files. */
export function reportFileRoutes(ds: DataSource): Router {
  const router = Router();
  // A published file never changes, so it is rendered once per process, not per request: a request (a 304
  // included) would otherwise parse the release's cells and build the whole file on the main thread, which anyone
  // could repeat. A name is looked up in the release's list of files before anything is read or rendered, so a
  // made-up name costs a lookup and evicts nothing. Withdrawal is read from the database on every request.
  const namesByRelease = new Bounded<Set<string>>(64);
  const rendered = new Bounded<Rendered>(512);
  const render: Record<Kind, (cycle: string, release: number, file: string, content: ReleaseContent) => Rendered> = {
    table: (cycle, _release, file, content) => {
      const body = tableCsv(cycle, TABLE_BY_SLUG.get(file.replace(/\.csv$/, ""))!, content);
      return { type: "text/csv; charset=utf-8; header=present", body, etag: etagOf(body) };
    },
    chart: (cycle, release, file, content) => {
      const body = kpiChartSvg(cycle, release, file.replace(/\.svg$/, ""), content)!;
      return { type: "image/svg+xml", body, etag: etagOf(body) };
    },
  };
  // express's own ETag is turned off here: these answers carry one of their own, of the file's content.
  const serve = (kind: Kind) => async (req: Request, res: Response) => {
    const { cycle: code, release, file } = req.params as Record<string, string>;
    const number = /^[1-9]\d{0,8}$/.test(release) ? Number(release) : null;
    const notFound = () => problem(res, 404, "Not Found", "No such file of a published release");
    try {
      if (number === null || code.length > 16) return notFound();
      const cycle = await ds.manager.findOneBy(Cycle, { code });
      // The release's state only: its cells are read once per process, for its list of files or a file's rendering.
      const head = cycle
        ? await ds.manager.findOne(ReportReleaseRow, {
            where: { cycleId: cycle.pk, number },
            select: { pk: true, number: true, withdrawnAt: true },
          })
        : null;
      if (!cycle || !head) return notFound();
      let content: ReleaseContent | undefined;
      const contentOf = async () => (content ??= (await releaseOf(ds.manager, cycle.pk, number))!.content);
      let names = namesByRelease.get(String(head.pk));
      if (!names) namesByRelease.set(String(head.pk), (names = fileNamesOf(await contentOf())));
      if (!names.has(`${kind}:${file}`)) return notFound();
      if (head.withdrawnAt)
        return problem(res, 410, "Gone", `Release ${head.number} of cycle ${cycle.code} was withdrawn`);
      const key = `${head.pk}:${kind}:${file}`;
      let made = rendered.get(key);
      if (!made) rendered.set(key, (made = render[kind](cycle.code, head.number, file, await contentOf())));
      send(req, res, made);
    } catch (err) {
      log.error({ err }, "report file failed");
      problem(res, 503, "Service Unavailable", "The file cannot be read now; retry shortly");
    }
  };
  router.get("/reports/:cycle/:release/charts/:file", serve("chart"));
  router.get("/reports/:cycle/:release/:file", serve("table"));
  return router;
}
