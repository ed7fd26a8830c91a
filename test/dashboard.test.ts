import type { Browser, BrowserContext, Page } from "playwright-core";
import { createDashboardClient } from "../clients/dashboard";
import { startDashboard, type DashboardServer } from "../dashboard/serve";
import { launchBrowser } from "./support/browser";
import { insertFixture } from "./support/fixtures";
import { baseUrl, data } from "./support/graphql";
import { secretariat } from "./support/collection";
import { waitUntil } from "./support/own-server";
import { token } from "./support/tokens";
import { DisclosureLevel } from "../src/disclosure/disclosure-level";

/**
 * The reference dashboard (dashboard/) in headless Chromium, served from an origin of its own and calling the
 * run's server across origins. Botswana's TF.1.1: PUBLIC in 2181, COUNTRY in 2183 (its NCP sees it, nobody else).
 * Cycle codes are per file on the run's shared server: these two are this file's own.
 */
const A = "2181";
const B = "2183";
const MEMBER = "BWA";
const KPI = "TF.1.1";
const ncpBwa = token({ role: "NCP", member: MEMBER, sub: "ncp-bwa-dashboard" });

let browser: Browser;
let dashboard: DashboardServer;
const api = () => `${baseUrl()}/graphql`;

beforeAll(async () => {
  browser = await launchBrowser();
  await insertFixture(A, [{ member: MEMBER, kpi: KPI, disclosure: DisclosureLevel.PUBLIC, value: 42.5 }]);
  await insertFixture(B, [{ member: MEMBER, kpi: KPI, disclosure: DisclosureLevel.COUNTRY, value: 61.25 }]);
  dashboard = await startDashboard({ api: api(), port: 0, host: "127.0.0.1" });
}, 120_000);
afterAll(async () => {
  await dashboard?.close();
  await browser?.close();
});

/** The Secretariat drafts the cycle's Report and publishes it, as the API's users would. */
async function publishReport(cycle: string): Promise<void> {
  const { draftReport } = await data(
    `mutation($c: ID!) { draftReport(cycle: $c) { id } }`,
    { c: cycle },
    { token: secretariat },
  );
  await waitUntil(
    "the draft is computed",
    async () =>
      (await data(`query($c: ID!) { reportDraft(cycle: $c) { status } }`, { c: cycle }, { token: secretariat }))
        .reportDraft.status === "READY",
    600,
  );
  await data(
    `mutation($d: ID!) { publishReport(draft: $d) { number } }`,
    { d: draftReport.id },
    { token: secretariat },
  );
}

/** The figures table: per group, the published and the live text. */
async function figureRows(page: Page): Promise<Record<string, { published: string; live: string }>> {
  const rows = await page.$$eval("#figures tbody tr.figures-row", (trs) =>
    trs.map((tr) => [
      tr.getAttribute("data-group"),
      { published: tr.querySelector(".published")?.textContent, live: tr.querySelector(".live")?.textContent },
    ]),
  );
  return Object.fromEntries(rows);
}

/** A page of the dashboard, recording the origin of every request it makes. */
async function openDashboard(cycle = B): Promise<{ context: BrowserContext; page: Page; origins: Set<string> }> {
  const context = await browser.newContext();
  const origins = new Set<string>();
  const allowed = new Set([new URL(dashboard.url).origin, new URL(api()).origin]);
  await context.route("**/*", (route) => {
    const origin = new URL(route.request().url()).origin;
    origins.add(origin);
    return allowed.has(origin) ? route.continue() : route.abort("internetdisconnected");
  });
  const page = await context.newPage();
  await page.goto(`${dashboard.url}?member=${MEMBER}&cycle=${cycle}&kpi=${KPI}`);
  return { context, page, origins };
}

/** What the chart shows per cycle: its label (the exact value, or "withheld"). */
async function chartPoints(page: Page): Promise<Record<string, string>> {
  const points = await page.$$eval("#trend svg g.point", (gs) =>
    gs.map((g) => [g.getAttribute("data-cycle"), g.querySelector("text.value")?.textContent ?? ""]),
  );
  return Object.fromEntries(points);
}

/** The API's own answer for the same viewer: each cycle's value as the chart must label it. */
async function apiPoints(tokenValue?: string): Promise<Record<string, string>> {
  const client = createDashboardClient({ endpoint: api(), ...(tokenValue ? { token: tokenValue } : {}) });
  const page = await client.results({ filter: { members: [MEMBER], kpis: [KPI] }, first: 100 });
  return Object.fromEntries(
    page.edges.map(({ node }) => [
      node.cycle.code,
      node.withheld ? "withheld" : node.value === null ? "no value" : String(node.value),
    ]),
  );
}

async function scorecardRows(page: Page) {
  return page.$$eval("#scorecard tbody tr.dimension", (trs) =>
    trs.map((tr) => ({
      code: tr.getAttribute("data-code"),
      score: tr.querySelector(".score")?.textContent,
      withheld: tr.querySelector(".withheld-count")?.textContent,
    })),
  );
}

