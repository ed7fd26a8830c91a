import { KpiDirection } from "../framework/framework.enums";
import type { ScoringRule } from "../framework/framework-definition";

/**
 * The statistical functions of the API, in one place and pure: every resolver and the benchmark's floor call
 * these, so a figure is defined once (docs/methods.md defines each, with a worked example that
 * test/unit/methods-examples.test.ts checks). Nothing here rounds: values are stored to 6 decimals when they are
 * submitted, and every figure is computed from them at full double precision, derived figures from unrounded
 * statistics (a change from unrounded means, a roll-up from unrounded scores).
 */

/** A result as the statistics see it: the columns that decide its value of record. */
export interface RecordedValue {
  value: number | null;
  validatedValue?: number | null;
  notUsed?: boolean;
}

/**
 * The value of record: the validated value once a peer review of the result's assessment has closed (closing is
 * what sets it, to the adjusted value or to the submitted one), the submitted value otherwise. Not used: none.
 */
export function valueOfRecord(r: RecordedValue): number | null {
  if (r.notUsed) return null;
  return r.validatedValue ?? r.value;
}

/** Sum with Neumaier's compensation: the mean of thousands of values does not drift with their order. */
function sum(xs: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** Arithmetic mean; null for no values. */
export function mean(xs: ArrayLike<number>): number | null {
  return xs.length ? sum(xs) / xs.length : null;
}

/**
 * Quantile of sorted values, Hyndman and Fan type 7 (R's default, Excel's QUARTILE.INC): h = (n - 1) p,
 * interpolated linearly between the values at floor(h) and ceil(h) (0-based). Null for no values.
 */
export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  if (!sorted.length) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Descriptive statistics of a set of values. */
export interface Summary {
  count: number;
  mean: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

export function summarize(values: readonly number[]): Summary {
  // A typed array sorts numbers natively (no comparator call per comparison): thousands of values per point.
  // Made from the array directly: Float64Array.from would go through the iterator protocol.
  const sorted = new Float64Array(values).sort();
  const n = sorted.length;
  return {
    count: n,
    mean: mean(sorted),
    min: n ? sorted[0] : null,
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
    max: n ? sorted[n - 1] : null,
  };
}

/**
 * Change between a cycle's mean and the previous cycle's: absolute (current - previous) and relative, in
 * percent of the previous mean's magnitude (so a rise is positive whatever the sign of the previous mean).
 * Either is null without both means; the relative change is null when the previous mean is 0.
 */
export function change(
  current: number | null,
  previous: number | null,
): { absolute: number | null; relative: number | null } {
  if (current === null || previous === null) return { absolute: null, relative: null };
  const absolute = current - previous;
  return { absolute, relative: previous === 0 ? null : (absolute / Math.abs(previous)) * 100 };
}

/** Whether `a` does strictly better than `b` by the KPI's direction (never for a NEUTRAL KPI). */
export function better(direction: KpiDirection, a: number, b: number): boolean {
  if (direction === KpiDirection.HIGHER_IS_BETTER) return a > b;
  if (direction === KpiDirection.LOWER_IS_BETTER) return a < b;
  return false;
}

/**
 * Competition rank ("1224") of `own` among `values` (which include it): 1 + the number of values strictly
 * better. Null for a NEUTRAL KPI (no better or worse).
 */
export function rank(direction: KpiDirection, own: number, values: readonly number[]): number | null {
  if (direction === KpiDirection.NEUTRAL) return null;
  let ahead = 0;
  for (const v of values) if (better(direction, v, own)) ahead++;
  return 1 + ahead;
}

/**
 * Percentile of a rank among `of` ranked values: the share of the others (the Member itself left out) that do
 * no better, in percent: (of - rank) / (of - 1) x 100; 100 when the Member is ranked alone.
 */
export function percentile(rankOfMember: number, of: number): number {
  return of > 1 ? ((of - rankOfMember) / (of - 1)) * 100 : 100;
}

/** Roll-up of scores to an outcome or dimension: the mean of the scores there are, and how many. */
export function rollup(scores: readonly (number | null)[]): { score: number | null; scored: number } {
  const present = scores.filter((s): s is number => s !== null);
  return { score: mean(present), scored: present.length };
}

/**
 * Progress to a target, in percent of the way from the previous cycle's value to the target:
 * (value - previous) / (target - previous) x 100. Negative when the value moved away; above 100 when it went
 * past. Null without the three numbers, or when the target equals the previous value (no way to cover).
 */
export function progressToTarget(value: number | null, previous: number | null, target: number | null): number | null {
  if (value === null || previous === null || target === null || target === previous) return null;
  return ((value - previous) / (target - previous)) * 100;
}

/** Whether a value reaches a target, by the KPI's direction; null for a NEUTRAL KPI or without both numbers. */
export function targetMet(direction: KpiDirection, value: number | null, target: number | null): boolean | null {
  if (value === null || target === null) return null;
  if (direction === KpiDirection.HIGHER_IS_BETTER) return value >= target;
  if (direction === KpiDirection.LOWER_IS_BETTER) return value <= target;
  return null;
}

/** How far a group's mean score lags the world's: worldScore - groupScore (positive: the group is behind). */
export function laggingGap(groupScore: number, worldScore: number): number {
  return worldScore - groupScore;
}

/**
 * The 0..100 score of a value under a KPI's scoring rule; null without a rule or a value. LINEAR: the position
 * of the value from `worst` (0) to `best` (100), clamped to 0..100. BANDS: the score of the last band whose
 * lower bound the value reaches (the first band's score below every bound).
 */
export function score(rule: ScoringRule | null | undefined, value: number | null): number | null {
  if (!rule || value === null) return null;
  let s: number;
  if (rule.method === "LINEAR") {
    // Multiplied first: a value on a 0..100 scale scores itself exactly (55 scores 55, not 55.00000000000001).
    s = ((value - rule.worst) * 100) / (rule.best - rule.worst);
  } else {
    s = rule.bands[0].score;
    for (const b of rule.bands) if (value >= b.from) s = b.score;
  }
  return Math.min(100, Math.max(0, s));
}
