import "reflect-metadata";
import {
  change,
  laggingGap,
  mean,
  percentile,
  progressToTarget,
  rank,
  rollup,
  score,
  summarize,
  targetMet,
  valueOfRecord,
} from "../../src/analytics/statistics";
import { summarizeVisible } from "../../src/analytics/observations";
import type { Observation } from "../../src/assessment/result-reads";
import { countNeeds, participationOf } from "../../src/analytics/evidence.service";
import type { Context } from "../../src/context";
import { scopeOf } from "../../src/disclosure/policy";
import { ANONYMOUS } from "../../src/disclosure/viewer";
import type { Region } from "../../src/members/region.entity";
import { DisclosureLevel as L } from "../../src/disclosure/disclosure-level";
import { KpiDirection } from "../../src/framework/framework.enums";

/**
 * The worked examples of docs/methods.md (E1 to E10), each with its expected numbers written as literals.
 * Where a figure is not a short decimal, it is compared within 1e-12 of the literal (doubles, not rounding).
 */
const LINEAR_0_100 = { method: "LINEAR" as const, worst: 0, best: 100 };
const LINEAR_72_0 = { method: "LINEAR" as const, worst: 72, best: 0 };
const YES_NO = {
  method: "BANDS" as const,
  bands: [
    { from: 0, score: 0 },
    { from: 1, score: 100 },
  ],
};

