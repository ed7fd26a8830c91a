import type { ScoringRule } from "./framework-definition";

/** The 0..100 score of a value under a KPI's scoring rule (see scoringSchema); null without a rule or a value. */
export function scoreOf(rule: ScoringRule | null | undefined, value: number | null): number | null {
  if (!rule || value === null) return null;
  let s: number;
  if (rule.method === "LINEAR") {
    s = ((value - rule.worst) / (rule.best - rule.worst)) * 100;
  } else {
    s = rule.bands[0].score;
    for (const b of rule.bands) if (value >= b.from) s = b.score;
  }
  return Math.round(Math.min(100, Math.max(0, s)) * 100) / 100;
}
