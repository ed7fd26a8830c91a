import { baseUrl } from "./support/graphql";
import { OwnServer, startOwnServer } from "./support/own-server";
import { token } from "./support/tokens";

/**
 * CORS as a browser meets it: a preflight (OPTIONS with Origin and Access-Control-Request-*), then the request
 * with Origin. Node's fetch does not enforce CORS, so these assert the headers a browser decides on.
 */
const LISTED = "https://dashboard.example.org";
const NOT_LISTED = "https://elsewhere.example.net";
const QUERY = "{ viewer { role } regions { code } }";

async function preflight(base: string, origin: string, requestHeaders: string) {
  const res = await fetch(`${base}/graphql`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": requestHeaders,
    },
  });
  await res.text();
  const allowHeaders = (res.headers.get("access-control-allow-headers") ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return { status: res.status, headers: res.headers, allowHeaders };
}

async function postFrom(base: string, origin: string, authorization?: string) {
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: {
      origin,
      "content-type": "application/json",
      ...(authorization ? { authorization: `Bearer ${authorization}` } : {}),
    },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}

const vary = (headers: Headers) => (headers.get("vary") ?? "").toLowerCase();

describe("PMM_CORS_ORIGINS lists the origins whose pages may call the API", () => {
  let own: OwnServer;
  beforeAll(async () => {
    own = await startOwnServer("cors-listed", { PMM_CORS_ORIGINS: `${LISTED}, http://localhost:*` });
  });
  afterAll(async () => {
    await own?.close();
  });

  it("a listed origin's preflight allows the token and the headers clients send, and no credentials", async () => {
    const res = await preflight(own.baseUrl, LISTED, "authorization,content-type,apollo-require-preflight");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(res.allowHeaders).toEqual(
      expect.arrayContaining(["authorization", "content-type", "apollo-require-preflight", "x-apollo-operation-name"]),
    );
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(vary(res.headers)).toContain("origin");
  });

  it("a listed origin calls the API anonymously and with a token", async () => {
    const anonymous = await postFrom(own.baseUrl, LISTED);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(vary(anonymous.headers)).toContain("origin");
    expect(anonymous.json.data.viewer.role).toBe("ANONYMOUS");

    const signedIn = await postFrom(own.baseUrl, LISTED, token({ role: "SECRETARIAT" }));
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(signedIn.json.data.viewer.role).toBe("SECRETARIAT");
  });

  it("`http://localhost:*` allows any port of localhost, and nothing else", async () => {
    expect(
      (await preflight(own.baseUrl, "http://localhost:5173", "content-type")).headers.get(
        "access-control-allow-origin",
      ),
    ).toBe("http://localhost:5173");
    for (const origin of [
      "http://localhost.example.org",
      "https://localhost:5173",
      "http://localhost:5173.evil.example",
    ]) {
      expect(
        (await preflight(own.baseUrl, origin, "content-type")).headers.get("access-control-allow-origin"),
      ).toBeNull();
    }
  });

  it("an origin not listed gets no CORS headers, at preflight or on the request (its browser keeps the answer from the page)", async () => {
    const pre = await preflight(own.baseUrl, NOT_LISTED, "authorization,content-type");
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-headers")).toBeNull();
    expect(vary(pre.headers)).toContain("origin");
    const res = await postFrom(own.baseUrl, NOT_LISTED);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("CSRF prevention still refuses a request a browser sends without a preflight, from a listed origin too", async () => {
    const res = await fetch(`${own.baseUrl}/graphql?${new URLSearchParams({ query: "{ regions { code } }" })}`, {
      headers: { origin: LISTED },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });
});

describe("PMM_CORS_ORIGINS=*", () => {
  let own: OwnServer;
  beforeAll(async () => {
    own = await startOwnServer("cors-any", { PMM_CORS_ORIGINS: "*" });
  });
  afterAll(async () => {
    await own?.close();
  });

  it("any page may call the API anonymously", async () => {
    const pre = await preflight(own.baseUrl, NOT_LISTED, "content-type");
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.allowHeaders).toContain("content-type");
    const res = await postFrom(own.baseUrl, NOT_LISTED);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.json.data.viewer.role).toBe("ANONYMOUS");
  });

  it("a request with a token is refused at preflight: Authorization is not allowed, credentials never", async () => {
    const pre = await preflight(own.baseUrl, NOT_LISTED, "authorization,content-type");
    expect(pre.allowHeaders).not.toContain("authorization");
    expect(pre.headers.get("access-control-allow-credentials")).toBeNull();
    expect(vary(pre.headers)).toContain("origin");
  });
});

describe("default outside production (the run's server): pages on this machine, any port", () => {
  it("allows http://localhost and http://127.0.0.1 on any port, with a token", async () => {
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:41234"]) {
      const pre = await preflight(baseUrl(), origin, "authorization,content-type");
      expect(pre.headers.get("access-control-allow-origin")).toBe(origin);
      expect(pre.allowHeaders).toContain("authorization");
    }
  });

  it("allows no other origin", async () => {
    const pre = await preflight(baseUrl(), NOT_LISTED, "content-type");
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
  });
});
