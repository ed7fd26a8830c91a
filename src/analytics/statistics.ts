/** Descriptive statistics over the values a viewer may see. Quartiles interpolate linearly between ranks (R-7, Excel's QUARTILE.INC). */
export interface Summary {
  count: number;
  mean: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  if (!sorted.length) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function summarize(values: readonly number[]): Summary {
  // A typed array sorts numbers natively (no comparator call per comparison): thousands of values per point.
  // Made from the array directly: Float64Array.from would go through the iterator protocol.
  const sorted = new Float64Array(values).sort();
  const n = sorted.length;
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    count: n,
    mean: n ? round(sum / n) : null,
    min: n ? sorted[0] : null,
    q1: round(quantile(sorted, 0.25)),
    median: round(quantile(sorted, 0.5)),
    q3: round(quantile(sorted, 0.75)),
    max: n ? sorted[n - 1] : null,
  };
}
