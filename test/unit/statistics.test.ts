import "reflect-metadata";
import fc from "fast-check";
import {
  change,
  mean,
  percentile,
  progressToTarget,
  quantile,
  rank,
  rollup,
  score,
  summarize,
  targetMet,
  valueOfRecord,
} from "../../src/analytics/statistics";
import { summarizeVisible } from "../../src/analytics/observations";
import type { Observation } from "../../src/assessment/result-reads";
import type { Context } from "../../src/context";
import { scopeOf, type DisclosureScope } from "../../src/disclosure/policy";
import { ANONYMOUS } from "../../src/disclosure/viewer";
import { DisclosureLevel } from "../../src/disclosure/disclosure-level";
import { KpiDirection } from "../../src/framework/framework.enums";

/**
 * Property tests of src/analytics/statistics.ts (and of summarizeVisible, which every aggregate goes through)
 * against naive references written here, from the definitions in docs/methods.md: they import nothing from the
 * module they check. Each property runs 1,000 random cases, with n = 0 and n = 1 among the explicit examples;
 * values are drawn so that ties (small integers) and negatives are frequent.
 */
const RUNS = { numRuns: 1000 };

/** Equal within 1e-9 relative, or 1e-9 absolute near zero (the "exact"). */
const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

// Values as stored: 6 decimals, negatives included; small integers make ties likely.
const stored = fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map((x) => x / 1e6);
const tiny = fc.integer({ min: -4, max: 4 });
const value = fc.oneof(tiny, stored);
const values = fc.array(value, { minLength: 0, maxLength: 40 });
const EDGES: [number[]][] = [[[]], [[7]], [[-3.5]], [[2, 2, 2]], [[-1, 0, 1]]];

// ---- naive references (from the definitions, not from the code) ----
const naiveMean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
/** Type 7 with 1-based positions: h = 1 + (n - 1) p; Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). */
function naiveQuantile(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const h = 1 + (s.length - 1) * p;
  const j = Math.floor(h);
  const g = h - j;
  const at = (i: number) => s[Math.min(i, s.length) - 1];
  return g === 0 ? at(j) : at(j) + g * (at(j + 1) - at(j));
}
const naiveBetter = (d: KpiDirection, a: number, b: number) =>
  d === KpiDirection.HIGHER_IS_BETTER ? a > b : d === KpiDirection.LOWER_IS_BETTER ? a < b : false;

describe("mean and type-7 quantiles", () => {
  it("summarize equals the naive count, mean, quartiles, min and max", () => {
    fc.assert(
      fc.property(values, (xs) => {
        const s = summarize(xs);
        const sorted = [...xs].sort((a, b) => a - b);
        expect(s.count).toBe(xs.length);
        expect(close(s.mean, naiveMean(xs))).toBe(true);
        expect(s.min).toBe(xs.length ? sorted[0] : null);
        expect(s.max).toBe(xs.length ? sorted[sorted.length - 1] : null);
        expect(close(s.q1, naiveQuantile(xs, 0.25))).toBe(true);
        expect(close(s.median, naiveQuantile(xs, 0.5))).toBe(true);
        expect(close(s.q3, naiveQuantile(xs, 0.75))).toBe(true);
        expect(close(mean(xs), naiveMean(xs))).toBe(true);
      }),
      { ...RUNS, examples: EDGES },
    );
  });

  it("orders min <= q1 <= median <= q3 <= max, and the mean lies between min and max", () => {
    fc.assert(
      fc.property(values, (xs) => {
        const s = summarize(xs);
        if (!xs.length) return expect([s.mean, s.min, s.q1, s.median, s.q3, s.max].every((x) => x === null)).toBe(true);
        expect(s.min! <= s.q1!).toBe(true);
        expect(s.q1! <= s.median!).toBe(true);
        expect(s.median! <= s.q3!).toBe(true);
        expect(s.q3! <= s.max!).toBe(true);
        expect(s.mean! >= s.min! - 1e-9 * Math.abs(s.min!) && s.mean! <= s.max! + 1e-9 * Math.abs(s.max!)).toBe(true);
      }),
      { ...RUNS, examples: EDGES },
    );
  });

  it("quantile at any p equals the naive type-7 quantile", () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const sorted = [...xs].sort((a, b) => a - b);
        expect(close(quantile(sorted, p), naiveQuantile(xs, p))).toBe(true);
      }),
      {
        ...RUNS,
        examples: [
          [[], 0.5],
          [[4], 0.25],
          [[1, 2], 1],
        ],
      },
    );
  });
});

