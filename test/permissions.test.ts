import "reflect-metadata";
import { graphql, GraphQLError, GraphQLObjectType, GraphQLSchema, isObjectType } from "graphql";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { applyMiddleware } from "graphql-middleware";
import { allow, and, chain, deny, not, or, race, rule, shield } from "graphql-shield";
import type { IRules } from "graphql-shield";
import fc from "fast-check";
import { applyRulesSync, compileRule, effectiveRule, schemaPerOutcome } from "../src/disclosure/shield-sync";
import {
  fallbackError,
  fallbackRule,
  IDENTITY_FIELDS,
  permissions,
  PROTECTED_RESULT_FIELDS,
} from "../src/disclosure/permissions";
import { CapacityNeed } from "../src/assessment/capacity-need.entity";
import { PeerReview, ReviewFinding } from "../src/review/peer-review.entity";
import { KpiResult } from "../src/assessment/kpi-result.entity";
import { DisclosureLevel } from "../src/disclosure/disclosure-level";
import { buildBareSchema } from "../src/schema/build-schema";
import { scopeOf } from "../src/disclosure/policy";
import { ANONYMOUS } from "../src/disclosure/viewer";

/** The permission declaration itself: every field classified, and every change a reviewed diff. */
describe("the permission map", () => {
  const schema = buildBareSchema();
  const ruleName = (r: unknown): string => {
    const x = r as { name?: string; rules?: unknown[]; constructor: { name: string } };
    if (r === allow) return "allow";
    if (r === deny) return "deny";
    if (x.rules) return `${x.constructor.name}(${x.rules.map(ruleName).join(", ")})`;
    return x.name ?? "?";
  };

  it("classifies every field of every object type (a new field is denied until it is classified)", () => {
    const unclassified: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.keys(type.getFields())) {
        if (effectiveRule(permissions, type.name, field, fallbackRule) === fallbackRule)
          unclassified.push(`${type.name}.${field}`);
      }
    }
    expect(unclassified).toEqual([]);
  });

  it("guards every field that could name a user as an identity (disclosure rule 10)", () => {
    // Names that say "a user": who did something (updatedBy, changedBy; not groupBy), reviewers, authors, users.
    // The viewer's own subject is the one exception: it names the asker, to itself.
    const userish = /edBy$|^reviewers?$|author|user|subject|actor|owner/i;
    const named: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.keys(type.getFields())) if (userish.test(field)) named.push(`${type.name}.${field}`);
    }
    const listed = Object.entries(IDENTITY_FIELDS).flatMap(([t, fs]) => fs.map((f) => `${t}.${f}`));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((f) => f !== "Viewer.subject").sort()).toEqual([...listed].sort());
    for (const f of listed) {
      const [t, name] = f.split(".");
      expect({ f, rule: ruleName(effectiveRule(permissions, t, name, fallbackRule)) }).toEqual({
        f,
        rule: "maySeeIdentities",
      });
    }
  });

  it("matches the reviewed snapshot", () => {
    const flat: Record<string, string> = {};
    for (const [type, rules] of Object.entries(permissions as Record<string, Record<string, unknown>>)) {
      for (const [field, r] of Object.entries(rules)) flat[`${type}.${field}`] = ruleName(r);
    }
    expect(flat).toMatchSnapshot();
  });
});