describe("docs/methods.md worked examples", () => {
  it("E1: the value of record", () => {
    expect(valueOfRecord({ value: 20, validatedValue: 30, notUsed: false })).toBe(30);
    expect(valueOfRecord({ value: 20, validatedValue: null, notUsed: false })).toBe(20);
    expect(valueOfRecord({ value: null, validatedValue: 12, notUsed: true })).toBeNull();
  });

  it("E2: scores", () => {
    expect(score(LINEAR_0_100, 60.610569)).toBe(60.610569);
    expect(score(LINEAR_72_0, 18)).toBe(75);
    expect(score(LINEAR_72_0, 80)).toBe(0);
    expect(score(YES_NO, 1)).toBe(100);
    expect(score(YES_NO, 0)).toBe(0);
    expect(score(null, 50)).toBeNull();
    expect(score(LINEAR_0_100, null)).toBeNull();
  });

  it("E3: statistics of a group over what the viewer may see", () => {
    const public_ = {
      scope: scopeOf({
        viewer: ANONYMOUS,
        signedIn: false,
        all: false,
        unionMemberIds: new Set(),
        countryMemberIds: new Set(),
      }),
    };
    const row = (memberId: number, disclosure: L, value: number | null, extra: Partial<Observation> = {}) =>
      ({
        kpiId: 1,
        cycleId: 1,
        memberId,
        disclosure,
        value,
        validatedValue: null,
        notUsed: false,
        ...extra,
      }) as Observation;
    const rows = [
      row(1, L.PUBLIC, 40),
      row(2, L.COUNTRY, 60),
      row(3, L.PUBLIC, 20, { validatedValue: 25 }),
      row(4, L.PUBLIC, null, { notUsed: true }),
    ];
    const s = summarizeVisible(public_ as unknown as Context, rows, { code: null, name: "World", memberIds: null });
    expect([s.results, s.withheld, s.notUsed, s.included, s.mean]).toEqual([4, 1, 1, 2, 32.5]);

    expect(summarize([20, 40, 50, 80])).toEqual({
      count: 4,
      mean: 47.5,
      min: 20,
      q1: 35,
      median: 45,
      q3: 57.5,
      max: 80,
    });
    expect(summarize([7])).toEqual({ count: 1, mean: 7, min: 7, q1: 7, median: 7, q3: 7, max: 7 });
    expect(summarize([])).toEqual({ count: 0, mean: null, min: null, q1: null, median: null, q3: null, max: null });
  });

  it("E4: change between cycles, from unrounded means", () => {
    const previous = mean(Array.from({ length: 54 }, (_, i) => (i < 35 ? 1 : 0)))!; // 35 yes of 54
    const current = mean([1, 1, 0])!; // 2/3
    expect(previous).toBeCloseTo(0.6481481481481481, 12);
    const c = change(current, previous);
    expect(c.absolute).toBeCloseTo(0.018518518518518517, 12);
    expect(c.relative).toBeCloseTo(2.857142857142857, 12);
    expect(change(-2, -4)).toEqual({ absolute: 2, relative: 50 });
    expect(change(3, 0)).toEqual({ absolute: 3, relative: null });
    expect(change(3, null)).toEqual({ absolute: null, relative: null });
  });

  it("E5: rank and percentile", () => {
    const values = [85, 55, 50, 50, 30];
    expect(rank(KpiDirection.HIGHER_IS_BETTER, 50, values)).toBe(3);
    expect(percentile(3, 5)).toBe(50);
    expect(rank(KpiDirection.LOWER_IS_BETTER, 18, [5, 18])).toBe(2);
    expect(percentile(2, 2)).toBe(0);
    expect(rank(KpiDirection.HIGHER_IS_BETTER, 42, [42])).toBe(1);
    expect(percentile(1, 1)).toBe(100);
    expect(rank(KpiDirection.NEUTRAL, 50, values)).toBeNull();
    expect(rank(KpiDirection.HIGHER_IS_BETTER, 50, [85, 55, 50, 30])).toBe(3);
    expect(percentile(3, 4)).toBeCloseTo(33.333333333333336, 12);
  });

  it("E6: progress to a target and target met", () => {
    expect(progressToTarget(50, 40, 60)).toBe(50);
    expect(targetMet(KpiDirection.HIGHER_IS_BETTER, 50, 60)).toBe(false);
    expect(progressToTarget(70, 40, 60)).toBe(150);
    expect(progressToTarget(30, 40, 60)).toBe(-50);
    expect(progressToTarget(50, 40, 40)).toBeNull();
    expect(targetMet(KpiDirection.LOWER_IS_BETTER, 30, 36)).toBe(true);
    expect(targetMet(KpiDirection.NEUTRAL, 30, 36)).toBeNull();
  });

  it("E7: roll-ups", () => {
    const r = rollup([60.25, 66.78]);
    expect(r.score).toBeCloseTo(63.515, 12);
    expect(r.scored).toBe(2);
    expect(rollup([50, 75, null])).toEqual({ score: 62.5, scored: 2 });
    expect(rollup([null])).toEqual({ score: null, scored: 0 });
  });

  it("E8: lagging gap", () => {
    const group = mean([50, 55, 70, 85, 30])!;
    const world = mean([50, 55, 70, 85, 30, 95])!;
    expect(group).toBe(58);
    expect(world).toBeCloseTo(64.16666666666667, 12);
    expect(laggingGap(group, world)).toBeCloseTo(6.166666666666671, 12);
  });

  it("E9: capacity-building needs", () => {
    const tf1 = { key: "TF.1", name: "TF.1" };
    const tf4 = { key: "TF.4", name: "TF.4" };
    expect(
      countNeeds([
        { visible: true, group: tf1 },
        { visible: false, group: tf1 },
        { visible: true, group: tf4 },
      ]),
    ).toEqual({
      included: 2,
      withheld: 1,
      groups: [
        { key: "TF.1", name: "TF.1", count: 1, withheld: 1 },
        { key: "TF.4", name: "TF.4", count: 1, withheld: 0 },
      ],
    });
    const high = { key: "HIGH", name: "HIGH" };
    expect(
      countNeeds([
        { visible: true, group: high },
        { visible: false, group: null },
        { visible: true, group: high },
      ]),
    ).toEqual({ included: 2, withheld: 1, groups: [{ key: "HIGH", name: "HIGH", count: 2, withheld: 0 }] });
  });

  it("E10: participation", () => {
    const a = { pk: 1, code: "A" } as Region;
    const b = { pk: 2, code: "B" } as Region;
    const regionOf = new Map([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 2],
    ]);
    expect(participationOf([1, 2, 4], regionOf, [a, b])).toEqual({
      participants: 3,
      members: 4,
      byRegion: [
        { region: a, members: 3, participants: 2 },
        { region: b, members: 1, participants: 1 },
      ],
    });
  });
});
