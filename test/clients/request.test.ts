import { parse } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { PmmApiError, request, type ClientOptions } from "../../clients/shared/request";
import { baseUrl } from "../support/graphql";

/** The wrapper every client shares: what it sends, and how each kind of failure reaches the caller. */
const endpoint = () => `${baseUrl()}/graphql`;
type ViewerQuery = { viewer: { role: string } };

async function failure(
  options: ClientOptions,
  document: TypedDocumentNode<ViewerQuery, Record<string, never>>,
): Promise<PmmApiError> {
  const err = await request(options, document, {}).then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );
  if (!(err instanceof PmmApiError)) throw err;
  return err;
}

describe("the clients' request wrapper", () => {
  it("sends a named operation with the bearer token", async () => {
    const sent: { headers: Headers; body: { query: string; operationName: string; variables: object } }[] = [];
    const spy: typeof fetch = async (input, init) => {
      sent.push({ headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
      return fetch(input, init);
    };
    const doc: TypedDocumentNode<ViewerQuery, Record<string, never>> = parse("query Who { viewer { role } }");
    const data = await request({ endpoint: endpoint(), token: undefined, fetch: spy }, doc, {});
    expect(data).toEqual({ viewer: { role: "ANONYMOUS" } });
    expect(sent[0]!.body).toEqual({
      query: "query Who {\n  viewer {\n    role\n  }\n}",
      operationName: "Who",
      variables: {},
    });
    expect(sent[0]!.headers.get("authorization")).toBeNull();
    await request({ endpoint: endpoint(), token: "abc", fetch: spy }, doc, {}).catch(() => undefined);
    expect(sent[1]!.headers.get("authorization")).toBe("Bearer abc");
  });

  it("surfaces QUERY_TOO_COMPLEX with the limit and the query's value", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: viewer { role }`).join(" ");
    const err = await failure({ endpoint: endpoint() }, parse(`query Greedy { ${aliases} }`));
    expect(err).toMatchObject({ code: "QUERY_TOO_COMPLEX", status: 400, operationName: "Greedy" });
    expect(err.extensions).toMatchObject({ max: 30, actual: 31 });
  });

  it("reports a reply that is not GraphQL as BAD_RESPONSE, and a code it does not know as UNRECOGNIZED", async () => {
    const html: typeof fetch = async () => new Response("<html>502 Bad Gateway</html>", { status: 502 });
    const doc = parse("query Who { viewer { role } }");
    expect(await failure({ endpoint: endpoint(), fetch: html }, doc)).toMatchObject({
      code: "BAD_RESPONSE",
      status: 502,
    });
    const odd: typeof fetch = async () =>
      Response.json({ errors: [{ message: "teapot", extensions: { code: "I_AM_A_TEAPOT" } }, { message: "second" }] });
    const err = await failure({ endpoint: endpoint(), fetch: odd }, doc);
    expect(err).toMatchObject({
      code: "UNRECOGNIZED",
      serverCode: "I_AM_A_TEAPOT",
      message: "Who: UNRECOGNIZED: teapot (and 1 more)",
    });
    expect(err.errors.map((e) => e.code)).toEqual(["UNRECOGNIZED", "UNRECOGNIZED"]);
  });

  it("knows every code the server sends, Apollo's own included (its list is generated from the server's)", async () => {
    // A proxy that renames the operation: the server answers with Apollo's OPERATION_RESOLUTION_FAILURE.
    const renaming: typeof fetch = async (input, init) =>
      fetch(input, { ...init, body: JSON.stringify({ ...JSON.parse(String(init?.body)), operationName: "Other" }) });
    const err = await failure({ endpoint: endpoint(), fetch: renaming }, parse("query Who { viewer { role } }"));
    expect(err).toMatchObject({ code: "OPERATION_RESOLUTION_FAILURE", status: 400 });
  });

  it("refuses to send an anonymous operation, which the server's metrics could not name", async () => {
    await expect(request({ endpoint: endpoint() }, parse("{ viewer { role } }"), {})).rejects.toThrow(
      "PMM clients send named operations only",
    );
  });
});
