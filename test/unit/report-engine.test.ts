import "reflect-metadata";
import { summarize, mean } from "../../src/analytics/statistics";
import { DisclosureLevel } from "../../src/disclosure/disclosure-level";
import { maySee, scopeFor } from "../../src/disclosure/policy";
import { ReferenceDirectory } from "../../src/disclosure/reference-directory";
import { ANONYMOUS, Viewer, ViewerRole } from "../../src/disclosure/viewer";
import { computeRelease, publicViewerIds, ReportRefused, seesLevel, viewerKinds } from "../../src/report";
import type { ReportInput } from "../../src/report";

/**
 * The disclosure-control engine (src/report, docs/methods.md section 12): figures over every contribution with
 * the statistics module's definitions, statuses and n, refusals, and the viewer kinds against the API's policy.
 * The attacker test (report-attacker.test.ts) checks that nothing withheld can be derived.
 */
const members = ["K01", "K02", "K03", "K04", "K05", "K06", "K07", "L01", "L02", "L03", "L04", "L05", "L06"].map(
  (code) => ({ code, region: code[0], incomeGroup: code.endsWith("1") ? null : "HIGH", landlocked: false }),
);

function input(over: Partial<ReportInput> = {}): ReportInput {
  const values = [20, 40, 60, 80, 10, 30, 50, 15, 25, 35, 45, 55, 65];
  return {
    cycle: { code: "2023", phase: "CLOSED" },
    members,
    unions: [{ code: "U", members: ["K01", "K02"] }],
    participants: members.map((m) => m.code),
    kpis: [
      {
        code: "K",
        outcome: "O",
        dimension: "D",
        scoring: { method: "LINEAR", worst: 0, best: 200 },
        instruments: ["I"],
        sdgTargets: ["S"],
      },
    ],
    results: members.map((m, i) => ({
      member: m.code,
      kpi: "K",
      level: "PUBLIC" as const,
      notUsed: m.code === "L06",
      value: m.code === "L06" ? null : values[i],
      validatedValue: m.code === "K01" ? 25 : undefined,
    })),
    needs: [{ member: "K01", outcome: "O" }],
    reviewers: [],
    thresholds: { minContributors: 5, minForQuantiles: 10 },
    ...over,
  };
}

const cell = (r: ReturnType<typeof computeRelease>, id: string) => r.cells.find((c) => c.id === id)!;

describe("report engine", () => {
  it("computes KPI figures over every contribution: value of record, not used left out, type 7 quartiles", () => {
    const release = computeRelease(input());
    // K01's validated value (25) replaces its submitted 20; L06 is not used.
    const k = [25, 40, 60, 80, 10, 30, 50];
    const world = [...k, 15, 25, 35, 45, 55];
    expect(cell(release, "KPI:K:REGION:K")).toMatchObject({
      ...pick(summarize(k)),
      n: 7,
      status: "F",
      quantileStatus: "F",
    });
    expect(cell(release, "KPI:K:WORLD:WORLD")).toMatchObject({ ...pick(summarize(world)), n: 12, status: "F" });
    // Scores (LINEAR 0..200: half the value), rolled up per Member, then averaged over the Members with one.
    expect(cell(release, "OUTCOME:O:WORLD:WORLD")).toMatchObject({ n: 12, mean: mean(world.map((v) => v / 2)) });
    expect(cell(release, "INSTRUMENT:I:REGION:L")).toMatchObject({ n: 5, mean: 35 / 2 });
    expect(cell(release, "NEEDS:NEEDS:OUTCOME:O")).toMatchObject({ n: 1, status: "F" });
    expect(cell(release, "PARTICIPATION:PARTICIPATION:REGION:L")).toMatchObject({ n: 6, members: 6 });
    expect(release.thresholds).toEqual({ minContributors: 5, minForQuantiles: 10 });
    // Every kind of rule 8: anonymous, basic, an NCP per Member, the union's office, the regions' offices.
    expect(release.audit.viewers).toHaveLength(2 + 13 + 1 + 2);
  });

  it("publishes n and figures only with status F, and C/D cells carry none", () => {
    const release = computeRelease(
      input({ results: input().results.map((r) => (r.member === "K03" ? { ...r, level: "COUNTRY" as const } : r)) }),
    );
    const k = cell(release, "KPI:K:REGION:K");
    expect(k).toMatchObject({ status: "C", n: null, mean: null, median: null, q1: null, q3: null });
    // The world holds the same single hidden contribution; region L (all visible) keeps its figures.
    expect(cell(release, "KPI:K:WORLD:WORLD").status).toBe("C");
    expect(cell(release, "KPI:K:REGION:L")).toMatchObject({ status: "F", n: 5 });
    for (const c of release.cells) if (c.status !== "F") expect(c.n).toBeNull();
    expect(release.audit.suppressions.find((s) => s.cell === "KPI:K:REGION:K")).toMatchObject({
      status: "C",
      rule: "PRIMARY",
    });
  });

  it("computes a release only for a CLOSED cycle, with thresholds of at least 3", () => {
    expect(() => computeRelease(input({ cycle: { code: "2025", phase: "PEER_REVIEW" } }))).toThrow(ReportRefused);
    expect(() => computeRelease(input({ thresholds: { minContributors: 2, minForQuantiles: 10 } }))).toThrow(
      /at least 3/,
    );
    expect(() => computeRelease(input({ thresholds: { minContributors: 6, minForQuantiles: 5 } }))).toThrow(
      ReportRefused,
    );
  });

  it("gives the same release for the same data (deterministic)", () => {
    expect(computeRelease(input())).toEqual(computeRelease(input()));
  });
});

