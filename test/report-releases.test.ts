import { parse } from "csv-parse/sync";
import { computeRelease, publicViewerIds } from "../src/report";
import { PeerReview, PeerReviewAssignment, PeerReviewStatus } from "../src/review/peer-review.entity";
import { readCycleReportData } from "../src/report/report-input";
import { openCycles } from "./report/demo-cycle";
import { CSV_COLUMNS } from "../src/report/report-files";
import { Cycle } from "../src/assessment/cycle.entity";
import { DisclosureLevel } from "../src/disclosure/disclosure-level";
import { DraftStatus, ReportDraftRow, ReportReleaseRow } from "../src/report/release.entity";
import { baseUrl, data, errorCodes, gql } from "./support/graphql";
import { insertFixture, withDatabase, type FixtureResult } from "./support/fixtures";
import { openCycle, secretariat, startAssessment } from "./support/collection";
import { viewers } from "./support/tokens";
import { get, startOwnServer, waitUntil, type OwnServer } from "./support/own-server";

/**
 * Issue 24: the Report as data. A small CLOSED cycle (2191: 18 Members, two KPIs) is drafted, previewed,
 * published, corrected and withdrawn by the Secretariat; everyone reads published releases in GraphQL, as
 * SDMX-CSV and as SVG charts; nobody else reaches a draft by any path. Cycles 2192 (open) and 2193 (a computation
 * left running by a process that died) are this file's too.
 */
const CYCLE = "2191";
/** The user id of the fixture's peer reviewer: never published (disclosure rule 10). */
const REVIEWER = "reviewer-sub-2191";
const OPEN_REVIEWER = "reviewer-sub-2192";
const OPEN = "2192";
const ORPHAN = "2193";
const ESA = ["KEN", "AGO", "BWA", "BDI", "COM", "DJI", "ERI", "ETH"];
const EUR = ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST"];
const AP = ["JPN", "IND"];
const MEMBERS = [...ESA, ...EUR, ...AP];

function fixture(): FixtureResult[] {
  const out: FixtureResult[] = [];
  MEMBERS.forEach((member, i) => {
    // TF.1.1: public everywhere, so every cell of it is free.
    out.push({ member, kpi: "TF.1.1", disclosure: DisclosureLevel.PUBLIC, value: 10 + i * 3.5 });
    // TF.1.2: two ESA Members keep theirs to themselves: ESA's cell cannot be published to others.
    const hidden = member === "KEN" || member === "AGO";
    out.push({
      member,
      kpi: "TF.1.2",
      disclosure: hidden ? DisclosureLevel.COUNTRY : DisclosureLevel.PUBLIC,
      value: 20 + ((i * 7) % 50),
      notUsed: member === "JPN",
    });
  });
  return out;
}

const others = Object.entries(viewers).filter(([name]) => name !== "secretariat") as [string, string | undefined][];
const codeFor = (tok: string | undefined) => (tok ? "FORBIDDEN" : "UNAUTHENTICATED");

const CELL = "id key table code groupBy group n mean q1 median q3 members status quantileStatus";
const RELEASE = `id number status publishedAt note withdrawnAt withdrawalNote thresholds { minContributors minForQuantiles }
  auditedViewers cycle { code } tables { name cells { ${CELL} } } files { name path mediaType } earlier { number status }`;
const DRAFT = `id status startedAt finishedAt failure earlierReleases thresholds { minContributors minForQuantiles }
  auditedViewers rounds tables { name cells { ${CELL} reasons { cell figure status viewer rule reason } } }
  suppressions { cell figure status viewer rule reason }`;

const draftOf = async (cycle: string) =>
  (await data(`query($c: ID!) { reportDraft(cycle: $c) { ${DRAFT} } }`, { c: cycle }, { token: secretariat }))
    .reportDraft;
const reportOf = async (cycle: string, release?: number, token?: string) =>
  (
    await data(
      `query($c: ID!, $r: Int) { report(cycle: $c, release: $r) { ${RELEASE} } }`,
      { c: cycle, r: release },
      { token },
    )
  ).report;

async function draftReady(cycle: string): Promise<any> {
  const started = await data(
    `mutation($c: ID!) { draftReport(cycle: $c) { id status startedAt } }`,
    { c: cycle },
    { token: secretariat },
  );
  let draft: any;
  await waitUntil(
    "the draft is computed",
    async () => {
      draft = await draftOf(cycle);
      return draft.id === started.draftReport.id && draft.status !== "COMPUTING";
    },
    1200,
  );
  expect(draft.failure).toBeNull();
  expect(draft.status).toBe("READY");
  return draft;
}

