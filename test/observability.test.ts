import fs from "node:fs";
import { metric, OwnServer, post, startOwnServer, waitUntil } from "./support/own-server";
import { token as sign } from "./support/tokens";

describe("observability: request log and /metrics", () => {
  let own: OwnServer;
  const token = sign({ sub: "observer", role: "NCP", member: "KEN" });
  const MARKER = "ZZMARKER7731"; // a variable's value: it must not reach the log

  beforeAll(async () => {
    own = await startOwnServer("observability", { PMM_LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    await own?.close();
  });

  it("logs one JSON line per request with its request id and operation name, and no token, variable or response", async () => {
    const res = await post(
      own.baseUrl,
      { query: "query MemberByCode($code: ID!) { member(code: $code) { name } }", variables: { code: MARKER } },
      { authorization: `Bearer ${token}`, "x-request-id": "obs-req-0001" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("obs-req-0001");
    let line: Record<string, any> | undefined;
    await waitUntil("the request is logged", async () => {
      line = own.logLines().find((l) => l.requestId === "obs-req-0001");
      return !!line;
    });
    expect(line).toMatchObject({
      level: 30,
      msg: "graphql request",
      operationName: "MemberByCode",
      method: "POST",
      status: 200,
      outcome: "ok",
    });
    expect(typeof line!.durationMs).toBe("number");
    const log = fs.readFileSync(own.logFile, "utf8");
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.split(".")[1]); // not even the claims part
    expect(log).not.toMatch(/bearer/i);
    expect(log).not.toContain(MARKER);
  });

  it("gives a request without an id one of its own, sent back in X-Request-Id", async () => {
    const res = await post(own.baseUrl, { query: "query Anonymous { regions { code } }" });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await waitUntil("the request is logged", async () =>
      own.logLines().some((l) => l.requestId === id && l.operationName === "Anonymous"),
    );
  });

  it("exposes request counts by operation and outcome, latency, requests in flight and database gauges", async () => {
    await post(own.baseUrl, { query: "query Broken { regions { nope } }" });
    expect(await metric(own.baseUrl, "pmm_graphql_requests_total", 'operation="MemberByCode",outcome="ok"')).toBe(1);
    expect(await metric(own.baseUrl, "pmm_graphql_requests_total", 'operation="Broken",outcome="client_error"')).toBe(
      1,
    );
    expect(
      await metric(own.baseUrl, "pmm_graphql_request_duration_seconds_count", 'operation="MemberByCode",outcome="ok"'),
    ).toBe(1);
    expect(
      await metric(
        own.baseUrl,
        "pmm_graphql_request_duration_seconds_bucket",
        'le="+Inf",operation="MemberByCode",outcome="ok"',
      ),
    ).toBe(1);
    expect(await metric(own.baseUrl, "pmm_graphql_requests_in_flight")).toBe(0);
    expect(await metric(own.baseUrl, "pmm_db_available")).toBe(1);
    expect(await metric(own.baseUrl, "process_resident_memory_bytes")).toBeGreaterThan(0);
    if (own.db.engine === "mysql") {
      expect(await metric(own.baseUrl, "pmm_db_pool_connections", 'state="open"')).toBeGreaterThanOrEqual(1);
    }
  });
});