function pick(s: ReturnType<typeof summarize>) {
  return { mean: s.mean, q1: s.q1, median: s.median, q3: s.q3 };
}

describe("viewer kinds", () => {
  // The API's own policy on the same Members and unions: each kind sees exactly what its viewer sees.
  const Directory = ReferenceDirectory as unknown as new (...args: unknown[]) => ReferenceDirectory;
  const codes: [string, number][] = [
    ["KEN", 1],
    ["UGA", 2],
    ["FRA", 3],
    ["DEU", 4],
    ["JPN", 5],
  ];
  const dir = new Directory(
    new Map(codes),
    new Map(codes.map(([c, id]) => [id, c])),
    new Map(),
    new Map([
      ["EAC", new Set([1, 2])],
      ["EU", new Set([3, 4])],
    ]),
    new Map([
      [1, ["EAC"]],
      [2, ["EAC"]],
      [3, ["EU"]],
      [4, ["EU"]],
    ]),
    new Map(),
  );
  const ms = [
    { code: "KEN", region: "ESA", incomeGroup: null, landlocked: false },
    { code: "UGA", region: "ESA", incomeGroup: null, landlocked: true },
    { code: "FRA", region: "EUR", incomeGroup: null, landlocked: false },
    { code: "DEU", region: "EUR", incomeGroup: null, landlocked: false },
    { code: "JPN", region: "AP", incomeGroup: null, landlocked: false },
  ];
  const kinds = viewerKinds(
    ms,
    [
      { code: "EAC", members: ["KEN", "UGA"] },
      { code: "EU", members: ["FRA", "DEU"] },
    ],
    [{ reviewer: "r1", members: ["FRA", "JPN"] }],
  );
  const v = (x: Partial<Viewer>): Viewer => ({ ...ANONYMOUS, subject: "s", ...x });
  const apiViewer: Record<string, Viewer> = {
    ANONYMOUS,
    BASIC: v({ role: ViewerRole.BASIC }),
    "NCP:KEN": v({ role: ViewerRole.NCP, member: "KEN" }),
    "NCP:JPN": v({ role: ViewerRole.NCP, member: "JPN" }),
    "UNION_OFFICE:EAC": v({ role: ViewerRole.REGIONAL_OFFICE, unions: ["EAC"] }),
    "REGION_OFFICE:EUR": v({ role: ViewerRole.REGIONAL_OFFICE, unions: ["EU"] }),
    "REGION_OFFICE:AP": v({ role: ViewerRole.REGIONAL_OFFICE, unions: [] }),
    "PEER_REVIEWER:r1": v({ role: ViewerRole.PEER_REVIEWER, reviews: ["FRA", "JPN"] }),
  };

  it.each(Object.keys(apiViewer))("%s sees what the API's policy lets that viewer see", (id) => {
    const kind = kinds.find((k) => k.id === id)!;
    const scope = scopeFor(apiViewer[id], dir);
    for (const [code, pk] of codes)
      for (const level of Object.values(DisclosureLevel))
        expect([code, level, seesLevel(kind, code, level)]).toEqual([code, level, maySee(scope, pk, level)]);
  });
});

describe("the audited kinds a release publishes", () => {
  it("numbers peer reviewers instead of naming them (their kind id is a user id) and keeps every other kind", () => {
    expect(
      publicViewerIds(["ANONYMOUS", "BASIC", "NCP:KEN", "UNION_OFFICE:EU", "PEER_REVIEWER:alice", "PEER_REVIEWER:bob"]),
    ).toEqual(["ANONYMOUS", "BASIC", "NCP:KEN", "UNION_OFFICE:EU", "PEER_REVIEWER:1", "PEER_REVIEWER:2"]);
  });
});
