import { computeRelease } from "../../src/report";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { attack, modular, viewersOf, type AttackData, type PublishedCell } from "./attacker";
import { loadDemoCycle } from "./demo-cycle";

/**
 * Issue 23's attacker on the demo cycle (2023, CLOSED), loaded by the demo seed into a database of this test's
 * own (SQLite or MariaDB, as the run). The engine computes the release for every viewer kind of rule 8; the
 * attacker (test/report/attacker.ts, nothing of the engine) then attacks it modulo 2^31 - 1, a prime of its own.
 * Attacking with every kind takes long on this machine (see docs/benchmarks.md); by default it attacks the kinds
 * whose knowledge differs most (anonymous, basic, every union and region office, every peer reviewer, and the
 * NCPs of a Member of each union and of one Member in none); PMM_REPORT_ATTACK_ALL=true attacks every kind.
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
  const ncps = new Set<string>();
  for (const u of data.unions) ncps.add(`NCP:${u.members[0]}`);
  const inNone = data.members.find((m) => !data.unions.some((u) => u.members.includes(m.code)));
  if (inNone) ncps.add(`NCP:${inNone.code}`);
  return all.filter((v) => !v.id.startsWith("NCP:") || ncps.has(v.id));
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