describe("the last wall", () => {
  it("withholds protected result fields even when their resolvers return the value unconditionally", async () => {
    const schema = buildBareSchema();
    const result = schema.getType("KpiResult") as GraphQLObjectType;
    // Simulate a broken resolver layer: every protected field hands out the stored value.
    for (const f of PROTECTED_RESULT_FIELDS)
      result.getFields()[f].resolve = (r: any) => (f === "history" ? [] : f === "inputs" ? [] : (r[f] ?? "leak"));
    applyRulesSync(schema, permissions, { fallbackRule, fallbackError });
    const stored = Object.assign(new KpiResult(), {
      pk: 7,
      memberId: 1,
      disclosure: DisclosureLevel.COUNTRY,
      value: 42,
      score: 4.2,
      evidence: "secret",
      notUsed: false,
      notUsedReason: null,
      updatedBy: "ncp",
      inputs: { count: 42 },
      version: 1,
      updatedAt: new Date(),
    });
    const anonymous = {
      scope: scopeOf({
        viewer: ANONYMOUS,
        signedIn: false,
        all: false,
        unionMemberIds: new Set(),
        countryMemberIds: new Set(),
      }),
    };
    const secretariat = {
      scope: scopeOf({
        viewer: ANONYMOUS,
        signedIn: true,
        all: true,
        unionMemberIds: new Set(),
        countryMemberIds: new Set(),
      }),
    };
    const source = `query($id: ID!) { node(id: $id) { ... on KpiResult { disclosure value score evidence notUsed notUsedReason updatedBy inputs { name } history { version } } } }`;
    const run = (scope: object) =>
      graphql({
        schema,
        source,
        variableValues: { id: stored.id },
        contextValue: { ...scope, loaders: { nodes: { KpiResult: { load: async () => stored } } } },
      });
    const hidden = await run(anonymous);
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data?.node).toEqual({
      disclosure: "COUNTRY",
      value: null,
      score: null,
      evidence: null,
      notUsed: null,
      notUsedReason: null,
      updatedBy: null,
      inputs: null,
      history: null,
    });
    const shown = await run(secretariat);
    expect(shown.data?.node).toMatchObject({ value: 42, score: 4.2, evidence: "secret", updatedBy: "ncp" });
  });
});

describe("the last wall for identities", () => {
  it("withholds every identity from viewers outside the Member's COUNTRY level, even on public records", async () => {
    const schema = buildBareSchema();
    const fields = (t: string) => (schema.getType(t) as GraphQLObjectType).getFields();
    // A broken resolver layer: every identity is handed out whoever asks.
    fields("KpiResult").updatedBy.resolve = () => "NCP:ncp-ken";
    fields("KpiResult").history.resolve = () => [
      { memberId: 1, version: 2, changedAt: new Date(), changedBy: "NCP:ncp-ken", fields: [], before: "", after: "" },
    ];
    fields("KpiResult").findings.resolve = () => [Object.assign(new ReviewFinding(), { pk: 3, memberId: 1 })];
    fields("ReviewFinding").reviewer.resolve = () => "PEER_REVIEWER:rev-1";
    fields("CapacityNeed").updatedBy.resolve = () => "NCP:ncp-ken";
    fields("PeerReview").reviewers.resolve = () => ["rev-1"];
    applyRulesSync(schema, permissions, { fallbackRule, fallbackError });
    // Member 1's records, all PUBLIC: the record is everyone's, who worked on it is not.
    const result = Object.assign(new KpiResult(), { pk: 7, memberId: 1, disclosure: DisclosureLevel.PUBLIC });
    const need = Object.assign(new CapacityNeed(), { pk: 8, memberId: 1, disclosure: DisclosureLevel.PUBLIC });
    const review = Object.assign(new PeerReview(), { pk: 9, memberId: 1 });
    const byType: Record<string, object> = { KpiResult: result, CapacityNeed: need, PeerReview: review };
    const source = `query($r: ID!, $n: ID!, $p: ID!) {
      r: node(id: $r) { ... on KpiResult { updatedBy history { changedBy } findings { reviewer } } }
      n: node(id: $n) { ... on CapacityNeed { updatedBy } }
      p: node(id: $p) { ... on PeerReview { reviewers } } }`;
    const run = (scope: object) =>
      graphql({
        schema,
        source,
        variableValues: { r: result.id, n: need.id, p: review.id },
        contextValue: {
          scope,
          loaders: {
            nodes: Object.fromEntries(Object.entries(byType).map(([t, o]) => [t, { load: async () => o }])),
          },
        },
      });
    const scope = (country: number[], union: number[], all = false) =>
      scopeOf({
        viewer: ANONYMOUS,
        signedIn: true,
        all,
        unionMemberIds: new Set(union),
        countryMemberIds: new Set(country),
      });
    const refused = {
      anonymous: scopeOf({
        viewer: ANONYMOUS,
        signedIn: false,
        all: false,
        unionMemberIds: new Set(),
        countryMemberIds: new Set(),
      }),
      "a union partner's NCP": scope([2], [1, 2]),
      "the union's office": scope([], [1, 2]),
    };
    for (const [who, s] of Object.entries(refused)) {
      const res = await run(s);
      expect({ who, errors: res.errors }).toEqual({ who, errors: undefined });
      expect({ who, data: res.data }).toEqual({
        who,
        data: {
          r: { updatedBy: null, history: [{ changedBy: null }], findings: [{ reviewer: null }] },
          n: { updatedBy: null },
          p: { reviewers: null },
        },
      });
    }
    for (const [who, s] of Object.entries({ "the Member's NCP": scope([1], [1]), Secretariat: scope([], [], true) })) {
      const res = await run(s);
      expect({ who, data: res.data }).toEqual({
        who,
        data: {
          r: {
            updatedBy: "NCP:ncp-ken",
            history: [{ changedBy: "NCP:ncp-ken" }],
            findings: [{ reviewer: "PEER_REVIEWER:rev-1" }],
          },
          n: { updatedBy: "NCP:ncp-ken" },
          p: { reviewers: ["rev-1"] },
        },
      });
    }
  });
});

