import { execSql } from "./support/sql";
import { OwnServer, post, startOwnServer, waitUntil } from "./support/own-server";

const INTROSPECTION = "{ __schema { queryType { name } } }";

describe("NODE_ENV=production", () => {
  let own: OwnServer;
  beforeAll(async () => {
    own = await startOwnServer("production", { NODE_ENV: "production" });
  });
  afterAll(async () => {
    await own?.close();
  });

  it("refuses introspection", async () => {
    const res = await post(own.baseUrl, { query: INTROSPECTION });
    expect(res.json.data).toBeUndefined();
    expect(res.json.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.json.errors[0].message).toMatch(/introspection is not allowed/i);
  });

  it("serves no landing page and no explorer", async () => {
    const res = await fetch(`${own.baseUrl}/graphql`, { headers: { accept: "text/html" } });
    expect(res.headers.get("content-type") ?? "").not.toContain("text/html");
    expect(await res.text()).not.toMatch(/<html|sandbox|graphiql/i);
    expect((await fetch(`${own.baseUrl}/explorer/graphiql.min.js`)).status).toBe(404);
  });

  it("lets no other origin call the API unless PMM_CORS_ORIGINS lists it (not even localhost)", async () => {
    const res = await fetch(`${own.baseUrl}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("does not suggest field names in errors", async () => {
    const res = await post(own.baseUrl, { query: "{ dimensionz { code } }" });
    expect(res.json.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.json.errors[0].message).not.toMatch(/did you mean/i);
    expect(res.text).not.toContain("dimensions");
  });

  it("answers an unexpected failure with a bare INTERNAL_SERVER_ERROR: no SQL, no table, no stack trace", async () => {
    // Instruments are read from the database on every request (regions, Members and unions are held in memory).
    await execSql(own.db, "ALTER TABLE instrument RENAME TO instrument_gone");
    const res = await post(own.baseUrl, { query: "{ instruments { code name } }" });
    expect(res.json.errors).toEqual([
      {
        message: "Internal server error",
        locations: [{ line: 1, column: 3 }],
        path: ["instruments"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      },
    ]);
    expect(res.text).not.toMatch(/select|instrument_gone|stacktrace|\bat .*\.js/i);
    // The operator gets the detail in the log instead (written asynchronously).
    await waitUntil("the error is logged", async () =>
      own.logLines().some((l) => l.msg === "unexpected error" && /instrument/.test(l.err?.message ?? "")),
    );
  });
});

describe("NODE_ENV=production with PMM_INTROSPECTION=true", () => {
  let own: OwnServer;
  beforeAll(async () => {
    own = await startOwnServer("production-introspection", { NODE_ENV: "production", PMM_INTROSPECTION: "true" });
  });
  afterAll(async () => {
    await own?.close();
  });

  it("still serves no explorer unless PMM_EXPLORER=true", async () => {
    const res = await fetch(`${own.baseUrl}/graphql`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/<html|graphiql/i);
    expect((await fetch(`${own.baseUrl}/explorer/start.js`)).status).toBe(404);
  });

  it("allows introspection and suggests field names again", async () => {
    expect((await post(own.baseUrl, { query: INTROSPECTION })).json.data).toEqual({
      __schema: { queryType: { name: "Query" } },
    });
    const res = await post(own.baseUrl, { query: "{ dimensionz { code } }" });
    expect(res.json.errors[0].message).toMatch(/did you mean "dimension" or "dimensions"\?/i);
  });
});