describe("change between cycles", () => {
  it("is current - previous, and that in percent of |previous| (null without both, relative null for 0)", () => {
    fc.assert(
      fc.property(fc.option(value, { nil: null }), fc.option(value, { nil: null }), (cur, prev) => {
        const c = change(cur, prev);
        if (cur === null || prev === null) return expect(c).toEqual({ absolute: null, relative: null });
        expect(c.absolute).toBe(cur - prev);
        if (prev === 0) return expect(c.relative).toBeNull();
        expect(close(c.relative, ((cur - prev) * 100) / Math.abs(prev))).toBe(true);
        // A rise is positive whatever the sign of the previous mean.
        expect(Math.sign(c.relative!)).toBe(Math.sign(cur - prev));
      }),
      {
        ...RUNS,
        examples: [
          [null, 1],
          [1, null],
          [5, 0],
          [-2, -4],
          [0, -1],
        ],
      },
    );
  });
});

describe("rank and percentile", () => {
  const direction = fc.constantFrom(KpiDirection.HIGHER_IS_BETTER, KpiDirection.LOWER_IS_BETTER, KpiDirection.NEUTRAL);

  it("rank is 1 + the values strictly better; percentile the share of the others doing no better; they agree", () => {
    fc.assert(
      fc.property(direction, fc.array(value, { minLength: 1, maxLength: 40 }), fc.nat(), (d, xs, i) => {
        const own = xs[i % xs.length];
        const r = rank(d, own, xs);
        if (d === KpiDirection.NEUTRAL) return expect(r).toBeNull();
        const ahead = xs.filter((x) => naiveBetter(d, x, own)).length;
        expect(r).toBe(1 + ahead);
        // The others (the Member itself left out once) that do no better.
        const others = [...xs];
        others.splice(others.indexOf(own), 1);
        const noBetter = others.filter((x) => !naiveBetter(d, x, own)).length;
        const p = percentile(r!, xs.length);
        expect(close(p, xs.length === 1 ? 100 : (noBetter / others.length) * 100)).toBe(true);
        expect(p >= 0 && p <= 100).toBe(true);
        // Ties share a rank and a percentile.
        for (const x of xs) if (x === own) expect(rank(d, x, xs)).toBe(r);
      }),
      {
        ...RUNS,
        examples: [
          [KpiDirection.HIGHER_IS_BETTER, [5], 0],
          [KpiDirection.LOWER_IS_BETTER, [2, 2, 2], 1],
        ],
      },
    );
  });
});

describe("scores, roll-ups, targets", () => {
  const linear = fc
    .tuple(tiny, fc.integer({ min: 1, max: 200 }), fc.boolean())
    .map(([worst, span, up]) => ({ method: "LINEAR" as const, worst, best: up ? worst + span : worst - span }));

  it("scores LINEAR as the clamped position from worst (0) to best (100)", () => {
    fc.assert(
      fc.property(linear, value, (rule, v) => {
        const naive = Math.min(100, Math.max(0, (100 * (v - rule.worst)) / (rule.best - rule.worst)));
        expect(close(score(rule, v), naive)).toBe(true);
        expect(score(rule, null)).toBeNull();
        expect(score(null, v)).toBeNull();
      }),
      RUNS,
    );
  });

  it("scores BANDS as the score of the last band whose lower bound the value reaches", () => {
    const bands = fc
      .uniqueArray(tiny, { minLength: 1, maxLength: 5 })
      .chain((froms) =>
        fc
          .array(fc.integer({ min: 0, max: 100 }), { minLength: froms.length, maxLength: froms.length })
          .map((scores) => froms.sort((a, b) => a - b).map((from, i) => ({ from, score: scores[i] }))),
      );
    fc.assert(
      fc.property(bands, value, (b, v) => {
        const reached = b.filter((x) => v >= x.from);
        const naive = reached.length ? reached[reached.length - 1].score : b[0].score;
        expect(score({ method: "BANDS", bands: b } as never, v)).toBe(naive);
      }),
      RUNS,
    );
  });

  it("rolls up as the mean of the scores there are", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), { maxLength: 20 }), (scores) => {
        const present = scores.filter((s): s is number => s !== null);
        const r = rollup(scores);
        expect(r.scored).toBe(present.length);
        expect(close(r.score, naiveMean(present))).toBe(true);
      }),
      { ...RUNS, examples: [[[]], [[null]], [[42]]] },
    );
  });

  it("measures progress as the share of the way from the previous value to the target, and target met by direction", () => {
    fc.assert(
      fc.property(
        fc.option(value, { nil: null }),
        fc.option(value, { nil: null }),
        fc.option(value, { nil: null }),
        (v, prev, target) => {
          const p = progressToTarget(v, prev, target);
          if (v === null || prev === null || target === null || target === prev) return expect(p).toBeNull();
          expect(close(p, (100 * (v - prev)) / (target - prev))).toBe(true);
          expect(targetMet(KpiDirection.HIGHER_IS_BETTER, v, target)).toBe(v >= target);
          expect(targetMet(KpiDirection.LOWER_IS_BETTER, v, target)).toBe(v <= target);
          expect(targetMet(KpiDirection.NEUTRAL, v, target)).toBeNull();
        },
      ),
      {
        ...RUNS,
        examples: [
          [1, 1, 1],
          [null, 0, 1],
          [5, 0, 10],
        ],
      },
    );
  });

  it("takes the validated value as value of record when a review set one, the value otherwise, none when not used", () => {
    fc.assert(
      fc.property(fc.option(value, { nil: null }), fc.option(value, { nil: null }), fc.boolean(), (v, vv, nu) => {
        const naive = nu ? null : vv !== null ? vv : v;
        expect(valueOfRecord({ value: v, validatedValue: vv, notUsed: nu })).toBe(naive);
      }),
      RUNS,
    );
  });
});

