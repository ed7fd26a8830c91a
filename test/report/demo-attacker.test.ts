import { computeRelease } from "../../src/report";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { attack, modular, viewersOf, type AttackData, type PublishedCell } from "./attacker";
import { loadDemoCycle } from "./demo-cycle";

/**
 * Issue 23's attacker on the demo cycle (2023, CLOSED), loaded by the demo seed into a database of this test's
 * own (SQLite or MariaDB, as the run). The engine computes the release for every viewer kind of rule 8; the
 * attacker (test/report/attacker.ts, nothing of the engine) then attacks it modulo 2^31 - 1, a prime of its own.
 * Attacking with every kind takes long on this machine (see docs/benchmarks.md); by default it attacks one kind of
 * each sort (anonymous, basic, the largest union's office, its region's office, a peer reviewer, the NCP of a
 * Member of that union and of a Member in none); PMM_REPORT_ATTACK_ALL=true attacks every kind.
 */
let db: TestDatabase;
let demo: Awaited<ReturnType<typeof loadDemoCycle>>;
let release: ReturnType<typeof computeRelease>;

beforeAll(async () => {
  db = await createTestDatabase();
  demo = await loadDemoCycle(db.url);
  release = computeRelease({
    cycle: { code: "2023", phase: demo.phase },
    ...demo.data,
    needs: demo.needs,
    thresholds: { minContributors: 5, minForQuantiles: 10 },
  } as never);
}, 3_600_000);

afterAll(async () => {
  await db?.drop();
});

function chosen(data: AttackData) {
  const all = viewersOf(data);
  if (process.env.PMM_REPORT_ATTACK_ALL === "true") return all;
  const largest = [...data.unions].sort((a, b) => b.members.length - a.members.length)[0];
  const region = data.members.find((m) => m.code === largest.members[0])!.region;
  const inNone = data.members.find((m) => !data.unions.some((u) => u.members.includes(m.code)))!;
  const ids = new Set([
    "ANONYMOUS",
    "BASIC",
    `UNION_OFFICE:${largest.code}`,
    `REGION_OFFICE:${region}`,
    `NCP:${largest.members[0]}`,
    `NCP:${inNone.code}`,
  ]);
  const reviewer = all.find((v) => v.id.startsWith("PEER_REVIEWER:"));
  if (reviewer) ids.add(reviewer.id);
  return all.filter((v) => ids.has(v.id));
}

describe("the demo cycle's release", () => {
  it("is computed for the CLOSED cycle, audited for every viewer kind, and publishes figures", () => {
    expect(demo.phase).toBe("CLOSED");
    expect(release.audit.viewers).toEqual(expect.arrayContaining(viewersOf(demo.data).map((v) => v.id)));
    const world = release.cells.filter((c) => c.table === "KPI" && c.groupBy === "WORLD");
    expect(world.filter((c) => c.status === "F").length).toBeGreaterThan(0);
    for (const c of release.cells) if (c.status !== "F") expect([c.n, c.mean]).toEqual([null, null]);
  });

  it("gives the attacker nothing, whichever viewer kind it is", () => {
    const F = modular();
    const found = chosen(demo.data).flatMap((v) =>
      attack(F, [{ data: demo.data, cells: release.cells as PublishedCell[] }], v, 5),
    );
    expect(found).toEqual([]);
  });
});
