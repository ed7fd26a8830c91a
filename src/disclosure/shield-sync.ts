import { createHash } from "node:crypto";
import { GraphQLResolveInfo, GraphQLSchema, isIntrospectionType, isObjectType } from "graphql";
import { allow, and, chain, deny, not, or, race, rule } from "graphql-shield";
import type { IRules } from "graphql-shield";
import { wrapResolver } from "../schema/wrapped-resolvers";

type ShieldRule = Parameters<typeof and>[0];

/**
 * graphql-shield's rule language, applied without shield's per-field async middleware: fields whose
 * effective rule is `allow` keep their resolver untouched, and rules run synchronously (a rule that
 * returns a promise is a programming error, reported loudly). Semantics follow shield's generator:
 * type rule or field rule, else the type's '*', else the fallback rule; true resolves, false gives the
 * fallback error, an Error (or string) is the field's error; a rule that throws counts as false;
 * resolver errors pass through (shield's allowExternalErrors). Caches: 'contextual' per request,
 * 'strict' per request, parent and arguments, 'no_cache' none.
 */
const RuleTrue = allow.constructor;
const RuleFalse = deny.constructor;
const RuleAnd = and().constructor;
const RuleOr = or().constructor;
const RuleChain = chain().constructor;
const RuleRace = race().constructor;
const RuleNot = not(allow).constructor;
const RuleBase = rule("probe")(() => true).constructor;

