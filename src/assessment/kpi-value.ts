import { KpiUnit, UNIT_INPUTS } from "../framework/framework.enums";

/** The reason given when the inputs are each finite but the value computed from them is not. */
export const OVERFLOW = "give a value too large to be stored (it must be a finite number)";

export interface InputProblem {
  /** The input at fault; empty when it is the inputs together. */
  input: string;
  reason: string;
}

/**
 * The value of a KPI from its declared inputs, by unit: shares as percentages, variations as percent
 * change. Problems never echo the submitted numbers (disclosure rule 5): they name the input and the rule.
 */
export function computeValue(
  unit: KpiUnit,
  inputs: Record<string, number>,
): { value: number | null; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const expected = UNIT_INPUTS[unit];
  for (const name of expected) {
    const v = inputs[name];
    if (v === undefined || v === null) problems.push({ input: name, reason: "is required" });
    else if (typeof v !== "number" || !Number.isFinite(v))
      problems.push({ input: name, reason: "must be a finite number" });
  }
  for (const name of Object.keys(inputs)) {
    if (!expected.includes(name))
      problems.push({ input: name, reason: `is not an input of unit ${unit} (expected ${expected.join(", ")})` });
  }
  if (problems.length) return { value: null, problems };
  const nonNegative = (name: string) => {
    if (inputs[name] < 0) problems.push({ input: name, reason: "must not be negative" });
  };
  let value: number | null = null;
  switch (unit) {
    case KpiUnit.PERCENT:
    case KpiUnit.RATIO: {
      nonNegative("numerator");
      if (inputs.denominator <= 0) problems.push({ input: "denominator", reason: "must be greater than zero" });
      if (problems.length) break;
      if (unit === KpiUnit.PERCENT && inputs.numerator > inputs.denominator) {
        problems.push({ input: "numerator", reason: "must not exceed the denominator (a share is within 0..100%)" });
        break;
      }
      value =
        unit === KpiUnit.PERCENT
          ? (100 * inputs.numerator) / inputs.denominator
          : inputs.numerator / inputs.denominator;
      break;
    }
    case KpiUnit.VARIATION_PERCENT:
      nonNegative("valueYearT");
      nonNegative("valueYearTMinus1");
      if (inputs.valueYearTMinus1 === 0)
        problems.push({ input: "valueYearTMinus1", reason: "must not be zero (the variation would be infinite)" });
      if (!problems.length) value = (100 * (inputs.valueYearT - inputs.valueYearTMinus1)) / inputs.valueYearTMinus1;
      break;
    case KpiUnit.COUNT:
      nonNegative("count");
      if (!Number.isInteger(inputs.count)) problems.push({ input: "count", reason: "must be a whole number" });
      if (!problems.length) value = inputs.count;
      break;
    case KpiUnit.YES_NO:
      if (inputs.yes !== 0 && inputs.yes !== 1) problems.push({ input: "yes", reason: "must be 1 (yes) or 0 (no)" });
      else value = inputs.yes;
      break;
    default: {
      const name = expected[0];
      nonNegative(name);
      if (!problems.length) value = inputs[name];
    }
  }
  if (problems.length) return { value: null, problems };
  // Finite inputs can still overflow (100 x 1e308 is Infinity, and so is rounding 1e305): no column holds that.
  const rounded = round(value!);
  if (!Number.isFinite(rounded)) return { value: null, problems: [{ input: "", reason: OVERFLOW }] };
  return { value: rounded, problems };
}

/** Values are stored to 6 decimals: enough for any KPI, and equal on SQLite and MySQL doubles. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
