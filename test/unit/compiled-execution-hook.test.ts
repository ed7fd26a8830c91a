import { ApolloServer, HeaderMap } from "@apollo/server";
import { buildSchema, GraphQLError } from "graphql";
import { compiledExecutionPlugin } from "../../src/http/compiled-execution";

/**
 * The hook compiled execution relies on (Apollo Server's `responseForOperation`): if an Apollo upgrade stops
 * honouring it, or calls it for something else, this fails. Two schemas alike but for what they answer tell
 * which path answered.
 */
const SDL = `type Query { path: String, fails: String } type Mutation { touch: String }`;
function schema(name: string, failing: boolean) {
  const s = buildSchema(SDL);
  s.getQueryType()!.getFields().path.resolve = () => name;
  s.getQueryType()!.getFields().fails.resolve = () => {
    if (failing) throw new GraphQLError(`failed in ${name}`, { extensions: { code: "BAD_USER_INPUT" } });
    return name;
  };
  s.getMutationType()!.getFields().touch.resolve = () => name;
  return s;
}

let apollo: ApolloServer;
beforeAll(async () => {
  apollo = new ApolloServer({
    schema: schema("graphql-js", true),
    plugins: [compiledExecutionPlugin({ executionSchema: schema("compiled", true), maxCompiled: 10 })],
  });
  await apollo.start();
});
afterAll(async () => {
  await apollo?.stop();
});

async function ask(query: string, signedIn: boolean) {
  const headers = new HeaderMap(signedIn ? [["authorization", "Bearer x"]] : []);
  const res = await apollo.executeOperation({
    query,
    http: { method: "POST", headers, search: "", body: {} },
  });
  if (res.body.kind !== "single") throw new Error("expected a single result");
  return res.body.singleResult;
}

it("answers signed-in queries from the compiled operation", async () => {
  expect((await ask("{ path }", true)).data).toEqual({ path: "compiled" });
});

it("leaves anonymous queries and mutations to graphql-js", async () => {
  expect((await ask("{ path }", false)).data).toEqual({ path: "graphql-js" });
  expect((await ask("mutation { touch }", true)).data).toEqual({ touch: "graphql-js" });
});

it("leaves a query the compiled operation answers with an error to graphql-js, whose error Apollo formats", async () => {
  const r = await ask("{ path fails }", true);
  expect(r.data).toEqual({ path: "graphql-js", fails: null });
  expect(r.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["failed in graphql-js", "BAD_USER_INPUT"]]);
});