type Outcome = true | false | Error;
type Fallback = (thrown: unknown, parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;
interface AnyRule {
  name: string;
  func: (...a: unknown[]) => unknown;
  cache: "strict" | "contextual" | "no_cache" | ((...a: unknown[]) => string);
  rules: AnyRule[];
  error?: Error;
}

export interface SyncShieldOptions {
  fallbackRule: ShieldRule;
  fallbackError: Fallback;
  /**
   * Outcomes of `contextual` rules taken as known: the schema is then specialised for the contexts in which
   * each of these rules gives that outcome (see `schemaPerOutcome`), and a field whose rule is then true
   * whatever the parent keeps its resolver untouched, as under `allow`.
   */
  assume?: Assumptions;
}

/** Outcomes of `contextual` rules (rules that read the request's context only), by rule. */
export type Assumptions = ReadonlyMap<ShieldRule, boolean>;

export class ShieldRuleError extends Error {}

function cacheOf(ctx: Record<string, unknown>): Record<string, Outcome> {
  const shield = (ctx._shield ??= { cache: {} }) as { cache: Record<string, Outcome> };
  return shield.cache;
}

type Check = (parent: unknown, args: unknown, ctx: Record<string, unknown>, info: unknown) => Outcome;

/** A rule's own function, run synchronously, its result read as shield reads it. */
function ruleFunction(r: AnyRule): Check {
  return (parent, args, ctx, info) => {
    let res: unknown;
    try {
      res = r.func(parent, args, ctx, info);
    } catch {
      return false;
    }
    if (res === true || res === false) return res; // the common answers first: this runs for every row of a list
    if (res && typeof (res as Promise<unknown>).then === "function") {
      throw new ShieldRuleError(`rule '${r.name}' returned a promise: PMM rules must be synchronous`);
    }
    if (res instanceof Error) return res;
    if (typeof res === "string") return new Error(res);
    return res === true;
  };
}

function cached(r: AnyRule): Check {
  const run = ruleFunction(r);
  if (r.cache === "no_cache") return run;
  const keyOf =
    typeof r.cache === "function"
      ? (parent: unknown, args: unknown, ctx: unknown, info: unknown) =>
          `${r.name}-${(r.cache as (...a: unknown[]) => string)(parent, args, ctx, info)}`
      : r.cache === "contextual"
        ? () => r.name
        : (parent: unknown, args: unknown) =>
            `${r.name}-${createHash("sha1").update(JSON.stringify({ parent, args })).digest("hex")}`;
  return (parent, args, ctx, info) => {
    const key = keyOf(parent, args, ctx, info);
    const cache = cacheOf(ctx);
    if (!(key in cache)) cache[key] = run(parent, args, ctx, info);
    return cache[key];
  };
}

/**
 * A rule tree turned, once, into one function: a guarded field of a list of thousands of results runs its
 * rule on every row, and walking the tree per call (a type test per node, a closure per rule run) was most
 * of the rule's cost there.
 */
export function compileRule(r: ShieldRule, assume: Assumptions = NONE): Check {
  const x = r as unknown as AnyRule;
  const known = staticOutcome(r, assume);
  if (known === true) return () => true;
  if (known === false) return () => false;
  if (r instanceof RuleNot) {
    const inner = compileRule(x.rules[0] as never, assume);
    return (parent, args, ctx, info) => (inner(parent, args, ctx, info) === true ? (x.error ?? false) : true);
  }
  if (r instanceof RuleChain || r instanceof RuleAnd) {
    // A sub-rule known to be true changes nothing in a conjunction: `continue` is all it would do.
    const live = x.rules.filter((sub) => staticOutcome(sub as never, assume) !== true);
    if (live.length === 1) return compileRule(live[0] as never, assume);
    const subs = live.map((sub) => compileRule(sub as never, assume));
    const stopAtFirst = r instanceof RuleChain;
    return (parent, args, ctx, info) => {
      let failed: Outcome = true;
      for (const sub of subs) {
        const res = sub(parent, args, ctx, info);
        if (res === true) continue;
        if (failed === true || (failed === false && res instanceof Error)) failed = res;
        if (stopAtFirst) break;
      }
      return failed;
    };
  }
  if (r instanceof RuleOr || r instanceof RuleRace) {
    // A sub-rule known to be false neither passes nor brings an error: a disjunction can drop it.
    const live = x.rules.filter((sub) => staticOutcome(sub as never, assume) !== false);
    if (live.length === 1) return compileRule(live[0] as never, assume);
    const subs = live.map((sub) => compileRule(sub as never, assume));
    const stopAtFirst = r instanceof RuleRace;
    return (parent, args, ctx, info) => {
      let passed = false;
      let error: Error | undefined;
      for (const sub of subs) {
        const res = sub(parent, args, ctx, info);
        if (res === true) {
          passed = true;
          if (stopAtFirst) break;
        } else if (res instanceof Error && !error) error = res;
      }
      return passed ? true : (error ?? false);
    };
  }
  if (r instanceof RuleBase) return cached(x);
  throw new ShieldRuleError(`unsupported rule ${(r as { constructor: { name: string } }).constructor.name}`);
}

const NONE: Assumptions = new Map();

/**
 * What a rule gives whatever the parent and arguments, when `assume` holds: true or false, or undefined when
 * it depends on more than that (or the answer could be an Error, whose message then matters).
 */
export function staticOutcome(r: ShieldRule, assume: Assumptions = NONE): boolean | undefined {
  const x = r as unknown as AnyRule;
  if (r instanceof RuleTrue) return true;
  if (r instanceof RuleFalse) return false;
  if (r instanceof RuleBase) return assume.get(r);
  const subs = () => x.rules.map((sub) => staticOutcome(sub as never, assume));
  if (r instanceof RuleAnd || r instanceof RuleChain) return subs().every((o) => o === true) ? true : undefined;
  if (r instanceof RuleOr || r instanceof RuleRace) {
    const outcomes = subs();
    if (outcomes.some((o) => o === true)) return true;
    return outcomes.every((o) => o === false) ? false : undefined;
  }
  if (r instanceof RuleNot) {
    const inner = staticOutcome(x.rules[0] as never, assume);
    if (inner === false) return true;
    return inner === true && !x.error ? false : undefined;
  }
  return undefined;
}

/** The rule shield would apply to a field. */
export function effectiveRule(tree: IRules, typeName: string, fieldName: string, fallback: ShieldRule): ShieldRule {
  const typeRules = (tree as Record<string, unknown>)[typeName];
  if (!typeRules) return fallback;
  if (
    typeRules instanceof RuleBase ||
    typeRules instanceof RuleTrue ||
    typeRules instanceof RuleFalse ||
    isLogic(typeRules)
  ) {
    return typeRules as ShieldRule;
  }
  const map = typeRules as Record<string, ShieldRule>;
  return map[fieldName] ?? map["*"] ?? fallback;
}

const isLogic = (r: unknown) => [RuleAnd, RuleOr, RuleChain, RuleRace, RuleNot].some((c) => r instanceof c);

/** Shield's own checks of a rule tree: every named type and field exists; a rule name means one rule. */
export function validateRuleTree(schema: GraphQLSchema, tree: IRules): void {
  const problems: string[] = [];
  const names = new Map<string, unknown>();
  const visit = (r: unknown) => {
    const x = r as AnyRule;
    if (r instanceof RuleBase) {
      const prior = names.get(x.name);
      if (prior && prior !== x.func) problems.push(`rule name '${x.name}' names two different rules`);
      names.set(x.name, x.func);
    } else if (isLogic(r)) x.rules.forEach(visit);
  };
  for (const [typeName, rules] of Object.entries(tree as Record<string, unknown>)) {
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type)) {
      problems.push(`rules for unknown type ${typeName}`);
      continue;
    }
    if (rules instanceof RuleBase || rules instanceof RuleTrue || rules instanceof RuleFalse || isLogic(rules)) {
      visit(rules);
      continue;
    }
    for (const [field, r] of Object.entries(rules as Record<string, unknown>)) {
      if (field !== "*" && !type.getFields()[field]) problems.push(`rules for unknown field ${typeName}.${field}`);
      visit(r);
    }
  }
  if (problems.length) throw new ShieldRuleError(`Invalid permission rules:\n  ${problems.join("\n  ")}`);
}