/** Assigns a peer reviewer to a Member's assessment of a cycle, as the peer-review mutations would. */
async function assignReviewer(cycle: string, member: string, reviewer: string) {
  await withDatabase(async (ds) => {
    const [a] = await ds.query(
      "SELECT a.id, a.memberId FROM assessment a JOIN cycle c ON c.id = a.cycleId JOIN member m ON m.id = a.memberId WHERE c.code = ? AND m.code = ?",
      [cycle, member],
    );
    const when = new Date("2026-01-01T00:00:00Z");
    const review = await ds.manager.save(
      ds.manager.create(PeerReview, {
        assessmentId: a.id,
        memberId: a.memberId,
        status: PeerReviewStatus.IN_PROGRESS,
        requestedAt: when,
        requestedBy: "fixture",
        closedAt: null,
        version: 1,
      }),
    );
    await ds.manager.save(
      ds.manager.create(PeerReviewAssignment, {
        reviewId: review.pk,
        reviewer,
        assignedAt: when,
        assignedBy: "fixture",
      }),
    );
  });
}

const cellsOf = (tables: { cells: any[] }[]) => tables.flatMap((t) => t.cells);

beforeAll(async () => {
  await insertFixture(CYCLE, fixture(), [
    { member: "KEN", outcome: "TF.1", category: "TRAINING", priority: "HIGH", disclosure: DisclosureLevel.COUNTRY },
    { member: "AUT", outcome: "TF.1", category: "TRAINING", priority: "LOW", disclosure: DisclosureLevel.PUBLIC },
  ]);
  await insertFixture(ORPHAN, fixture().slice(0, 6));
  await openCycle(OPEN);
  // A peer reviewer of KEN's assessment: a viewer kind the release is audited for, and a user id (rule 10).
  await assignReviewer(CYCLE, "KEN", REVIEWER);
  // A reviewer assigned in a cycle still open: its token opens UGA's COUNTRY level in every cycle, 2191's too.
  await startAssessment("UGA", OPEN);
  await assignReviewer(OPEN, "UGA", OPEN_REVIEWER);
}, 120_000);

describe("only the Secretariat drafts, previews, publishes and withdraws", () => {
  it.each(others)("%s is refused everything, and nothing changes", async (_name, tok) => {
    const tries = [
      gql(`mutation { draftReport(cycle: "${CYCLE}") { id status } }`, {}, { token: tok }),
      gql(`{ reportDraft(cycle: "${CYCLE}") { id status } }`, {}, { token: tok }),
      gql(`mutation { publishReport(draft: "UmVwb3J0RHJhZnQ6MQ", note: "x") { id } }`, {}, { token: tok }),
      gql(`mutation { withdrawReport(release: "UmVwb3J0UmVsZWFzZTox", note: "x") { id } }`, {}, { token: tok }),
    ];
    for (const res of await Promise.all(tries)) {
      expect(errorCodes(res)).toEqual([codeFor(tok)]);
      expect(Object.values(res.data ?? {}).filter((v) => v !== null)).toEqual([]);
    }
    expect(await draftOf(CYCLE)).toBeNull();
    expect(await reportOf(CYCLE)).toBeNull();
  });
});

