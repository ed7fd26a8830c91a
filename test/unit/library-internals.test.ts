import "reflect-metadata";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import { maybeCacheControlFromInfo } from "@apollo/cache-control-types";
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString, type GraphQLResolveInfo } from "graphql";
import { allow, and, chain, deny, not, or, race, rule } from "graphql-shield";
import { cacheControlPlugin, publicCacheHintsPlugin } from "../../src/http/response-cache";
import { compileRule } from "../../src/disclosure/shield-sync";

/**
 * Two places lean on what a library does not promise; each test here fails, saying what changed, when an
 * upgrade takes away what they rely on.
 */

describe("Apollo's cache-control plugin, wrapped by src/http/response-cache.ts", () => {
  it("keeps Apollo's internal plugin id on the wrapper (its spread copies it), so Apollo adds no plugin of its own", () => {
    const apollo = ApolloServerPluginCacheControl({ defaultMaxAge: 0 }) as object;
    const ours = cacheControlPlugin() as object;
    // If this fails, Apollo renamed or dropped the id: the wrapper no longer stands in for Apollo's plugin.
    expect(apollo).toHaveProperty("__internal_plugin_id__", "CacheControl");
    expect(ours).toHaveProperty("__internal_plugin_id__", "CacheControl");
  });

  /** One server as src/server.ts lists the plugins; `probe` reports whether a cache hint was set up for it. */
  async function probe(headers: [string, string][]) {
    let hinted: boolean | undefined;
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: "Query",
        fields: {
          probe: {
            type: GraphQLString,
            resolve: (_r: unknown, _a: unknown, _c: unknown, info: GraphQLResolveInfo) => {
              hinted = maybeCacheControlFromInfo(info) !== null;
              return "ok";
            },
          },
        },
      }),
    });
    const server = new ApolloServer({ schema, plugins: [publicCacheHintsPlugin(60), cacheControlPlugin()] });
    await server.start();
    try {
      const res = await server.executeOperation({
        query: "{ probe }",
        http: { method: "POST", headers: new HeaderMap(headers), search: "", body: {} },
      });
      return { hinted, cacheControl: res.http.headers.get("cache-control") };
    } finally {
      await server.stop();
    }
  }

  it("works out cache hints for anonymous requests only: a signed-in request gets none and is no-store", async () => {
    expect(await probe([])).toEqual({ hinted: true, cacheControl: "no-store" });
    // Were Apollo to install its default cache-control plugin beside the wrapper, this request would be hinted too.
    expect(await probe([["authorization", "Bearer anything"]])).toEqual({ hinted: false, cacheControl: "no-store" });
  });
});

describe("graphql-shield's rule classes, reached by src/disclosure/shield-sync.ts through `.constructor`", () => {
  const yes = rule("yes", { cache: "no_cache" })(() => true);
  const no = rule("no", { cache: "no_cache" })(() => false);
  const refuses = rule("refuses", { cache: "no_cache" })(() => new GraphQLError("refused"));
  const says = rule("says", { cache: "no_cache" })(() => "in words");
  const throws = rule("throws", { cache: "no_cache" })(() => {
    throw new Error("bug");
  });
  const contextual = rule("contextual", { cache: "contextual" })(
    (_p: unknown, _a: unknown, c: { ok: boolean }) => c.ok,
  );
  const strict = rule("strict", { cache: "strict" })((p: { ok: boolean }) => p.ok);

  it("tells each kind of rule apart by its class, as shield makes them", () => {
    const kinds = [allow, deny, and(yes), or(yes), chain(yes), race(yes), not(yes), yes];
    expect(new Set(kinds.map((k) => k.constructor)).size).toBe(kinds.length);
    // The properties shield-sync reads from shield's private classes.
    expect(and(yes, no)).toMatchObject({ rules: [yes, no] });
    const err = new Error("negated");
    expect(not(yes, err)).toMatchObject({ rules: [yes], error: err });
    expect(contextual).toMatchObject({ name: "contextual", cache: "contextual" });
    expect(typeof (yes as unknown as { func: unknown }).func).toBe("function");
  });

  const trees = {
    allow,
    deny,
    yes,
    no,
    refuses,
    says,
    throws,
    contextual,
    strict,
    "and(yes, refuses, no)": and(yes, refuses, no),
    "and(no, refuses)": and(no, refuses),
    "or(no, refuses, says)": or(no, refuses, says),
    "or(no, yes)": or(no, yes),
    "chain(yes, says, refuses)": chain(yes, says, refuses),
    "race(no, refuses, yes)": race(no, refuses, yes),
    "race(throws, no)": race(throws, no),
    "not(yes)": not(yes),
    "not(no)": not(no),
    "not(yes, error)": not(yes, new GraphQLError("not allowed")),
    "not(refuses)": not(refuses),
    "and(or(no, contextual), not(strict))": and(or(no, contextual), not(strict)),
  };

  it.each(Object.entries(trees))("decides %s as shield itself does", async (_name, tree) => {
    const options = {
      debug: false,
      allowExternalErrors: false,
      fallbackRule: deny,
      fallbackError: new Error("fallback"),
      hashFunction: (o: unknown) => JSON.stringify(o),
    };
    for (const [parent, ctxOk] of [
      [{ ok: true }, true],
      [{ ok: false }, false],
      [{ ok: true }, false],
    ] as const) {
      const info = {} as GraphQLResolveInfo;
      const expected = await (tree as unknown as { resolve: (...a: unknown[]) => Promise<unknown> }).resolve(
        parent,
        {},
        { ok: ctxOk, _shield: { cache: {} } },
        info,
        options,
      );
      const actual = compileRule(tree)(parent, {}, { ok: ctxOk }, info);
      const shape = (v: unknown) => (v instanceof Error ? `Error: ${v.message}` : v);
      expect(shape(actual)).toEqual(shape(expected));
    }
  });
});
