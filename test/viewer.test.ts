import jwt from "jsonwebtoken";
import { data, errorCodes, gql } from "./support/graphql";
import { token, viewers } from "./support/tokens";
import { TEST_JWT_SECRET } from "./support/constants";
import { runCli } from "./support/cli";

const VIEWER = `{ viewer { role subject signedIn member { code } reviews { code } unions { code } } }`;

describe("viewer identity from bearer tokens", () => {
  it("is anonymous without an Authorization header", async () => {
    expect((await data(VIEWER)).viewer).toEqual({
      role: "ANONYMOUS",
      subject: null,
      signedIn: false,
      member: null,
      reviews: [],
      unions: [],
    });
  });

  it("reads every role's claims", async () => {
    expect((await data(VIEWER, {}, { token: viewers.ncpKen })).viewer).toEqual({
      role: "NCP",
      subject: "test-user",
      signedIn: true,
      member: { code: "KEN" },
      reviews: [],
      unions: [],
    });
    expect(
      (await data(VIEWER, {}, { token: token({ role: "PEER_REVIEWER", reviews: ["FRA", "KEN"] }) })).viewer,
    ).toMatchObject({
      role: "PEER_REVIEWER",
      reviews: [{ code: "FRA" }, { code: "KEN" }],
    });
    expect((await data(VIEWER, {}, { token: viewers.officeEac })).viewer).toMatchObject({
      role: "REGIONAL_OFFICE",
      unions: [{ code: "EAC" }],
    });
    expect((await data(VIEWER, {}, { token: viewers.secretariat })).viewer).toMatchObject({
      role: "SECRETARIAT",
      signedIn: true,
    });
    // Claims a role does not act on give nothing: a BASIC token naming a Member is just BASIC.
    expect((await data(VIEWER, {}, { token: token({ role: "BASIC", member: "KEN" }) })).viewer).toMatchObject({
      role: "BASIC",
      member: null,
    });
  });

  const [header, payload, signature] = viewers.ncpKen.split(".");
  const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), role: "SECRETARIAT" })).toString("base64url")}.${signature}`;
  const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify({ sub: "x", role: "SECRETARIAT", exp: 9999999999 })).toString("base64url")}.`;
  const cases: [string, string, RegExp][] = [
    ["a tampered payload", `Bearer ${tampered}`, /signature or format/],
    ["an expired token", `Bearer ${token({ role: "SECRETARIAT" }, { expiresIn: -60 })}`, /expired/],
    [
      "a token signed with another secret",
      `Bearer ${token({ role: "SECRETARIAT" }, { secret: "another-secret-another-secret-1234567" })}`,
      /signature or format/,
    ],
    ["an unsigned (alg none) token", `Bearer ${unsigned}`, /signature or format/],
    [
      "an HS512 token",
      `Bearer ${jwt.sign({ sub: "x", role: "SECRETARIAT" }, TEST_JWT_SECRET, { algorithm: "HS512", expiresIn: 60 })}`,
      /signature or format/,
    ],
    [
      "a token without exp",
      `Bearer ${jwt.sign({ sub: "x", role: "SECRETARIAT" }, TEST_JWT_SECRET, { algorithm: "HS256" })}`,
      /exp/,
    ],
    ["an NCP token without a Member", `Bearer ${token({ role: "NCP" })}`, /must name its Member/],
    ["a token for an unknown Member", `Bearer ${token({ role: "NCP", member: "XYZ" })}`, /unknown Member XYZ/],
    [
      "a token for an unknown union",
      `Bearer ${token({ role: "REGIONAL_OFFICE", unions: ["NOPE"] })}`,
      /unknown union NOPE/,
    ],
    ["an unknown role", `Bearer ${token({ role: "ADMIN" })}`, /role/],
    ["a malformed header", "Token abc", /Bearer/],
    ["an empty bearer", "Bearer ", /Bearer/],
  ];

  it.each(cases)(
    "rejects %s with UNAUTHENTICATED and no data, never as anonymous",
    async (_name, authorization, message) => {
      const res = await gql(`{ viewer { role } results(first: 1) { totalCount } }`, {}, { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
      expect(res.errors![0].message).toMatch(message);
      expect(res.data).toBeUndefined();
    },
  );

  it("npm run token prints a token the server accepts", () => {
    const out = runCli("disclosure/token.cli.js", ["--role", "NCP", "--member", "ken"], {
      PMM_JWT_SECRET: TEST_JWT_SECRET,
    });
    expect(out.code).toBe(0);
    const printed = out.stdout.trim();
    return data(VIEWER, {}, { token: printed }).then((d) =>
      expect(d.viewer).toMatchObject({ role: "NCP", member: { code: "KEN" } }),
    );
  });

  it("npm run token explains what is missing", () => {
    const out = runCli("disclosure/token.cli.js", ["--role", "NCP"], { PMM_JWT_SECRET: TEST_JWT_SECRET });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("an NCP token must name its Member");
    expect(out.stderr).toContain("usage: npm run -s token");
  });
});