async function apiScorecard(tokenValue?: string) {
  const client = createDashboardClient({ endpoint: api(), ...(tokenValue ? { token: tokenValue } : {}) });
  const card = await client.scorecard({ member: MEMBER, cycle: B });
  return card.dimensions.map((d) => ({
    code: d.code,
    score: d.score === null ? "no score" : String(d.score),
    withheld: String(d.withheld),
  }));
}

describe("the reference dashboard in headless Chromium", () => {
  it("anonymous: the scorecard and the trend are the API's, the COUNTRY value shown as withheld, never as a number", async () => {
    const { context, page, origins } = await openDashboard();
    try {
      await page.waitForSelector("#message:text('Anonymous')");
      expect(await page.textContent("#scorecard-title")).toBe(`Scorecard: Botswana (${MEMBER}), cycle ${B}`);
      expect(await scorecardRows(page)).toEqual(await apiScorecard());
      const tf = (await scorecardRows(page)).find((r) => r.code === "TF");
      expect(Number(tf?.withheld)).toBeGreaterThanOrEqual(1);

      const shown = await chartPoints(page);
      expect(shown).toEqual(await apiPoints());
      expect(shown[A]).toBe("42.5");
      expect(shown[B]).toBe("withheld");
      expect(await page.textContent("#trend")).not.toContain("61.25");
      expect(await page.$$(`#trend g.point[data-cycle="${B}"] circle`)).toHaveLength(0);
      expect([...origins].sort()).toEqual([new URL(api()).origin, new URL(dashboard.url).origin].sort());
    } finally {
      await context.close();
    }
  });

  it("signed in as Botswana's NCP: the COUNTRY value is shown, and still equals the API's", async () => {
    const { context, page, origins } = await openDashboard();
    try {
      await page.waitForSelector("#message:text('Anonymous')");
      await page.fill("#token", ncpBwa);
      await page.click("#show");
      await page.waitForSelector("#message:text('Signed in')");
      const shown = await chartPoints(page);
      expect(shown).toEqual(await apiPoints(ncpBwa));
      expect(shown[B]).toBe("61.25");
      expect(await scorecardRows(page)).toEqual(await apiScorecard(ncpBwa));
      expect([...origins].sort()).toEqual([new URL(api()).origin, new URL(dashboard.url).origin].sort());
    } finally {
      await context.close();
    }
  });

  it("a refused token is a clear message, and nothing is shown as if anonymous", async () => {
    const { context, page } = await openDashboard();
    try {
      await page.waitForSelector("#message:text('Anonymous')");
      await page.fill("#token", "not-a-token");
      await page.click("#show");
      await page.waitForSelector("#message.error");
      expect(await page.textContent("#message")).toMatch(/^Your token was refused \(UNAUTHENTICATED\): /);
      expect(await page.$$("#trend svg")).toHaveLength(0);
      expect(await page.$$("#scorecard tbody tr")).toHaveLength(0);
    } finally {
      await context.close();
    }
  });

  it("shows the KPI's published Report figures (world, region) beside the live ones, suppressed cells as such", async () => {
    await publishReport(A);
    await publishReport(B);
    const client = createDashboardClient({ endpoint: api() });
    for (const cycle of [A, B]) {
      const { context, page } = await openDashboard(cycle);
      try {
        await page.waitForSelector("#message:text('Anonymous')");
        expect(await page.textContent("#figures-title")).toBe(
          `${KPI}, cycle ${cycle}: Report release 1 (published) and live figures`,
        );
        const api = await client.kpiFigures({ kpi: KPI, cycle });
        const cells = api.report!.tables![0].cells.filter((c) => c.code === KPI);
        const rows = await figureRows(page);
        for (const [group, row] of Object.entries(rows)) {
          const cell = cells.find((c) => c.group === group && (group === "WORLD") === (c.groupBy === "WORLD"))!;
          expect({ group, published: row.published }).toEqual({
            group,
            published:
              cell.status === "F"
                ? `n ${cell.n}, mean ${cell.mean ?? "—"}, median ${cell.quantileStatus === "F" ? (cell.median ?? "—") : `suppressed (${cell.quantileStatus})`}`
                : `suppressed (${cell.status})`,
          });
          const live = [...api.world, ...api.regions].find((s) => (s.groupCode ?? "WORLD") === group);
          if (live)
            expect(row.live).toBe(
              `n ${live.count}, mean ${live.mean ?? "—"}, median ${live.median ?? "—"}, withheld ${live.withheld}`,
            );
        }
        if (cycle === A) expect(rows.WORLD.published).toBe("n 1, mean 42.5, median 42.5");
        // B: Botswana's COUNTRY value is one Member's: suppressed for everyone else, never shown.
        if (cycle === B) {
          expect(rows.WORLD.published).toMatch(/^suppressed \([CD]\)$/);
          expect(rows.ESA.published).toMatch(/^suppressed \([CD]\)$/);
          expect(await page.textContent("#figures")).not.toContain("61.25");
        }
      } finally {
        await context.close();
      }
    }
  }, 120_000);
});