/**
 * Wraps, in place, every field whose effective rule is not `allow`. Returns the number of guarded fields.
 */
export function applyRulesSync(schema: GraphQLSchema, tree: IRules, options: SyncShieldOptions): number {
  validateRuleTree(schema, tree);
  const assume = options.assume ?? NONE;
  for (const r of assume.keys()) assertContextual(r);
  let guarded = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const r = effectiveRule(tree, type.name, field.name, options.fallbackRule);
      if (staticOutcome(r, assume) === true) continue;
      const check = compileRule(r, assume);
      wrapResolver(field, (resolve) => (parent, args, ctx, info) => {
        const res = check(parent, args, ctx as Record<string, unknown>, info);
        if (res === true) return resolve(parent, args, ctx, info);
        if (res === false) return options.fallbackError(null, parent, args, ctx, info);
        return res;
      });
      guarded++;
    }
  }
  return guarded;
}

function assertContextual(r: ShieldRule): void {
  if (!(r instanceof RuleBase) || (r as unknown as AnyRule).cache !== "contextual")
    throw new ShieldRuleError(
      `only a rule with cache 'contextual' (one that reads the context alone) can be assumed: ${(r as unknown as AnyRule).name}`,
    );
}

/**
 * One guarded schema per outcome of a `contextual` rule, and the one to execute for a request: the rule is run
 * on the request's context (as shield runs it, once per request), and the schema built assuming that outcome
 * answers. A rule that reads the context alone gives the same outcome on every field of the request, so the
 * specialised schema answers exactly as the general one would. An outcome other than true or false (an
 * Error, a throw counts as false) has no schema: `null`, and the caller runs its general schema.
 * (The Secretariat sees everything: with `seesEverything` assumed true, its protected fields keep their
 * resolvers untouched, so the permission layer costs it nothing per row; every other viewer runs the rules
 * with that sub-rule dropped.)
 */
export function schemaPerOutcome(
  on: ShieldRule,
  build: (assume: Assumptions) => GraphQLSchema,
): (ctx: unknown) => GraphQLSchema | null {
  assertContextual(on);
  const run = ruleFunction(on as unknown as AnyRule);
  const whenTrue = build(new Map([[on, true]]));
  const whenFalse = build(new Map([[on, false]]));
  return (ctx) => {
    const outcome = run(undefined, {}, ctx as Record<string, unknown>, undefined);
    return outcome === true ? whenTrue : outcome === false ? whenFalse : null;
  };
}
