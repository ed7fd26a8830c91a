import { FEDERATION_SECRET_HEADER, subgraphSdlAccess } from "../../src/federation/service-access";
import { ENTITY_KEYS, MAX_REPRESENTATIONS, resolveEntities } from "../../src/federation/entities";
import type { Context } from "../../src/context";

describe("subgraphSdlAccess (who may read _service { sdl })", () => {
  const SECRET = "s".repeat(40);

  it("lets everyone read it outside production, as introspection", () => {
    expect(subgraphSdlAccess({ production: false })({})).toBe(true);
  });

  it("in production, only the caller presenting the secret", () => {
    const may = subgraphSdlAccess({ production: true, secret: SECRET });
    expect(may({ [FEDERATION_SECRET_HEADER]: SECRET })).toBe(true);
    for (const given of [undefined, "", "wrong", SECRET.slice(1), `${SECRET} `, [SECRET]]) {
      expect({ given, may: may({ [FEDERATION_SECRET_HEADER]: given as never }) }).toEqual({ given, may: false });
    }
  });

  it("in production with no secret configured, nobody", () => {
    expect(subgraphSdlAccess({ production: true })({ [FEDERATION_SECRET_HEADER]: "anything" })).toBe(false);
  });
});

describe("resolveEntities", () => {
  it("refuses more than MAX_REPRESENTATIONS before reading anything", () => {
    const reps = Array.from({ length: MAX_REPRESENTATIONS + 1 }, () => ({ __typename: "Member", code: "KEN" }));
    // No context: it must throw before touching one.
    expect(() =>
      resolveEntities(undefined, { representations: reps }, undefined as unknown as Context, {} as never),
    ).toThrow(/at most 1000 representations/);
  });

  it("keys the contract's ten entity types", () => {
    expect(ENTITY_KEYS).toEqual({
      Member: "code",
      Region: "code",
      Union: "code",
      Cycle: "code",
      SdgTarget: "code",
      Instrument: "code",
      KpiResult: "id",
      Dimension: "id",
      Outcome: "id",
      Kpi: "id",
    });
  });
});
