import { createHash } from "node:crypto";
import { get, OwnServer, post, startOwnServer } from "./support/own-server";
import { token } from "./support/tokens";

const bearer = (sub: string) => ({ authorization: `Bearer ${token({ sub, role: "SECRETARIAT" })}` });

describe("HTTP caching of public data (in-memory response cache, PMM_CACHE_MAX_AGE=60)", () => {
  let own: OwnServer;
  beforeAll(async () => {
    own = await startOwnServer("response-cache", { PMM_CACHE_MAX_AGE: "60" });
  });
  afterAll(async () => {
    await own?.close();
  });

  it("marks an anonymous query of public reference data publicly cacheable, and answers its repeat from the cache", async () => {
    const query = "query Regions { regions { code name members { code } } }";
    const first = await get(own.baseUrl, { query });
    expect(first.headers.get("cache-control")).toBe("max-age=60, public");
    expect(first.headers.get("age")).toBeNull();
    const second = await get(own.baseUrl, { query });
    expect(second.headers.get("age")).not.toBeNull();
    expect(second.json).toEqual(first.json);
  });

  it("never marks a response to a request with an Authorization header cacheable", async () => {
    const res = await get(own.baseUrl, { query: "{ dimensions { code } }" }, bearer("viewer-a"));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("never answers a request with an Authorization header from the cache, nor stores its response", async () => {
    const shared = "{ unions { code } }";
    await get(own.baseUrl, { query: shared });
    expect((await get(own.baseUrl, { query: shared })).headers.get("age")).not.toBeNull();
    expect((await get(own.baseUrl, { query: shared }, bearer("viewer-a"))).headers.get("age")).toBeNull();

    const viewerFirst = "{ cycles { code } }";
    await get(own.baseUrl, { query: viewerFirst }, bearer("viewer-a"));
    expect((await get(own.baseUrl, { query: viewerFirst }, bearer("viewer-b"))).headers.get("age")).toBeNull();
    expect((await get(own.baseUrl, { query: viewerFirst })).headers.get("age")).toBeNull();
  });

  it("keeps a response uncacheable when it holds anything but public types (here a Node of unstated kind)", async () => {
    const { json } = await get(own.baseUrl, { query: "{ regions { id } }" });
    const query = `{ regions { code } node(id: "${json.data.regions[0].id}") { id } }`;
    const first = await get(own.baseUrl, { query });
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect((await get(own.baseUrl, { query })).headers.get("age")).toBeNull();
  });

  it.each([
    ["a results page", `{ results(first: 5) { edges { node { value withheld } } } }`],
    ["a Member's results", `{ member(code: "KEN") { code results { value } } }`],
    ["statistics", `{ resultStatistics(kpi: "TF.1.1", cycle: "2025") { mean included withheld } }`],
    ["a scorecard", `{ scorecard(member: "KEN", cycle: "2025") { dimensions { score } } }`],
    ["the viewer", `{ viewer { role } }`],
  ])("keeps %s out of shared caches, even for an anonymous viewer (disclosure rule 6)", async (_name, query) => {
    const first = await get(own.baseUrl, { query });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect((await get(own.baseUrl, { query })).headers.get("age")).toBeNull();
  });

  it("supports automatic persisted queries, also over GET", async () => {
    const query = 'query Kenya { member(code: "KEN") { name } }';
    const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
    const unknown = await post(own.baseUrl, { extensions: { persistedQuery } });
    expect(unknown.json.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect((await post(own.baseUrl, { query, extensions: { persistedQuery } })).json.data).toEqual({
      member: { name: "Kenya" },
    });
    const byHash = await get(own.baseUrl, { extensions: JSON.stringify({ persistedQuery }) });
    expect(byHash.json.data).toEqual({ member: { name: "Kenya" } });
  });
});
