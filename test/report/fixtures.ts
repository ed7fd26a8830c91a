import type { AttackData, AttackKpi, AttackResult, Level } from "./attacker";

/**
 * Hand-built cycles for the attacker test (issue 23): small enough to attack with exact rationals. Regions
 * A (12 Members), B (7), C (2) and D (7); D's Members are in unions U1, U2, U4 (2 each) and, for the seventh,
 * U3 with four Members of A, so the office of region D's unions sees every Member of D but one, while an NCP of
 * D sees two.
 */
export const KPIS: AttackKpi[] = [
  // K1 alone makes outcome O1, instrument I1 and SDG target S1: their scores are its values (0..100 scale).
  {
    code: "K1",
    outcome: "O1",
    dimension: "D1",
    scoring: { method: "LINEAR", worst: 0, best: 100 },
    instruments: ["I1"],
    sdgTargets: ["S1"],
  },
  {
    code: "K2",
    outcome: "O2",
    dimension: "D1",
    scoring: { method: "LINEAR", worst: 0, best: 50 },
    instruments: ["I2"],
    sdgTargets: ["S2"],
  },
  {
    code: "K3",
    outcome: "O2",
    dimension: "D1",
    scoring: {
      method: "BANDS",
      bands: [
        { from: 0, score: 0 },
        { from: 1, score: 100 },
      ],
    },
    instruments: ["I2"],
    sdgTargets: [],
  },
];

export function members(): AttackData["members"] {
  const out: AttackData["members"] = [];
  const add = (region: string, count: number) => {
    for (let i = 1; i <= count; i++)
      out.push({
        code: `${region}${String(i).padStart(2, "0")}`,
        region,
        incomeGroup: i === count ? null : i % 2 ? "HIGH" : "LOW",
        landlocked: i % 3 === 0,
      });
  };
  add("A", 12);
  add("B", 7);
  add("C", 2);
  add("D", 7);
  return out;
}

export const UNIONS = [
  { code: "U1", members: ["D01", "D02"] },
  { code: "U2", members: ["D03", "D04"] },
  { code: "U4", members: ["D05", "D06"] },
  { code: "U3", members: ["D07", "A01", "A02", "A03", "A04"] },
];

/** mulberry32 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every Member takes part with every KPI; `level` and `tweak` decide the rest. */
export function cycle(
  level: (member: string, kpi: string) => Level,
  tweak: (r: AttackResult) => void = () => undefined,
  seed = 7,
): AttackData {
  const rand = prng(seed);
  const ms = members();
  const results: AttackResult[] = [];
  for (const m of ms)
    for (const k of KPIS) {
      const r: AttackResult = {
        member: m.code,
        kpi: k.code,
        level: level(m.code, k.code),
        notUsed: false,
        value: k.code === "K3" ? (rand() < 0.5 ? 0 : 1) : Math.round(rand() * (k.code === "K2" ? 50 : 100) * 1e6) / 1e6,
      };
      tweak(r);
      results.push(r);
    }
  return {
    members: ms,
    unions: UNIONS,
    participants: ms.map((m) => m.code),
    kpis: KPIS,
    results,
    reviewers: [{ reviewer: "rev-1", members: ["B01", "D07"] }],
  };
}

/** The engine's input for a fixture (its thresholds, the cycle CLOSED). */
export function inputOf(data: AttackData, needs: { member: string; outcome: string }[] = []) {
  return {
    cycle: { code: "2023", phase: "CLOSED" },
    ...data,
    needs,
    thresholds: { minContributors: 5, minForQuantiles: 10 },
  };
}
