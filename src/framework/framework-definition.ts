import { z } from "zod";
import { KpiDirection, KpiUnit, Provenance, UNIT_INPUTS } from "./framework.enums";

/**
 * The framework is data: a versioned definition file, validated in full before anything is written.
 * Every problem is reported at once, each with its path in the file.
 */
const code = z.string().trim().min(1, "must not be empty").max(32, "must be at most 32 characters");
const name = z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters");
const provenance = z.preprocess((v) => (typeof v === "string" ? v.toUpperCase() : v), z.enum(Provenance));
const codes = z.array(z.string().trim().min(1)).default([]);

/**
 * How a KPI's value becomes a 0..100 score. LINEAR: `worst` scores 0, `best` 100, linear between, clamped.
 * BANDS: ascending lower bounds; a value takes the score of the last band it reaches (the first band's
 * score below it).
 */
export const scoringSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("LINEAR"), worst: z.number(), best: z.number() }),
  z.object({
    method: z.literal("BANDS"),
    bands: z
      .array(z.object({ from: z.number(), score: z.number().min(0).max(100) }))
      .min(1, "must have at least one band"),
  }),
]);
export type ScoringRule = z.infer<typeof scoringSchema>;

const kpiSchema = z.object({
  code,
  name,
  unit: z.string(),
  direction: z.enum(KpiDirection),
  provenance,
  inputs: z.array(z.string()).min(1, "must name at least one input"),
  sdgTargets: codes,
  instruments: codes,
  scoring: scoringSchema.optional(),
});
const outcomeSchema = z.object({
  code,
  name,
  provenance,
  sdgTargets: codes,
  instruments: codes,
  kpis: z.array(kpiSchema),
});
const dimensionSchema = z.object({ code, name, outcomes: z.array(outcomeSchema) });

export const frameworkDefinitionSchema = z.object({
  version: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,32}$/, "must be 1 to 32 letters, digits, dots, dashes or underscores"),
  note: z.string().optional(),
  units: z.record(z.string(), z.string()),
  dimensions: z.array(dimensionSchema).min(1, "must define at least one dimension"),
});

export type FrameworkDefinition = z.infer<typeof frameworkDefinitionSchema>;
export type KpiDefinition = z.infer<typeof kpiSchema>;

export interface DefinitionProblem {
  path: string;
  message: string;
}

export interface KnownReferences {
  sdgTargets: ReadonlySet<string>;
  instruments: ReadonlySet<string>;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path.reduce<string>(
      (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
      "",
    ) || "(root)"
  );
}

/** Parses and validates a definition; returns the definition only when there is no problem at all. */
export function validateDefinition(
  raw: unknown,
  known: KnownReferences,
): { definition: FrameworkDefinition | null; problems: DefinitionProblem[] } {
  const parsed = frameworkDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    // Structural problems first; cross-references need the structure, so they wait for a clean parse.
    return {
      definition: null,
      problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    };
  }
  const def = parsed.data;
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const seen = new Map<string, string>();
  const unique = (path: string, kind: string, c: string) => {
    const prior = seen.get(c);
    if (prior) add(`${path}.code`, `duplicate code '${c}' (${kind}); first used at ${prior}`);
    else seen.set(c, path);
  };
  const supportedUnits = new Set<string>(Object.values(KpiUnit));
  for (const u of Object.keys(def.units)) {
    if (!supportedUnits.has(u)) add(`units.${u}`, `unknown unit '${u}'; supported: ${[...supportedUnits].join(", ")}`);
  }
  const checkRefs = (path: string, sdgs: string[], instruments: string[]) => {
    sdgs.forEach((t, i) => {
      if (!known.sdgTargets.has(t)) add(`${path}.sdgTargets[${i}]`, `unknown SDG target '${t}'`);
    });
    instruments.forEach((t, i) => {
      if (!known.instruments.has(t)) add(`${path}.instruments[${i}]`, `unknown instrument '${t}'`);
    });
  };
  def.dimensions.forEach((d, di) => {
    const dp = `dimensions[${di}]`;
    unique(dp, "dimension", d.code);
    if (d.outcomes.length === 0) add(`${dp}.outcomes`, `dimension '${d.code}' has no outcomes`);
    d.outcomes.forEach((o, oi) => {
      const op = `${dp}.outcomes[${oi}]`;
      unique(op, "outcome", o.code);
      checkRefs(op, o.sdgTargets, o.instruments);
      if (o.kpis.length === 0) add(`${op}.kpis`, `outcome '${o.code}' has no KPIs`);
      o.kpis.forEach((k, ki) => {
        const kp = `${op}.kpis[${ki}]`;
        unique(kp, "KPI", k.code);
        checkRefs(kp, k.sdgTargets, k.instruments);
        if (!supportedUnits.has(k.unit)) {
          add(`${kp}.unit`, `unknown unit '${k.unit}'; supported: ${[...supportedUnits].join(", ")}`);
        } else {
          if (!(k.unit in def.units)) add(`${kp}.unit`, `unit '${k.unit}' is not declared in 'units'`);
          if (k.scoring) checkScoring(kp, k, add);
          const expected = UNIT_INPUTS[k.unit as KpiUnit];
          if (expected.join(",") !== k.inputs.join(",")) {
            add(`${kp}.inputs`, `unit ${k.unit} takes inputs [${expected.join(", ")}], got [${k.inputs.join(", ")}]`);
          }
        }
      });
    });
  });
  return { definition: problems.length ? null : def, problems };
}

/** A scoring rule must agree with the KPI's direction: a better value never scores lower. */
function checkScoring(path: string, k: KpiDefinition, add: (path: string, message: string) => void): void {
  const s = k.scoring!;
  if (k.direction === KpiDirection.NEUTRAL) {
    add(`${path}.scoring`, "a NEUTRAL KPI has no better direction to score");
    return;
  }
  const higher = k.direction === KpiDirection.HIGHER_IS_BETTER;
  if (s.method === "LINEAR") {
    if (s.best === s.worst) add(`${path}.scoring`, "best and worst must differ");
    else if (higher !== s.best > s.worst)
      add(`${path}.scoring`, `best must be ${higher ? "above" : "below"} worst for a ${k.direction} KPI`);
    return;
  }
  s.bands.forEach((b, i) => {
    if (i === 0) return;
    const prev = s.bands[i - 1];
    if (b.from <= prev.from) add(`${path}.scoring.bands[${i}].from`, "bands must ascend by their lower bound");
    if (higher ? b.score < prev.score : b.score > prev.score) {
      add(
        `${path}.scoring.bands[${i}].score`,
        `scores must ${higher ? "not decrease" : "not increase"} as the value grows for a ${k.direction} KPI`,
      );
    }
  });
}
