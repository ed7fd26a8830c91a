/**
 * The reference dashboard (browser side): a Member's scorecard, one KPI's trend over cycles, and the KPI's
 * published Report figures (world, regions) beside the live ones, through the typed dashboard client, from another
 * origin than the API (CORS). Every figure is written as text (never as HTML) and
 * exactly as the API gave it; a value withheld from the viewer is shown as "withheld", never as a number.
 */
import {
  createDashboardClient,
  PmmApiError,
  type KpiFigures,
  type ResultRow,
  type Scorecard,
} from "../clients/dashboard";

/** The API's endpoint, set when the page is bundled (serve.ts). */
declare const PMM_API: string;

const SVG = "http://www.w3.org/2000/svg";
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (id: string) => byId<HTMLInputElement>(id).value.trim();

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, className?: string) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function showMessage(text: string, error = false): void {
  const m = byId("message");
  m.textContent = text;
  m.className = error ? "error" : "";
}

function renderScorecard(card: Scorecard): void {
  byId("scorecard-title").textContent =
    `Scorecard: ${card.member.name} (${card.member.code}), cycle ${card.cycle.code}`;
  const body = byId("scorecard").querySelector("tbody")!;
  body.replaceChildren();
  const rows = [
    ...card.dimensions.map((d) => ({ level: "dimension", ...d })),
    ...card.outcomes.map((o) => ({ level: "outcome", ...o })),
  ];
  for (const r of rows) {
    const tr = document.createElement("tr");
    tr.className = r.level;
    tr.dataset.code = r.code;
    tr.append(
      element("td", r.level),
      element("td", r.code),
      element("td", r.name),
      element("td", r.score === null ? "no score" : String(r.score), "score"),
      element("td", r.previousScore === null ? "no score" : String(r.previousScore)),
      element("td", String(r.scored), "scored"),
      element("td", String(r.withheld), "withheld-count"),
    );
    body.append(tr);
  }
}

/** The KPI's value in each cycle as an SVG line chart; each point is labelled with its exact value or "withheld". */
function renderTrend(kpi: string, member: string, rows: readonly ResultRow[]): void {
  byId("trend-title").textContent = `KPI trend: ${kpi}, ${member}`;
  const box = byId("trend");
  box.replaceChildren();
  if (!rows.length) {
    box.append(element("p", "No results for this KPI and Member."));
    return;
  }
  const width = 120 + 140 * (rows.length - 1);
  const height = 220;
  const values = rows.filter((r) => !r.withheld && r.value !== null).map((r) => r.value as number);
  const lo = Math.min(0, ...values);
  const hi = Math.max(lo + 1, ...values);
  const y = (v: number) => 180 - ((v - lo) / (hi - lo)) * 150;
  const x = (i: number) => 60 + 140 * i;
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  chart.append(svg("title", {}, `${kpi} for ${member} by cycle`));
  const line = rows
    .map((r, i) => (r.withheld || r.value === null ? null : `${x(i)},${y(r.value)}`))
    .filter((p): p is string => p !== null);
  if (line.length > 1) chart.append(svg("polyline", { class: "line", points: line.join(" ") }));
  rows.forEach((r, i) => {
    const g = svg("g", { class: "point", "data-cycle": r.cycle.code });
    g.append(svg("text", { x: x(i), y: 205, "text-anchor": "middle", class: "cycle" }, r.cycle.code));
    if (r.withheld) {
      g.setAttribute("data-withheld", "true");
      g.append(svg("text", { x: x(i), y: 100, "text-anchor": "middle", class: "value withheld" }, "withheld"));
    } else if (r.value === null) {
      g.append(svg("text", { x: x(i), y: 100, "text-anchor": "middle", class: "value" }, "no value"));
    } else {
      g.append(svg("circle", { cx: x(i), cy: y(r.value), r: 4 }));
      g.append(svg("text", { x: x(i), y: y(r.value) - 10, "text-anchor": "middle", class: "value" }, String(r.value)));
    }
    chart.append(g);
  });
  box.append(chart);
}

const figure = (v: number | null | undefined) => (v === null || v === undefined ? "—" : String(v));

