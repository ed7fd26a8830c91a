import { computeRelease } from "../../src/report";
import { attack, RATIONALS, sees, viewersOf, type AttackData, type PublishedCell } from "../report/attacker";
import { cycle, inputOf, prng } from "../report/fixtures";

/**
 * Issue 23's attacker test on hand-built fixtures: the engine publishes a release, and the attacker (which
 * imports nothing of the engine, test/report/attacker.ts) tries, for every viewer kind of rule 8, to solve the
 * published sums plus what that viewer sees for anything withheld. It must find nothing. Each fixture also
 * checks that the case it was built for did occur (the cell it is about really carries no figure), so that
 * the test cannot pass on a release that dodged the case.
 */

type Release = ReturnType<typeof computeRelease>;
const T = 5;
const TQ = 10;

function publish(data: AttackData, earlier: Release[] = [], needs: { member: string; outcome: string }[] = []) {
  return computeRelease({ ...inputOf(data, needs), earlier: earlier.map((r) => ({ basis: r.basis })) } as never);
}

/** Every viewer kind (the attacker's own list) attacks; returns everything any of them found. */
function attackAll(releases: { data: AttackData; release: Release }[]) {
  const last = releases[releases.length - 1];
  const viewers = viewersOf(last.data);
  // The release says which kinds it was audited for: every kind of rule 8 must be among them.
  expect(last.release.audit.viewers).toEqual(expect.arrayContaining(viewers.map((v) => v.id)));
  return viewers.flatMap((v) =>
    attack(
      RATIONALS,
      releases.map((r) => ({ data: r.data, cells: r.release.cells as PublishedCell[] })),
      v,
      T,
    ),
  );
}

/** No cell shows a median or quartile over fewer than TQ contributions hidden from some viewer. */
function quantilesSafe(data: AttackData, release: Release) {
  const viewers = viewersOf(data);
  const bad: string[] = [];
  for (const c of release.cells) {
    if (c.table !== "KPI" || c.median === null) continue;
    for (const v of viewers) {
      const hidden = data.results.filter(
        (r) =>
          r.kpi === c.subject &&
          !sees(v, r) &&
          !r.notUsed &&
          (c.groupBy === "WORLD" ||
            data.members.find((m) => m.code === r.member)![c.groupBy === "REGION" ? "region" : "code"] === c.group),
      ).length;
      if (c.groupBy !== "WORLD" && c.groupBy !== "REGION") continue;
      if (hidden > 0 && hidden < TQ) bad.push(`${c.id} for ${v.id}`);
    }
  }
  return bad;
}

const cell = (r: Release, id: string) => {
  const c = r.cells.find((x) => x.id === id);
  if (!c) throw new Error(`no cell ${id}`);
  return c;
};

