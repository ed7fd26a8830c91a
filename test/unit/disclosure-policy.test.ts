import "reflect-metadata";
import { DisclosureLevel } from "../../src/disclosure/disclosure-level";
import { DisclosureScope, maySee, scopeFor, visibleSql } from "../../src/disclosure/policy";
import { ReferenceDirectory } from "../../src/disclosure/reference-directory";
import { ANONYMOUS, Viewer, ViewerRole } from "../../src/disclosure/viewer";

/**
 * The disclosure policy on a directory of five Members: KEN (1) and UGA (2) in EAC, FRA (3) and DEU (4) in EU,
 * JPN (5) in no union. Expectations are written out from docs/disclosure.md.
 */
const { PUBLIC, WCO, UNION, COUNTRY } = DisclosureLevel;
const KEN = 1;
const UGA = 2;
const FRA = 3;
const DEU = 4;
const JPN = 5;

// The directory's constructor is private (it is loaded from the database); the test builds one in memory.
const Directory = ReferenceDirectory as unknown as new (...args: unknown[]) => ReferenceDirectory;
const codes: [string, number][] = [
  ["KEN", KEN],
  ["UGA", UGA],
  ["FRA", FRA],
  ["DEU", DEU],
  ["JPN", JPN],
];
const directory = new Directory(
  new Map(codes),
  new Map(codes.map(([c, id]) => [id, c])),
  new Map(),
  new Map([
    ["EAC", new Set([KEN, UGA])],
    ["EU", new Set([FRA, DEU])],
  ]),
  new Map([
    [KEN, ["EAC"]],
    [UGA, ["EAC"]],
    [FRA, ["EU"]],
    [DEU, ["EU"]],
  ]),
  new Map(),
);

const viewer = (v: Partial<Viewer>): Viewer => ({ ...ANONYMOUS, subject: "s", ...v });
const scopes = {
  anonymous: scopeFor(ANONYMOUS, directory),
  basic: scopeFor(viewer({ role: ViewerRole.BASIC }), directory),
  ncpKen: scopeFor(viewer({ role: ViewerRole.NCP, member: "KEN" }), directory),
  ncpJpn: scopeFor(viewer({ role: ViewerRole.NCP, member: "JPN" }), directory),
  reviewerFraJpn: scopeFor(viewer({ role: ViewerRole.PEER_REVIEWER, reviews: ["FRA", "JPN"] }), directory),
  officeEac: scopeFor(viewer({ role: ViewerRole.REGIONAL_OFFICE, unions: ["EAC"] }), directory),
  secretariat: scopeFor(viewer({ role: ViewerRole.SECRETARIAT }), directory),
  // A code the directory does not know grants nothing (a token for a Member not in the reference data).
  ncpUnknown: scopeFor(viewer({ role: ViewerRole.NCP, member: "XXX" }), directory),
};

/** Per level, the Members whose results the viewer may see, in Member order. */
function seen(scope: DisclosureScope) {
  const members = [KEN, UGA, FRA, DEU, JPN];
  return Object.fromEntries(
    [PUBLIC, WCO, UNION, COUNTRY].map((level) => [level, members.filter((m) => maySee(scope, m, level))]),
  );
}

const ALL = [KEN, UGA, FRA, DEU, JPN];

describe("maySee", () => {
  it.each([
    ["anonymous", { PUBLIC: ALL, WCO: [], UNION: [], COUNTRY: [] }],
    ["basic", { PUBLIC: ALL, WCO: ALL, UNION: [], COUNTRY: [] }],
    ["ncpKen", { PUBLIC: ALL, WCO: ALL, UNION: [KEN, UGA], COUNTRY: [KEN] }],
    ["ncpJpn", { PUBLIC: ALL, WCO: ALL, UNION: [JPN], COUNTRY: [JPN] }],
    ["reviewerFraJpn", { PUBLIC: ALL, WCO: ALL, UNION: [FRA, DEU, JPN], COUNTRY: [FRA, JPN] }],
    ["officeEac", { PUBLIC: ALL, WCO: ALL, UNION: [KEN, UGA], COUNTRY: [] }],
    ["secretariat", { PUBLIC: ALL, WCO: ALL, UNION: ALL, COUNTRY: ALL }],
    ["ncpUnknown", { PUBLIC: ALL, WCO: ALL, UNION: [], COUNTRY: [] }],
  ] as const)("%s sees %j", (name, expected) => {
    expect(seen(scopes[name])).toEqual(expected);
  });

  it("answers for the scope asked, when scopes alternate (its last-scope shortcut is not stale)", () => {
    expect([
      maySee(scopes.ncpKen, KEN, COUNTRY),
      maySee(scopes.ncpJpn, KEN, COUNTRY),
      maySee(scopes.ncpKen, KEN, COUNTRY),
      maySee(scopes.anonymous, KEN, WCO),
      maySee(scopes.basic, KEN, WCO),
    ]).toEqual([true, false, true, false, true]);
  });

  it("refuses a level it does not know", () => {
    expect(maySee(scopes.secretariat, KEN, "SECRET" as DisclosureLevel)).toBe(false);
  });
});

describe("visibleSql", () => {
  it("is 1=1 for the Secretariat, who sees every level of every Member", () => {
    expect(visibleSql(scopes.secretariat, "r")).toEqual({ sql: "1=1", params: {} });
  });

  it("is PUBLIC alone for an anonymous viewer", () => {
    expect(visibleSql(scopes.anonymous, "r")).toEqual({ sql: "(r.disclosure = 'PUBLIC')", params: {} });
  });

  it("adds WCO for any signed-in viewer, and nothing for an empty set of Members", () => {
    const expected = { sql: "(r.disclosure = 'PUBLIC' OR r.disclosure = 'WCO')", params: {} };
    expect(visibleSql(scopes.basic, "r")).toEqual(expected);
    expect(visibleSql(scopes.ncpUnknown, "r")).toEqual(expected);
  });

  it("binds the Member ids of UNION and COUNTRY as parameters, on the alias given", () => {
    expect(visibleSql(scopes.ncpKen, "kr")).toEqual({
      sql:
        "(kr.disclosure = 'PUBLIC' OR kr.disclosure = 'WCO'" +
        " OR (kr.disclosure = 'UNION' AND kr.memberId IN (:...visibleUNIONMembers))" +
        " OR (kr.disclosure = 'COUNTRY' AND kr.memberId IN (:...visibleCOUNTRYMembers)))",
      params: { visibleUNIONMembers: [KEN, UGA], visibleCOUNTRYMembers: [KEN] },
    });
  });

  it("leaves COUNTRY out for a regional office", () => {
    expect(visibleSql(scopes.officeEac, "r")).toEqual({
      sql:
        "(r.disclosure = 'PUBLIC' OR r.disclosure = 'WCO'" +
        " OR (r.disclosure = 'UNION' AND r.memberId IN (:...visibleUNIONMembers)))",
      params: { visibleUNIONMembers: [KEN, UGA] },
    });
  });

  it("covers a reviewer's Members and their union partners", () => {
    const { params } = visibleSql(scopes.reviewerFraJpn, "r");
    expect({
      UNION: [...(params.visibleUNIONMembers as number[])].sort(),
      COUNTRY: [...(params.visibleCOUNTRYMembers as number[])].sort(),
    }).toEqual({ UNION: [FRA, DEU, JPN], COUNTRY: [FRA, JPN] });
  });
});
