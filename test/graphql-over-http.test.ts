import http from "node:http";
import { serverAudits } from "graphql-http";
import { baseUrl, errorCodes, gql } from "./support/graphql";
import { get, post } from "./support/own-server";

describe("GraphQL over HTTP (graphql-http server audits)", () => {
  const audits = serverAudits({ url: () => `${baseUrl()}/graphql` });

  it.each(audits.filter((a) => a.name.startsWith("MUST")).map((a) => [a.id, a.name, a] as const))(
    "%s %s",
    async (_id, _name, audit) => {
      const result = await audit.fn();
      expect(result.status === "ok" ? "ok" : `${result.status}: ${"reason" in result ? result.reason : ""}`).toBe("ok");
    },
  );
});

describe("queries over GET", () => {
  it("work with a header that makes the request non-simple (Apollo's CSRF prevention)", async () => {
    const res = await get(baseUrl(), { query: "query Regions { regions { code } }" });
    expect(res.status).toBe(200);
    expect(res.json.data.regions).toHaveLength(6);
  });

  it("answer with an ETag and honour If-None-Match; POST answers carry none (they are never conditional)", async () => {
    const query = "query Regions { regions { code } }";
    await get(baseUrl(), { query }); // this server adds statement counts: the first may differ (directory loaded)
    const first = await get(baseUrl(), { query });
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    // node:http, not fetch: fetch adds `cache-control: no-cache` to a conditional request, which rightly defeats it.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${baseUrl()}/graphql?${new URLSearchParams({ query })}`);
      http
        .get(url, { headers: { "apollo-require-preflight": "true", "if-none-match": etag! } }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode!));
        })
        .on("error", reject);
    });
    expect(status).toBe(304);
    const posted = await post(baseUrl(), { query });
    expect(posted.status).toBe(200);
    expect(posted.headers.get("etag")).toBeNull();
    expect(posted.headers.get("x-powered-by")).toBeNull();
  });

  it("are refused as a possible CSRF without such a header", async () => {
    const res = await fetch(`${baseUrl()}/graphql?${new URLSearchParams({ query: "{ regions { code } }" })}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/apollo-require-preflight/);
  });

  it("never run mutations", async () => {
    const res = await get(baseUrl(), { query: "mutation { __typename }" });
    expect(res.status).toBe(405);
  });
});

describe("request limits", () => {
  const nest = (depth: number) => {
    // dimensions > outcomes > kpis > outcome > dimension > outcomes > ... > code (a scalar leaf)
    const cycle = ["outcomes", "kpis", "outcome", "dimension"];
    const fields = Array.from({ length: depth - 1 }, (_, i) => (i === 0 ? "dimensions" : cycle[(i - 1) % 4]));
    return `{ ${fields.map((f) => `${f} {`).join(" ")} code ${"}".repeat(depth - 1)} }`;
  };

  it("accepts an operation as deep as PMM_MAX_DEPTH (12) and refuses a deeper one, naming both numbers", async () => {
    expect((await gql(nest(12))).errors).toBeUndefined();
    const res = await gql(nest(13));
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(res.errors![0].message).toBe("Operation has depth 13, more than the limit of 12");
    expect(res.errors![0].extensions).toMatchObject({ limit: "maxDepth", max: 12, actual: 13 });
  });

  it("counts depth through fragments", async () => {
    const res = await gql(`query Deep { ...Q } fragment Q on Query { ${nest(13).slice(2, -2)} }`);
    expect(errorCodes(res)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(res.errors![0].message).toBe("Operation 'Deep' has depth 13, more than the limit of 12");
  });

  it("accepts PMM_MAX_ALIASES (30) aliases and refuses more", async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: regions { code }`).join(" ")} }`;
    expect((await gql(aliases(30))).errors).toBeUndefined();
    const res = await gql(aliases(31));
    expect(errorCodes(res)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(res.errors![0].message).toBe("Document uses 31 aliases, more than the limit of 30");
  });

  it("answers a body over the limit with 413 and a GraphQL-shaped error", async () => {
    const res = await fetch(`${baseUrl()}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ regions { code } }`, variables: { padding: "x".repeat(1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      errors: [{ message: "Request body is larger than the limit of 1mb", extensions: { code: "PAYLOAD_TOO_LARGE" } }],
    });
  });

  it("answers malformed JSON with 400 and a GraphQL-shaped error", async () => {
    const res = await fetch(`${baseUrl()}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ nope",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
  });
});