/**
 * The KPI's published world and region cells (latest release of the cycle) beside the live statistics over what the
 * viewer may see. A suppressed published cell says so with its SDMX status, never a number.
 */
function renderFigures(kpi: string, cycle: string, figures: KpiFigures): void {
  const release = figures.report;
  byId("figures-title").textContent = release
    ? `${kpi}, cycle ${cycle}: Report release ${release.number} (${release.status.toLowerCase()}) and live figures`
    : `${kpi}, cycle ${cycle}: no published Report release; live figures`;
  const body = byId("figures").querySelector("tbody")!;
  body.replaceChildren();
  const cells = (release?.tables ?? [])
    .flatMap((t) => t.cells)
    .filter((c) => c.code === kpi && (c.groupBy === "WORLD" || c.groupBy === "REGION"));
  const live = [...figures.world, ...figures.regions];
  const groups = [
    "WORLD",
    ...new Set(
      [
        ...cells.filter((c) => c.groupBy === "REGION").map((c) => c.group),
        ...figures.regions.map((r) => r.groupCode!),
      ].sort(),
    ),
  ];
  for (const group of groups) {
    const cell = cells.find((c) => c.group === group);
    const now = live.find((s) => (s.groupCode ?? "WORLD") === group);
    const tr = document.createElement("tr");
    tr.className = "figures-row";
    tr.setAttribute("data-group", group);
    tr.append(element("td", group));
    if (!release || release.status === "WITHDRAWN" || !cell) {
      tr.append(element("td", release?.status === "WITHDRAWN" ? "withdrawn" : "not published", "published"));
    } else if (cell.status !== "F") {
      tr.append(element("td", `suppressed (${cell.status})`, "published withheld"));
    } else {
      const median = cell.quantileStatus === "F" ? figure(cell.median) : `suppressed (${cell.quantileStatus})`;
      tr.append(element("td", `n ${figure(cell.n)}, mean ${figure(cell.mean)}, median ${median}`, "published"));
    }
    tr.append(
      element(
        "td",
        now ? `n ${now.count}, mean ${figure(now.mean)}, median ${figure(now.median)}, withheld ${now.withheld}` : "—",
        "live",
      ),
    );
    body.append(tr);
  }
}

async function show(): Promise<void> {
  const member = input("member").toUpperCase();
  const cycle = input("cycle");
  const kpi = input("kpi").toUpperCase();
  const token = input("token");
  const client = createDashboardClient({ endpoint: PMM_API, ...(token ? { token } : {}) });
  showMessage("Loading…");
  try {
    const [card, page, figures] = await Promise.all([
      client.scorecard({ member, cycle }),
      client.results({
        filter: { members: [member], kpis: [kpi] },
        first: 100,
        orderBy: [{ field: "CYCLE", direction: "ASC" }],
      }),
      client.kpiFigures({ kpi, cycle }),
    ]);
    renderScorecard(card);
    renderTrend(
      kpi,
      member,
      page.edges.map((e) => e.node),
    );
    renderFigures(kpi, cycle, figures);
    showMessage(token ? "Signed in: values your token may see are shown." : "Anonymous: public values only.");
  } catch (err) {
    byId("scorecard").querySelector("tbody")!.replaceChildren();
    byId("trend").replaceChildren();
    byId("figures").querySelector("tbody")!.replaceChildren();
    if (err instanceof PmmApiError && err.code === "UNAUTHENTICATED") {
      showMessage(
        `Your token was refused (${err.code}): ${err.message}. Paste a valid token, or clear it to see public values.`,
        true,
      );
    } else if (err instanceof PmmApiError) {
      showMessage(`The API refused the request (${err.code}): ${err.message}`, true);
    } else {
      showMessage(
        `The API could not be reached at ${PMM_API}: ${err instanceof Error ? err.message : String(err)}`,
        true,
      );
    }
  }
}

// A link may name what to show (`?member=GHA&cycle=2025&kpi=TF.1.1`); never a token, which stays out of URLs.
for (const [key, value] of new URLSearchParams(location.search)) {
  if (["member", "cycle", "kpi"].includes(key)) byId<HTMLInputElement>(key).value = value;
}
byId<HTMLFormElement>("query").addEventListener("submit", (e) => {
  e.preventDefault();
  void show();
});
void show();
