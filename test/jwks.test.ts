import http from "node:http";
import { AddressInfo } from "node:net";
import { generateKeyPairSync, KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { OwnServer, post, startOwnServer } from "./support/own-server";
import { token } from "./support/tokens";

/**
 * RS256 viewer tokens from the organisation's identity provider, verified against its JSON Web Key Set
 * (PMM_JWKS_URL), served here by the test on loopback. HS256 tokens keep working alongside.
 */
const provider = generateKeyPairSync("rsa", { modulusLength: 2048 });
const impostor = generateKeyPairSync("rsa", { modulusLength: 2048 });
let jwksServer: http.Server;
let own: OwnServer;
let fetches = 0;

const rs256 = (key: KeyObject, kid: string, claims: Record<string, unknown>) =>
  jwt.sign({ sub: "idp-user", ...claims }, key, { algorithm: "RS256", keyid: kid, expiresIn: 600 });
const viewer = async (authorization: string) =>
  (await post(own.baseUrl, { query: "{ viewer { role member { code } } }" }, { authorization })).json;

beforeAll(async () => {
  const jwk = { ...provider.publicKey.export({ format: "jwk" }), kid: "key-1", use: "sig", alg: "RS256" };
  jwksServer = http.createServer((_req, res) => {
    fetches++;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, "127.0.0.1", r));
  const { port } = jwksServer.address() as AddressInfo;
  own = await startOwnServer("jwks", { PMM_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
});

afterAll(async () => {
  await own?.close();
  await new Promise((r) => jwksServer?.close(r));
});

describe("RS256 tokens from the identity provider's key set", () => {
  it("accepts a token signed with a key of the set, with the same claims as HS256 tokens", async () => {
    const res = await viewer(`Bearer ${rs256(provider.privateKey, "key-1", { role: "NCP", member: "KEN" })}`);
    expect(res).toEqual({ data: { viewer: { role: "NCP", member: { code: "KEN" } } } });
    // The key set is fetched once and kept.
    await viewer(`Bearer ${rs256(provider.privateKey, "key-1", { role: "BASIC" })}`);
    expect(fetches).toBe(1);
  });

  it.each([
    [
      "a token signed by another key under a known key id",
      () => rs256(impostor.privateKey, "key-1", { role: "SECRETARIAT" }),
      /signature or format/,
    ],
    [
      "a token naming a key the set does not hold",
      () => rs256(impostor.privateKey, "key-9", { role: "SECRETARIAT" }),
      /signing key is not in/,
    ],
    [
      "an RS256 token with bad claims",
      () => rs256(provider.privateKey, "key-1", { role: "NCP" }),
      /must name its Member/,
    ],
  ])("refuses %s with UNAUTHENTICATED", async (_name, make, message) => {
    const res = await viewer(`Bearer ${make()}`);
    expect(res.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(res.errors[0].message).toMatch(message);
    expect(res.data).toBeUndefined();
  });

  it("still accepts HS256 tokens signed with PMM_JWT_SECRET, and never checks one algorithm with the other's key", async () => {
    expect((await viewer(`Bearer ${token({ role: "SECRETARIAT" })}`)).data.viewer.role).toBe("SECRETARIAT");
    // An HS256 token "signed" with the provider's public key (the classic algorithm confusion) is refused.
    const pem = provider.publicKey.export({ format: "pem", type: "spki" }).toString();
    const forged = jwt.sign({ sub: "x", role: "SECRETARIAT" }, pem, { algorithm: "HS256", expiresIn: 60 });
    expect((await viewer(`Bearer ${forged}`)).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