/**
 * The synchronous applier must behave as graphql-shield itself does for the same rule tree: same data,
 * same nulls, same errors (codes and messages), with lock-in and fallback deny.
 */
describe("applyRulesSync behaves like graphql-shield", () => {
  const typeDefs = /* GraphQL */ `
    type Query {
      results: [Result!]!
      secret: String
      open: String
      boom: String
      chained: String
      raced: String
      negated: String
    }
    type Result {
      id: ID!
      member: String!
      value: Float
      note: String
      unclassified: String
    }
  `;
  const rows = [
    { id: "1", member: "KEN", value: 1.5, note: "a", unclassified: "x" },
    { id: "2", member: "FRA", value: 2.5, note: "b", unclassified: "y" },
  ];
  const resolvers = {
    Query: {
      results: () => rows,
      secret: () => "s",
      open: () => "o",
      boom: () => {
        throw new GraphQLError("domain failure", { extensions: { code: "CONFLICT" } });
      },
      chained: () => "c",
      raced: () => "r",
      negated: () => "n",
    },
  };
  let calls = 0;
  const isKen = rule("isKen", { cache: "no_cache" })((parent: { member: string }) => parent.member === "KEN");
  const signedIn = rule("signedIn", { cache: "contextual" })((_p: unknown, _a: unknown, ctx: { signedIn: boolean }) => {
    calls++;
    return ctx.signedIn;
  });
  const custom = rule("custom")(() => new GraphQLError("custom denial", { extensions: { code: "FORBIDDEN" } }));
  const tree: IRules = {
    Query: {
      results: allow,
      secret: and(signedIn, allow),
      open: or(deny, allow),
      boom: allow,
      chained: chain(signedIn, custom),
      raced: race(deny, signedIn),
      negated: not(signedIn),
    },
    Result: { id: allow, member: allow, value: isKen, note: and(signedIn, isKen) },
  };
  const localFallbackError = (
    _e: unknown,
    _p: unknown,
    _a: unknown,
    _c: unknown,
    info: { parentType: { name: string }; fieldName: string },
  ) =>
    info.parentType.name === "Result"
      ? null
      : new GraphQLError("Not authorised", { extensions: { code: "FORBIDDEN" } });

  const shieldSchema = (): GraphQLSchema =>
    applyMiddleware(
      makeExecutableSchema({ typeDefs, resolvers }),
      // shield types fallbackError as returning an Error; at run time it returns whatever the function gives (null here).
      shield(tree, { fallbackRule: deny, fallbackError: localFallbackError as never, allowExternalErrors: true }),
    );
  const syncSchema = (): GraphQLSchema => {
    const s = makeExecutableSchema({ typeDefs, resolvers });
    applyRulesSync(s, tree, { fallbackRule: deny, fallbackError: localFallbackError });
    return s;
  };
  const query = `{ results { id member value note unclassified } secret open boom chained raced negated }`;

  it.each([true, false])("gives the same response (signed in: %s)", async (signedInValue) => {
    const a = await graphql({ schema: shieldSchema(), source: query, contextValue: { signedIn: signedInValue } });
    const b = await graphql({ schema: syncSchema(), source: query, contextValue: { signedIn: signedInValue } });
    const norm = (r: typeof a) => ({
      data: r.data,
      errors: (r.errors ?? [])
        .map((e) => ({ path: e.path?.join("."), message: e.message, code: e.extensions?.code }))
        .sort((x, y) => x.path!.localeCompare(y.path!)),
    });
    expect(norm(b)).toEqual(norm(a));
    expect(b.data?.results).toEqual([
      { id: "1", member: "KEN", value: 1.5, note: signedInValue ? "a" : null, unclassified: null },
      { id: "2", member: "FRA", value: null, note: null, unclassified: null },
    ]);
    expect(norm(b).errors.find((e) => e.path === "boom")).toEqual({
      path: "boom",
      message: "domain failure",
      code: "CONFLICT",
    });
  });

  it("caches contextual rules once per request", async () => {
    calls = 0;
    await graphql({ schema: syncSchema(), source: `{ results { note } secret }`, contextValue: { signedIn: true } });
    expect(calls).toBe(1);
  });

  it("leaves fields whose rule is allow untouched and wraps only the others", async () => {
    const s = makeExecutableSchema({ typeDefs, resolvers });
    const before = s.getQueryType()!.getFields().results.resolve;
    const guarded = applyRulesSync(s, tree, { fallbackRule: deny, fallbackError: localFallbackError });
    expect(s.getQueryType()!.getFields().results.resolve).toBe(before);
    // Query: secret chained raced negated (`open` is or(deny, allow): true whatever the request); Result: value
    // note unclassified.
    expect(guarded).toBe(7);
  });

  describe("specialised per outcome of a contextual rule (schemaPerOutcome)", () => {
    const built = new Map<boolean | undefined, { guarded: number; secretBefore: unknown }>();
    const perOutcome = () =>
      schemaPerOutcome(signedIn, (assume) => {
        const s = makeExecutableSchema({ typeDefs, resolvers });
        const secretBefore = s.getQueryType()!.getFields().secret.resolve;
        const guarded = applyRulesSync(s, tree, { fallbackRule: deny, fallbackError: localFallbackError, assume });
        built.set(assume.get(signedIn), { guarded, secretBefore });
        return s;
      });

    it.each([true, false])("answers as shield does (signed in: %s)", async (signedInValue) => {
      const schemaFor = perOutcome();
      const contextValue = { signedIn: signedInValue };
      const a = await graphql({ schema: shieldSchema(), source: query, contextValue: { signedIn: signedInValue } });
      const b = await graphql({ schema: schemaFor(contextValue)!, source: query, contextValue });
      const norm = (r: typeof a) => ({
        data: r.data,
        errors: (r.errors ?? []).map((e) => `${e.path?.join(".")}: ${e.message}`).sort(),
      });
      expect(norm(b)).toEqual(norm(a));
    });

    it("picks the schema by running the rule on the request's context; other outcomes get none", () => {
      const schemaFor = perOutcome();
      const whenTrue = schemaFor({ signedIn: true });
      const whenFalse = schemaFor({ signedIn: false });
      expect(whenTrue).not.toBe(whenFalse);
      expect(schemaFor({ signedIn: true })).toBe(whenTrue);
      // Fields whose rule the outcome decides true keep their resolvers: `secret` is and(signedIn, allow).
      const secretOf = (s: GraphQLSchema | null) => s!.getQueryType()!.getFields().secret.resolve;
      expect(secretOf(whenTrue)).toBe(built.get(true)!.secretBefore);
      expect(secretOf(whenFalse)).not.toBe(built.get(false)!.secretBefore);
      // Signed in: chained, negated, value, note, unclassified; not: secret, chained, raced, value, note, unclassified.
      expect([built.get(true)!.guarded, built.get(false)!.guarded]).toEqual([5, 6]);
      const odd = rule("odd", { cache: "contextual" })(() => new Error("neither"));
      expect(schemaPerOutcome(odd, () => makeExecutableSchema({ typeDefs, resolvers }))({})).toBeNull();
    });

    it("assumes only contextual rules (a rule that reads the row cannot be decided per request)", () => {
      const s = makeExecutableSchema({ typeDefs, resolvers });
      expect(() =>
        applyRulesSync(s, tree, {
          fallbackRule: deny,
          fallbackError: localFallbackError,
          assume: new Map([[isKen, true]]),
        }),
      ).toThrow(/only a rule with cache 'contextual'/);
    });

    it("a rule compiled under an assumption answers as the rule itself wherever the assumption holds", () => {
      const denial = new Error("denied");
      const leaves = [
        allow,
        deny,
        signedIn,
        isKen,
        custom,
        rule("ken", { cache: "strict" })((p: any) => p.member === "KEN"),
      ];
      const ruleTree: fc.Memo<unknown> = fc.memo((depth) =>
        depth <= 1
          ? fc.constantFrom(...leaves)
          : fc.oneof(
              fc.constantFrom(...leaves),
              fc
                .tuple(
                  fc.constantFrom(and, or, chain, race),
                  fc.array(ruleTree(depth - 1), { minLength: 1, maxLength: 3 }),
                )
                .map(([op, subs]) => (op as (...r: unknown[]) => unknown)(...subs)),
              fc
                .tuple(ruleTree(depth - 1), fc.boolean())
                .map(([sub, withError]) => (withError ? not(sub as never, denial) : not(sub as never))),
            ),
      );
      const outcome = (r: unknown) => (r instanceof Error ? `error: ${r.message}` : r);
      fc.assert(
        fc.property(ruleTree(4), fc.boolean(), fc.constantFrom("KEN", "FRA"), (r, signedInValue, member) => {
          const parent = { member };
          const general = compileRule(r as never)(parent, {}, { signedIn: signedInValue }, undefined);
          const specialised = compileRule(r as never, new Map([[signedIn, signedInValue]]))(
            parent,
            {},
            { signedIn: signedInValue },
            undefined,
          );
          expect(outcome(specialised)).toEqual(outcome(general));
        }),
        { numRuns: 1000 },
      );
    });
  });

  it("refuses a rule that returns a promise (rules must be synchronous)", async () => {
    const s = makeExecutableSchema({ typeDefs, resolvers });
    applyRulesSync(
      s,
      { Query: { "*": rule("slow")(async () => true) } },
      { fallbackRule: deny, fallbackError: localFallbackError },
    );
    const res = await graphql({ schema: s, source: `{ open }`, contextValue: {} });
    expect(res.errors?.[0].message).toContain("rule 'slow' returned a promise");
  });

  it("refuses rules for types or fields the schema does not have", () => {
    const s = makeExecutableSchema({ typeDefs, resolvers });
    expect(() =>
      applyRulesSync(s, { Nope: allow, Result: { ghost: allow } } as IRules, {
        fallbackRule: deny,
        fallbackError: localFallbackError,
      }),
    ).toThrow(/unknown type Nope[\s\S]*unknown field Result.ghost/);
  });
});