describe("a draft", () => {
  let draft: any;
  beforeAll(async () => {
    draft = await draftReady(CYCLE);
  }, 150_000);

  it("is refused for a cycle that is not CLOSED, and for an unknown one", async () => {
    const open = await gql(`mutation { draftReport(cycle: "${OPEN}") { id } }`, {}, { token: secretariat });
    expect(open.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "WRONG_PHASE" });
    const unknown = await gql(`mutation { draftReport(cycle: "2199") { id } }`, {}, { token: secretariat });
    expect(unknown.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "cycle" });
    expect(await draftOf(OPEN)).toBeNull();
  });

  it("previews every cell's figure over every contribution, its status and why it is suppressed", async () => {
    expect(draft.thresholds).toEqual({ minContributors: 5, minForQuantiles: 10 });
    expect(draft.earlierReleases).toBe(0);
    expect(draft.auditedViewers).toEqual(expect.arrayContaining(["ANONYMOUS", "BASIC", "NCP:KEN"]));
    // Every peer reviewer as assigned now, in the released cycle and in those still open.
    expect(draft.auditedViewers).toEqual(
      expect.arrayContaining([`PEER_REVIEWER:${REVIEWER}`, `PEER_REVIEWER:${OPEN_REVIEWER}`]),
    );
    const cells = cellsOf(draft.tables);
    const byId = new Map(cells.map((c: any) => [c.key, c]));
    // TF.1.1 is public: free everywhere, with its figures.
    const world = byId.get("KPI:TF.1.1:WORLD:WORLD");
    expect(world).toMatchObject({ status: "F", quantileStatus: "F", n: 18 });
    expect(world.mean).toBeCloseTo(MEMBERS.reduce((s, _m, i) => s + 10 + i * 3.5, 0) / 18, 10);
    // TF.1.2 in ESA: two hidden contributions, fewer than 5: suppressed for those who cannot see them, and
    // the preview still shows the figure and the reason.
    const esa = byId.get("KPI:TF.1.2:REGION:ESA");
    expect(esa.status).toBe("C");
    expect(esa.n).toBe(8);
    expect(esa.mean).not.toBeNull();
    expect(esa.reasons.length).toBeGreaterThan(0);
    expect(esa.reasons[0]).toMatchObject({ cell: esa.key, figure: "MEAN", status: "C", rule: "PRIMARY" });
    // Every suppressed cell says why; every suppression is listed once.
    for (const c of cells) if (c.status !== "F") expect(c.reasons.length).toBeGreaterThan(0);
    expect(draft.suppressions.length).toBe(cells.reduce((s: number, c: any) => s + c.reasons.length, 0));
  });

  it("is unreachable by anyone else: report(), node(), files, errors", async () => {
    for (const [, tok] of Object.entries(viewers)) {
      expect(await reportOf(CYCLE, undefined, tok)).toBeNull();
      expect(await reportOf(CYCLE, 1, tok)).toBeNull();
      const node = await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: draft.id }, { token: tok });
      expect(node.data).toEqual({ node: null });
    }
    const refused = await gql(
      `{ reportDraft(cycle: "${CYCLE}") { id tables { cells { mean } } } }`,
      {},
      { token: viewers.basic },
    );
    const text = JSON.stringify(refused);
    expect(text).not.toContain(draft.id);
    const esaMean = cellsOf(draft.tables).find((c: any) => c.key === "KPI:TF.1.2:REGION:ESA").mean;
    expect(text).not.toContain(String(esaMean));
    for (const path of [`/reports/${CYCLE}/1/kpi.csv`, `/reports/${CYCLE}/1/charts/TF.1.1.svg`]) {
      const res = await fetch(`${baseUrl()}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 404 });
    }
  });
});

describe("publishing, reading, correcting and withdrawing", () => {
  let first: any;
  let ownCache: OwnServer | undefined;
  afterAll(async () => {
    await ownCache?.close();
  });

  it("publishes a READY draft once: of two concurrent publications, one wins", async () => {
    const draft = await draftOf(CYCLE);
    const both = await Promise.all(
      [1, 2].map(() =>
        gql(`mutation($d: ID!) { publishReport(draft: $d) { ${RELEASE} } }`, { d: draft.id }, { token: secretariat }),
      ),
    );
    const won = both.filter((r) => !r.errors);
    const lost = both.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost[0].errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "ALREADY_PUBLISHED" });
    first = won[0].data!.publishReport;
    expect(first).toMatchObject({ number: 1, status: "PUBLISHED", note: null, withdrawnAt: null, earlier: [] });
    expect((await draftOf(CYCLE)).status).toBe("PUBLISHED");
  });

  it("serves the release to everyone, anonymous too, exactly as the engine computes it", async () => {
    const anonymous = await reportOf(CYCLE, 1);
    expect(anonymous).toEqual(first);
    for (const [, tok] of Object.entries(viewers)) expect(await reportOf(CYCLE, undefined, tok)).toEqual(first);
    const engine = await withDatabase(async (ds) => {
      const cycle = await ds.manager.findOneByOrFail(Cycle, { code: CYCLE });
      return computeRelease({
        ...(await readCycleReportData(ds.manager, cycle, await openCycles(ds.manager))),
        thresholds: { minContributors: 5, minForQuantiles: 10 },
      });
    });
    const served = cellsOf(first.tables);
    // The engine's cell id is the cell's stable key; the API's id is the cell of this release.
    expect(served.map(({ id: _id, ...c }: any) => c)).toEqual(
      engine.cells.map(({ subject, id, ...c }) => ({ ...c, key: id, code: subject, members: c.members ?? null })),
    );
    // The kinds audited, a peer reviewer among them, but no user id: the reviewer is numbered, not named.
    expect(engine.audit.viewers).toContain(`PEER_REVIEWER:${REVIEWER}`);
    expect(first.auditedViewers).toEqual(publicViewerIds(engine.audit.viewers));
    expect(first.auditedViewers).toContain("PEER_REVIEWER:1");
    expect(JSON.stringify(anonymous)).not.toContain(REVIEWER);
    // What later releases are audited against: the engine's rows of release 1's published sums.
    const basis = await withDatabase(
      async (ds) =>
        (
          await ds.manager
            .createQueryBuilder(ReportReleaseRow, "r")
            .addSelect("r.basis")
            .where("r.number = 1 AND r.cycleId = (SELECT id FROM cycle WHERE code = :c)", { c: CYCLE })
            .getOneOrFail()
        ).basis,
    );
    expect(basis!.length).toBeGreaterThan(0);
    expect(basis).toEqual(engine.basis);
    // What is published carries figures only where free.
    for (const c of served) {
      if (c.status !== "F") expect([c.n, c.mean]).toEqual([null, null]);
      if (c.status !== "F" || c.quantileStatus !== "F") expect([c.q1, c.median, c.q3]).toEqual([null, null, null]);
    }
    expect(served.find((c: any) => c.key === "KPI:TF.1.2:REGION:ESA")).toMatchObject({ status: "C", n: null });
  });

  it("is GET-cacheable as public data", async () => {
    ownCache = await startOwnServer(
      "report-cache",
      { PMM_CACHE_MAX_AGE: "60" },
      {
        db: {
          url: process.env.PMM_TEST_DATABASE_URL!,
          engine: process.env.PMM_TEST_ENGINE as never,
          drop: async () => {},
        },
      },
    );
    const query = `{ report(cycle: "${CYCLE}", release: 1) { number status tables(names: [KPI]) { cells { id n mean status } } } }`;
    const one = await get(ownCache.baseUrl, { query });
    expect(one.status).toBe(200);
    expect(one.headers.get("cache-control")).toBe("max-age=60, public");
    const two = await get(ownCache.baseUrl, { query });
    expect(two.headers.get("age")).not.toBeNull();
    expect(two.json).toEqual(one.json);
    expect(one.json.data.report.tables[0].cells).toEqual(
      first.tables[0].cells.map((c: any) => ({ id: c.id, n: c.n, mean: c.mean, status: c.status })),
    );
    // The Secretariat's preview is never public.
    const draft = await get(ownCache.baseUrl, { query: `{ reportDraft(cycle: "${CYCLE}") { id } }` });
    expect(draft.headers.get("cache-control")).toBe("no-store");
  }, 60_000);

  it("serves each table as SDMX-CSV with the figures GraphQL gives, immutable with an ETag", async () => {
    const files = first.files.filter((f: any) => f.mediaType === "text/csv");
    expect(files.map((f: any) => f.name)).toEqual(first.tables.map((t: any) => t.name));
    const kpiFile = files.find((f: any) => f.name === "KPI");
    expect(kpiFile.path).toBe(`/reports/${CYCLE}/1/kpi.csv`);
    const res = await fetch(`${baseUrl()}${kpiFile.path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const rows: Record<string, string>[] = parse(await res.text(), { columns: true });
    // The documented layout itself is checked literally by test/unit/report-files.test.ts.
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    const kpiCells = first.tables.find((t: any) => t.name === "KPI").cells;
    expect(rows).toHaveLength(kpiCells.length * 5);
    const units = new Map(
      (await data(`{ kpis { code unit } }`)).kpis.map((k: { code: string; unit: string }) => [k.code, k.unit]),
    );
    const field = { N: "n", MEAN: "mean", Q1: "q1", MEDIAN: "median", Q3: "q3" } as const;
    for (const row of rows) {
      expect(row.DATAFLOW).toBe("WCO:PMM_REPORT_KPI(1.0)");
      expect(row.CYCLE).toBe(CYCLE);
      const cell = kpiCells.find((c: any) => c.key === `KPI:${row.SUBJECT}:${row.GROUPING}:${row.GROUP}`);
      const value = cell[field[row.STATISTIC as keyof typeof field]];
      expect(row.OBS_VALUE === "" ? null : Number(row.OBS_VALUE)).toBe(value);
      const status =
        row.STATISTIC === "N" || row.STATISTIC === "MEAN"
          ? cell.status
          : cell.status !== "F"
            ? cell.status
            : cell.quantileStatus;
      expect(row.CONF_STATUS).toBe(status);
      expect(row.UNIT_MEASURE).toBe(row.STATISTIC === "N" ? "MEMBERS" : units.get(row.SUBJECT));
    }
    const again = await fetch(`${baseUrl()}${kpiFile.path}`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    // Every other table's file parses and matches too.
    for (const f of files) {
      const body = await (await fetch(`${baseUrl()}${f.path}`)).text();
      const parsed: Record<string, string>[] = parse(body, { columns: true });
      const table = first.tables.find((t: any) => t.name === f.name);
      const free = parsed.filter((r) => r.STATISTIC === "N" && r.CONF_STATUS === "F");
      for (const r of free)
        expect(Number(r.OBS_VALUE)).toBe(
          table.cells.find((c: any) => c.key === `${f.name}:${r.SUBJECT}:${r.GROUPING}:${r.GROUP}`).n,
        );
    }
  });

  it("draws each KPI's chart: a box q1–q3 and the median per region, suppressed regions marked", async () => {
    for (const kpi of ["TF.1.1", "TF.1.2"]) {
      const chart = first.files.find((f: any) => f.name === kpi);
      expect(chart).toMatchObject({ path: `/reports/${CYCLE}/1/charts/${kpi}.svg`, mediaType: "image/svg+xml" });
      const res = await fetch(`${baseUrl()}${chart.path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      // Opened directly, the chart is a document of the API's origin: it may run nothing.
      expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const svg = await res.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const groups = [...svg.matchAll(/<g class="region( suppressed| empty)?" ([^>]*)>(.*?)<\/g>/g)].map((m) => ({
        suppressed: m[1] === " suppressed",
        empty: m[1] === " empty",
        attrs: Object.fromEntries([...m[2].matchAll(/data-([a-z0-9]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
        body: m[3],
      }));
      const regions = first.tables
        .find((t: any) => t.name === "KPI")
        .cells.filter((c: any) => c.code === kpi && c.groupBy === "REGION");
      expect(groups.map((g) => g.attrs.region)).toEqual(regions.map((c: any) => c.group));
      for (const g of groups) {
        const cell = regions.find((c: any) => c.group === g.attrs.region);
        if (cell.n === 0) {
          expect(g.empty).toBe(true);
          expect(g.body).toContain("no contributions");
        } else if (cell.median === null) {
          expect(g.suppressed).toBe(true);
          expect(g.attrs.status).toBe(cell.status !== "F" ? cell.status : cell.quantileStatus);
          expect(g.body).toContain("suppressed");
          expect(g.body).not.toContain("<rect");
        } else {
          expect([Number(g.attrs.q1), Number(g.attrs.median), Number(g.attrs.q3)]).toEqual([
            cell.q1,
            cell.median,
            cell.q3,
          ]);
          expect(g.body).toMatch(/<rect /);
          expect(g.body).toMatch(/<line /);
        }
      }
      // No whiskers: nothing beyond the quartiles is drawn or given.
      expect(svg).not.toMatch(/data-(min|max)=/);
    }
    expect(
      cellsOf(first.tables).some((c: any) => c.table === "KPI" && c.groupBy === "REGION" && c.median === null),
    ).toBe(true);
    const unknown = await fetch(`${baseUrl()}/reports/${CYCLE}/1/charts/NOPE.svg`);
    expect(unknown.status).toBe(404);
    const badTable = await fetch(`${baseUrl()}/reports/${CYCLE}/1/scores.csv`);
    expect(badTable.status).toBe(404);
  });

  it("publishes a correction as release 2, with a mandatory note, audited against release 1", async () => {
    const draft = await draftReady(CYCLE);
    expect(draft.earlierReleases).toBe(1);
    const noNote = await gql(
      `mutation($d: ID!) { publishReport(draft: $d) { number } }`,
      { d: draft.id },
      { token: secretariat },
    );
    expect(noNote.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "note" });
    expect((await reportOf(CYCLE)).number).toBe(1);
    expect((await draftOf(CYCLE)).status).toBe("READY");
    const second = (
      await data(
        `mutation($d: ID!, $n: String) { publishReport(draft: $d, note: $n) { ${RELEASE} } }`,
        { d: draft.id, n: "Corrected the mapping of TF.1.2" },
        { token: secretariat },
      )
    ).publishReport;
    expect(second).toMatchObject({ number: 2, status: "PUBLISHED", note: "Corrected the mapping of TF.1.2" });
    expect(second.earlier).toEqual([{ number: 1, status: "PUBLISHED" }]);
    const latest = await reportOf(CYCLE);
    expect(latest.number).toBe(2);
    expect(latest.earlier.map((r: any) => r.number)).toEqual([1]);
    // Same data, same thresholds: the correction publishes what release 1 did, under ids of its own (client
    // caches normalise by id: two releases' cells must not overwrite each other) and the same stable keys.
    const withoutIds = (tables: any[]) => cellsOf(tables).map(({ id: _id, ...c }: any) => c);
    expect(withoutIds(second.tables)).toEqual(withoutIds(first.tables));
    const ids = new Set(cellsOf(first.tables).map((c: any) => c.id));
    expect(cellsOf(second.tables).filter((c: any) => ids.has(c.id))).toEqual([]);
    expect(cellsOf(second.tables).map((c: any) => c.key)).toContain("KPI:TF.1.1:WORLD:WORLD");
  }, 150_000);

  it("refuses to publish a draft computed before the latest release", async () => {
    const stale = await withDatabase(async (ds) => {
      const cycle = await ds.manager.findOneByOrFail(Cycle, { code: CYCLE });
      const row = await ds.manager.findOneByOrFail(ReportDraftRow, {
        cycleId: cycle.pk,
        status: DraftStatus.PUBLISHED,
      });
      return ds.manager.save(
        ds.manager.create(ReportDraftRow, { ...row, pk: undefined, status: DraftStatus.READY, basedOn: 0 }),
      );
    });
    const id = Buffer.from(`ReportDraft:${stale.pk}`).toString("base64url");
    const res = await gql(
      `mutation($d: ID!) { publishReport(draft: $d, note: "late") { number } }`,
      { d: id },
      { token: secretariat },
    );
    expect(res.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "STALE_DRAFT" });
    expect((await reportOf(CYCLE)).number).toBe(2);
  });

  it("withdraws a release: no figures, files answer 410, its number, dates and notes stay", async () => {
    for (const [, tok] of others) {
      const res = await gql(
        `mutation($r: ID!) { withdrawReport(release: $r, note: "x") { id } }`,
        { r: first.id },
        { token: tok },
      );
      expect(errorCodes(res)).toEqual([codeFor(tok)]);
    }
    const blank = await gql(
      `mutation($r: ID!) { withdrawReport(release: $r, note: " ") { id } }`,
      { r: first.id },
      { token: secretariat },
    );
    expect(blank.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "note" });
    const long = await gql(
      `mutation($r: ID!, $n: String!) { withdrawReport(release: $r, note: $n) { id } }`,
      { r: first.id, n: "x".repeat(4_001) },
      { token: secretariat },
    );
    expect(long.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "note" });
    expect(JSON.stringify(long.errors)).not.toContain("x".repeat(50));
    expect((await reportOf(CYCLE, 1)).status).toBe("PUBLISHED");
    // An anonymous answer in the shared response cache (the server of "is GET-cacheable") must not outlive it.
    const query = `{ report(cycle: "${CYCLE}", release: 1) { number status tables(names: [KPI]) { cells { id mean } } } }`;
    const cached = await get(ownCache!.baseUrl, { query });
    expect(cached.json.data.report.status).toBe("PUBLISHED");
    expect((await get(ownCache!.baseUrl, { query })).headers.get("age")).not.toBeNull();
    const withdrawn = (
      await data(
        `mutation($r: ID!) { withdrawReport(release: $r, note: "Superseded by release 2") { ${RELEASE} } }`,
        { r: first.id },
        { token: secretariat, baseUrl: ownCache!.baseUrl },
      )
    ).withdrawReport;
    const after = await get(ownCache!.baseUrl, { query });
    expect(after.json.data.report).toEqual({ number: 1, status: "WITHDRAWN", tables: null });
    expect(withdrawn).toMatchObject({
      number: 1,
      status: "WITHDRAWN",
      publishedAt: first.publishedAt,
      withdrawalNote: "Superseded by release 2",
      tables: null,
      files: null,
    });
    expect(withdrawn.withdrawnAt).not.toBeNull();
    expect(await reportOf(CYCLE, 1)).toEqual(withdrawn);
    const again = await gql(
      `mutation($r: ID!) { withdrawReport(release: $r, note: "again") { id } }`,
      { r: first.id },
      { token: secretariat },
    );
    expect(again.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "ALREADY_WITHDRAWN" });
    for (const path of [`/reports/${CYCLE}/1/kpi.csv`, `/reports/${CYCLE}/1/charts/TF.1.1.svg`]) {
      const res = await fetch(`${baseUrl()}${path}`);
      expect(res.status).toBe(410);
      // A public page's fetch sees the 410 it must act on, not a CORS failure.
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(await res.json()).toMatchObject({ status: 410 });
    }
    expect((await fetch(`${baseUrl()}/reports/${CYCLE}/2/kpi.csv`)).status).toBe(200);
    expect((await reportOf(CYCLE)).earlier).toEqual([{ number: 1, status: "WITHDRAWN" }]);
  });
});

describe("one computation per cycle", () => {
  it("answers the running one; one left by a dead process is stale and replaced", async () => {
    const orphan = await withDatabase(async (ds) => {
      const cycle = await ds.manager.findOneByOrFail(Cycle, { code: ORPHAN });
      return ds.manager.save(
        ds.manager.create(ReportDraftRow, {
          cycleId: cycle.pk,
          status: DraftStatus.COMPUTING,
          running: cycle.pk,
          basedOn: 0,
          startedAt: new Date(),
          startedBy: "SECRETARIAT:gone",
          finishedAt: null,
          failure: null,
          minContributors: 5,
          minForQuantiles: 10,
          content: null,
        }),
      );
    });
    const id = Buffer.from(`ReportDraft:${orphan.pk}`).toString("base64url");
    const running = await data(
      `mutation { draftReport(cycle: "${ORPHAN}") { id status } }`,
      {},
      { token: secretariat },
    );
    expect(running.draftReport).toEqual({ id, status: "COMPUTING" });
    // The process computing it died an hour ago (past PMM_REPORT_STALE_AFTER_S, 600 s by default).
    await withDatabase((ds) =>
      ds.manager.update(ReportDraftRow, { pk: orphan.pk }, { startedAt: new Date(Date.now() - 3_600_000) }),
    );
    const shown = await draftOf(ORPHAN);
    expect(shown).toMatchObject({ id, status: "FAILED" });
    expect(shown.failure).toMatch(/^stale/);
    const draft = await draftReady(ORPHAN);
    expect(draft.id).not.toBe(id);
  }, 150_000);
});

describe("two drafts of one cycle published at once", () => {
  it("publishes one; the other is CONFLICT, not an internal error", async () => {
    const cycle = "2194";
    await insertFixture(cycle, fixture().slice(0, 6));
    const a = await draftReady(cycle);
    const b = await draftReady(cycle);
    expect(b.id).not.toBe(a.id);
    const answers = await Promise.all(
      [a, b].map((d) =>
        gql(`mutation($d: ID!) { publishReport(draft: $d) { number } }`, { d: d.id }, { token: secretariat }),
      ),
    );
    const won = answers.filter((r) => !r.errors);
    const lost = answers.filter((r) => r.errors);
    expect(won.map((r) => r.data!.publishReport)).toEqual([{ number: 1 }]);
    expect(lost.map((r) => r.errors![0].extensions)).toEqual([
      expect.objectContaining({ code: "CONFLICT", reason: "STALE_DRAFT" }),
    ]);
    expect((await reportOf(cycle)).number).toBe(1);
  }, 150_000);
});

describe("nothing else in the API changes", () => {
  it("live aggregates stay over what the viewer may see", async () => {
    const q = `{ resultStatistics(kpi: "TF.1.2", cycle: "${CYCLE}", groupBy: REGION, groups: ["ESA"]) { included withheld count } }`;
    const anonymous = await data(q);
    expect(anonymous.resultStatistics[0]).toMatchObject({ included: 6, withheld: 2, count: 6 });
    const sec = await data(q, {}, { token: secretariat });
    expect(sec.resultStatistics[0]).toMatchObject({ included: 8, withheld: 0 });
  });
});
