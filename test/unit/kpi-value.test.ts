import { computeValue, round } from "../../src/assessment/kpi-value";
import { KpiUnit } from "../../src/framework/framework.enums";

/** A KPI's value from its declared inputs, by unit; every expected value is worked out by hand. */
describe("computeValue", () => {
  it.each([
    [KpiUnit.PERCENT, { numerator: 30, denominator: 60 }, 50],
    [KpiUnit.PERCENT, { numerator: 1, denominator: 3 }, 33.333333],
    [KpiUnit.PERCENT, { numerator: 0, denominator: 7 }, 0],
    [KpiUnit.PERCENT, { numerator: 7, denominator: 7 }, 100],
    [KpiUnit.RATIO, { numerator: 3, denominator: 2 }, 1.5],
    // A ratio, unlike a share, may exceed 1.
    [KpiUnit.RATIO, { numerator: 5, denominator: 2 }, 2.5],
    [KpiUnit.VARIATION_PERCENT, { valueYearT: 110, valueYearTMinus1: 100 }, 10],
    [KpiUnit.VARIATION_PERCENT, { valueYearT: 90, valueYearTMinus1: 100 }, -10],
    [KpiUnit.VARIATION_PERCENT, { valueYearT: 1, valueYearTMinus1: 3 }, -66.666667],
    [KpiUnit.COUNT, { count: 7 }, 7],
    [KpiUnit.COUNT, { count: 0 }, 0],
    [KpiUnit.HOURS, { hours: 12.5 }, 12.5],
    [KpiUnit.DAYS, { days: 3 }, 3],
    [KpiUnit.YES_NO, { yes: 1 }, 1],
    [KpiUnit.YES_NO, { yes: 0 }, 0],
    [KpiUnit.USD_THOUSANDS, { amount: 1234.5678912 }, 1234.567891],
  ])("%s %j is %d", (unit, inputs, value) => {
    expect(computeValue(unit, inputs)).toEqual({ value, problems: [] });
  });

  it.each([
    [
      KpiUnit.PERCENT,
      { numerator: 90, denominator: 60 },
      "numerator",
      "must not exceed the denominator (a share is within 0..100%)",
    ],
    [KpiUnit.PERCENT, { numerator: 1, denominator: 0 }, "denominator", "must be greater than zero"],
    [KpiUnit.RATIO, { numerator: 1, denominator: -2 }, "denominator", "must be greater than zero"],
    [KpiUnit.RATIO, { numerator: -1, denominator: 2 }, "numerator", "must not be negative"],
    [
      KpiUnit.VARIATION_PERCENT,
      { valueYearT: 5, valueYearTMinus1: 0 },
      "valueYearTMinus1",
      "must not be zero (the variation would be infinite)",
    ],
    [KpiUnit.VARIATION_PERCENT, { valueYearT: -5, valueYearTMinus1: 2 }, "valueYearT", "must not be negative"],
    [KpiUnit.COUNT, { count: 3.5 }, "count", "must be a whole number"],
    [KpiUnit.COUNT, { count: -1 }, "count", "must not be negative"],
    [KpiUnit.YES_NO, { yes: 2 }, "yes", "must be 1 (yes) or 0 (no)"],
    [KpiUnit.HOURS, { hours: -0.5 }, "hours", "must not be negative"],
    [KpiUnit.USD_THOUSANDS, { amount: -1 }, "amount", "must not be negative"],
    [KpiUnit.DAYS, { days: Number.NaN }, "days", "must be a finite number"],
    [KpiUnit.DAYS, { days: Number.POSITIVE_INFINITY }, "days", "must be a finite number"],
  ])("%s %j: %s %s, and no value", (unit, inputs, input, reason) => {
    expect(computeValue(unit, inputs)).toEqual({ value: null, problems: [{ input, reason }] });
  });

  it("names every missing and every undeclared input at once", () => {
    expect(computeValue(KpiUnit.PERCENT, { numerator: 1, count: 2 })).toEqual({
      value: null,
      problems: [
        { input: "denominator", reason: "is required" },
        { input: "count", reason: "is not an input of unit PERCENT (expected numerator, denominator)" },
      ],
    });
  });

  it("reports both negative variation inputs together", () => {
    expect(computeValue(KpiUnit.VARIATION_PERCENT, { valueYearT: -1, valueYearTMinus1: -2 })).toEqual({
      value: null,
      problems: [
        { input: "valueYearT", reason: "must not be negative" },
        { input: "valueYearTMinus1", reason: "must not be negative" },
      ],
    });
  });

  it("never echoes a submitted number in a problem (disclosure rule 5)", () => {
    const { problems } = computeValue(KpiUnit.PERCENT, { numerator: 987654, denominator: 123 });
    expect(problems).toHaveLength(1);
    expect(JSON.stringify(problems)).not.toMatch(/987654|123/);
  });
});

describe("round", () => {
  it.each([
    [0.1 + 0.2, 0.3],
    [2 / 3, 0.666667],
    [-2 / 3, -0.666667],
    [1e-7, 0],
    [12.3456785, 12.345679],
    [42, 42],
  ])("%d to 6 decimals is %d", (x, rounded) => {
    expect(round(x)).toBe(rounded);
  });
});