describe("the attacker finds nothing", () => {
  it("a region with 2 contributors (COUNTRY level): no figure, and no other path to its sum", () => {
    const data = cycle((m) => (m.startsWith("C") ? "COUNTRY" : "PUBLIC"));
    const release = publish(data);
    expect(cell(release, "KPI:K1:REGION:C")).toMatchObject({ status: "C", n: null, mean: null, median: null });
    expect(attackAll([{ data, release }])).toEqual([]);
  });

  it("an additive set whose residual (WORLD minus the published regions) would give one hidden value", () => {
    const data = cycle((m, k) => (m === "A05" && k === "K1" ? "COUNTRY" : "PUBLIC"));
    const release = publish(data);
    expect(cell(release, "KPI:K1:REGION:A").status).toBe("C");
    // Something else of the set went too (secondary suppression), or the world did.
    const set = release.cells.filter((c) => c.subject === "K1" && c.table === "KPI" && c.groupBy === "REGION");
    const world = cell(release, "KPI:K1:WORLD:WORLD");
    expect(world.status !== "F" || set.filter((c) => c.status === "D").length > 0).toBe(true);
    expect(attackAll([{ data, release }])).toEqual([]);
  });

  it("the office of region D's unions sees every contributor of D but one", () => {
    const data = cycle((m) => (m.startsWith("D") ? "UNION" : "PUBLIC"));
    const release = publish(data);
    expect(cell(release, "KPI:K2:REGION:D").status).toBe("C");
    expect(release.audit.suppressions).toEqual(
      expect.arrayContaining([expect.objectContaining({ cell: "KPI:K2:REGION:D", viewer: "REGION_OFFICE:D" })]),
    );
    expect(attackAll([{ data, release }])).toEqual([]);
  });

  it("an outcome, an instrument and an SDG target each made of one KPI whose score is its value", () => {
    const data = cycle((m, k) => (m === "B03" && k === "K1" ? "COUNTRY" : "PUBLIC"));
    const release = publish(data);
    for (const id of ["KPI:K1:REGION:B", "OUTCOME:O1:REGION:B", "INSTRUMENT:I1:REGION:B", "SDG_TARGET:S1:REGION:B"])
      expect(cell(release, id).status).not.toBe("F");
    expect(attackAll([{ data, release }])).toEqual([]);
  });

  it("a correction release that adds one Member, audited against the first", () => {
    // A07 to A12 are hidden from anonymous viewers: 5 of A before A12 joins, 6 after; enough each time alone.
    const level = (m: string) => (["A07", "A08", "A09", "A10", "A11", "A12"].includes(m) ? "WCO" : "PUBLIC");
    const before = cycle(level);
    before.participants = before.participants.filter((m) => m !== "A12");
    const first = publish(before);
    const after = cycle(level);
    const second = publish(after, [first]);
    // Alone, the second release would publish A's figures; with the first, A's (or the world's) would give A12.
    const alone = publish(after);
    expect(cell(first, "KPI:K1:REGION:A").status).toBe("F");
    expect(cell(alone, "KPI:K1:REGION:A").status).toBe("F");
    expect(second.audit.suppressions).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: "LINEAR_AUDIT", viewer: "ANONYMOUS" })]),
    );
    expect(
      attackAll([
        { data: before, release: first },
        { data: after, release: second },
      ]),
    ).toEqual([]);
    // The attacker is not blind: the second release computed without the first gives A12 away.
    expect(
      attackAll([
        { data: before, release: first },
        { data: after, release: alone },
      ]),
    ).toEqual(expect.arrayContaining([{ viewer: "ANONYMOUS", what: "value A12 K1" }]));
  });

  it("a cell where n would reveal that a hidden participant marked the KPI not used", () => {
    const data = cycle(
      (m, k) => (m === "B02" && k === "K2" ? "COUNTRY" : "PUBLIC"),
      (r) => {
        if (r.member === "B02" && r.kpi === "K2") Object.assign(r, { notUsed: true, value: null });
      },
    );
    const release = publish(data);
    // Every contributor of B is visible, but n = 6 of 7 taking part would say B02 has no value.
    expect(cell(release, "KPI:K2:REGION:B")).toMatchObject({ status: "C", n: null });
    expect(attackAll([{ data, release }])).toEqual([]);
  });

  it("needs whose hidden entries all share one priority: counted by outcome and region only", () => {
    const data = cycle(() => "PUBLIC");
    const needs = data.members.slice(0, 9).map((m, i) => ({ member: m.code, outcome: i % 2 ? "O1" : "O2" }));
    const release = publish(data, [], needs);
    const needCells = release.cells.filter((c) => c.table === "NEEDS");
    expect(new Set(needCells.map((c) => c.groupBy))).toEqual(new Set(["OUTCOME", "REGION"]));
    expect(needCells.find((c) => c.group === "O1")!.n).toBe(4);
    expect(needCells.find((c) => c.group === "O2")!.n).toBe(5);
    // Nothing of the release names a priority or a category.
    expect(JSON.stringify(release.cells)).not.toMatch(/HIGH_PRIORITY|PRIORITY|CATEGORY|TRAINING|LEGISLATION/);
  });

  it("quartiles at n = 4k + 1 (single values): only with no hidden contribution or at least the quantile threshold", () => {
    // Region B has 7 Members, C 2: B plus C is not a group; use A (12) with 3 not used: n = 9 = 4 x 2 + 1.
    const data = cycle(
      (m) => (["A01", "A02", "A03", "A04", "A05"].includes(m) ? "WCO" : "PUBLIC"),
      (r) => {
        if (["A10", "A11", "A12"].includes(r.member)) Object.assign(r, { notUsed: true, value: null });
      },
    );
    const release = publish(data);
    const a = cell(release, "KPI:K1:REGION:A");
    // Anonymous viewers miss 5 contributions: enough for the mean (5), not for order statistics (10).
    expect(a).toMatchObject({ q1: null, median: null, q3: null });
    expect(a.quantileStatus).not.toBe("F");
    // With every contribution visible, the same n = 9 shows its quartiles: x(3), x(5), x(7).
    const open = publish(
      cycle(
        () => "PUBLIC",
        (r) => {
          if (["A10", "A11", "A12"].includes(r.member)) Object.assign(r, { notUsed: true, value: null });
        },
      ),
    );
    const b = cell(open, "KPI:K1:REGION:A");
    const xs = data.results
      .filter((r) => r.kpi === "K1" && r.member.startsWith("A") && !r.notUsed)
      .map((r) => r.value!)
      .sort((x, y) => x - y);
    expect(xs).toHaveLength(9);
    expect(b).toMatchObject({ n: 9, q1: xs[2], median: xs[4], q3: xs[6], quantileStatus: "F" });
    expect(quantilesSafe(data, release)).toEqual([]);
    expect(attackAll([{ data, release }])).toEqual([]);
  });

  it("a random cycle with every level, not-used flags and validated values", () => {
    const rand = prng(99);
    const levels = ["PUBLIC", "WCO", "UNION", "COUNTRY"] as const;
    const data = cycle(
      () => levels[Math.floor(rand() * 4)],
      (r) => {
        if (rand() < 0.1) Object.assign(r, { notUsed: true, value: null });
        else if (rand() < 0.2 && r.value !== null) r.validatedValue = r.kpi === "K3" ? 1 - r.value : r.value / 2;
      },
      11,
    );
    const release = publish(data);
    expect(release.cells.some((c) => c.status === "F" && c.table === "KPI" && c.groupBy === "WORLD")).toBe(true);
    expect(quantilesSafe(data, release)).toEqual([]);
    expect(attackAll([{ data, release }])).toEqual([]);
  });
});