describe("statistics over what a viewer may see", () => {
  const LEVELS = [DisclosureLevel.PUBLIC, DisclosureLevel.WCO, DisclosureLevel.UNION, DisclosureLevel.COUNTRY];
  const MEMBERS = 8;
  const row = fc.record({
    memberId: fc.integer({ min: 1, max: MEMBERS }),
    disclosure: fc.constantFrom(...LEVELS),
    value: fc.option(value, { nil: null }),
    validatedValue: fc.option(value, { nil: null, freq: 2 }),
    notUsed: fc.boolean(),
  });
  const rows = fc.array(row, { maxLength: 40 }).map((rs) => rs.map((r) => ({ ...r, kpiId: 1, cycleId: 1 })));

  /** Viewers from fewer to more rights: anonymous, signed in, an NCP of Member 1 (union partners 1..3), the Secretariat. */
  const ncpUnion = new Set([1, 2, 3]);
  const ncpCountry = new Set([1]);
  const scopes: { name: string; scope: DisclosureScope; sees: (m: number, l: DisclosureLevel) => boolean }[] = [
    {
      name: "anonymous",
      scope: scopeOf({
        viewer: ANONYMOUS,
        signedIn: false,
        all: false,
        unionMemberIds: new Set(),
        countryMemberIds: new Set(),
      }),
      sees: (_m, l) => l === "PUBLIC",
    },
    {
      name: "basic",
      scope: scopeOf({
        viewer: ANONYMOUS,
        signedIn: true,
        all: false,
        unionMemberIds: new Set(),
        countryMemberIds: new Set(),
      }),
      sees: (_m, l) => l === "PUBLIC" || l === "WCO",
    },
    {
      name: "ncp",
      scope: scopeOf({
        viewer: ANONYMOUS,
        signedIn: true,
        all: false,
        unionMemberIds: ncpUnion,
        countryMemberIds: ncpCountry,
      }),
      sees: (m, l) => l === "PUBLIC" || l === "WCO" || (l === "UNION" && ncpUnion.has(m)) || ncpCountry.has(m),
    },
    {
      name: "secretariat",
      scope: scopeOf({
        viewer: ANONYMOUS,
        signedIn: true,
        all: true,
        unionMemberIds: new Set(),
        countryMemberIds: new Set(),
      }),
      sees: () => true,
    },
  ];
  const group = fc.option(fc.uniqueArray(fc.integer({ min: 1, max: MEMBERS }), { maxLength: MEMBERS }), {
    nil: null,
  });

  it("equal the naive statistics of the visible values of record in the group; more rights never include fewer", () => {
    fc.assert(
      fc.property(rows, group, (rs: Observation[], members) => {
        const g = { code: "G", name: "G", memberIds: members ? new Set(members) : null };
        let previousIncluded = -1;
        for (const { scope, sees } of scopes) {
          const s = summarizeVisible({ scope } as Context, rs, g);
          const inGroup = rs.filter((r) => !members || members.includes(r.memberId));
          const visible = inGroup.filter((r) => sees(r.memberId, r.disclosure));
          const used = visible.filter((r) => !r.notUsed);
          const vals = used
            .map((r) => (r.validatedValue !== null ? r.validatedValue : r.value))
            .filter((v) => v !== null);
          expect(s.results).toBe(inGroup.length);
          expect(s.withheld).toBe(inGroup.length - visible.length);
          expect(s.notUsed).toBe(visible.length - used.length);
          expect(s.included).toBe(vals.length);
          expect(close(s.mean, naiveMean(vals as number[]))).toBe(true);
          expect(close(s.median, naiveQuantile(vals as number[], 0.5))).toBe(true);
          expect(close(s.q1, naiveQuantile(vals as number[], 0.25))).toBe(true);
          expect(close(s.q3, naiveQuantile(vals as number[], 0.75))).toBe(true);
          expect(s.included).toBeGreaterThanOrEqual(previousIncluded);
          previousIncluded = s.included;
        }
      }),
      {
        ...RUNS,
        examples: [
          [[], null],
          [
            [
              {
                memberId: 1,
                disclosure: DisclosureLevel.COUNTRY,
                value: 3,
                validatedValue: null,
                notUsed: false,
                kpiId: 1,
                cycleId: 1,
              },
            ],
            [1],
          ],
        ],
      },
    );
  });
});
