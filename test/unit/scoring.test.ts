import { scoreOf } from "../../src/framework/scoring";

/** A value's 0..100 score under a KPI's rule (framework-definition.ts, scoringSchema). */
describe("scoreOf, LINEAR", () => {
  const upward = { method: "LINEAR" as const, worst: 0, best: 100 };
  // Lower is better (e.g. release time in hours): worst above best.
  const downward = { method: "LINEAR" as const, worst: 10, best: 0 };

  it.each([
    [upward, 42, 42],
    [upward, 0, 0],
    [upward, 100, 100],
    [downward, 2.5, 75],
    [downward, 10, 0],
    [downward, 0, 100],
    [{ method: "LINEAR" as const, worst: 0, best: 3 }, 1, 33.333333333333336],
    [{ method: "LINEAR" as const, worst: 0, best: 3 }, 2, 66.66666666666667],
    [{ method: "LINEAR" as const, worst: 20, best: 60 }, 50, 75],
  ])("%j: %d scores %d", (rule, value, score) => {
    expect(scoreOf(rule, value)).toBe(score);
  });

  it.each([
    [upward, 150, 100],
    [upward, -5, 0],
    [downward, 12, 0],
    [downward, -3, 100],
  ])("%j: %d is clamped to %d", (rule, value, score) => {
    expect(scoreOf(rule, value)).toBe(score);
  });
});

describe("scoreOf, BANDS", () => {
  const bands = {
    method: "BANDS" as const,
    bands: [
      { from: 0, score: 10 },
      { from: 50, score: 50 },
      { from: 80, score: 100 },
    ],
  };

  it.each([
    [0, 10],
    [49.9, 10],
    [50, 50],
    [79.99, 50],
    [80, 100],
    [1000, 100],
    // Below the first bound: the first band's score.
    [-10, 10],
  ])("%d scores %d", (value, score) => {
    expect(scoreOf(bands, value)).toBe(score);
  });

  it("has one score everywhere with a single band", () => {
    const one = { method: "BANDS" as const, bands: [{ from: 5, score: 70 }] };
    expect([scoreOf(one, 0), scoreOf(one, 5), scoreOf(one, 500)]).toEqual([70, 70, 70]);
  });
});

describe("scoreOf without a rule or a value", () => {
  it("is null", () => {
    expect(scoreOf(null, 5)).toBeNull();
    expect(scoreOf(undefined, 5)).toBeNull();
    expect(scoreOf({ method: "LINEAR", worst: 0, best: 1 }, null)).toBeNull();
  });
});
