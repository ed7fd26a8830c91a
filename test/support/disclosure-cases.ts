import type { FixtureResult } from "./fixtures";
import type { ViewerName } from "./tokens";
import { DisclosureLevel } from "../../src/disclosure/disclosure-level";

/**
 * The case table of the disclosure matrix of docs/disclosure.md: every viewer kind x every level, asked along every
 * path by test/disclosure-matrix.test.ts (directly) and test/gateway-disclosure.test.ts (through the gateway), each
 * in a cycle of its own. Expectations are written out by hand from the document, not computed by the policy module
 * under test.
 */
// One result per Member and KPI in a cycle: the level is carried by the KPI (PUBLIC on TF.1.1, ... COUNTRY on TF.4.2).
export const KPIS = ["TF.1.1", "TF.1.2", "TF.2.2", "TF.4.2"];
export const MEMBERS = ["KEN", "UGA", "FRA", "DEU", "BRA", "JPN"]; // KEN, UGA: EAC; FRA, DEU: EU; BRA: MERCOSUR; JPN: no union
export const LEVELS: DisclosureLevel[] = [
  DisclosureLevel.PUBLIC,
  DisclosureLevel.WCO,
  DisclosureLevel.UNION,
  DisclosureLevel.COUNTRY,
];

export const SEES: Record<ViewerName, Record<DisclosureLevel, string[] | "all" | "none">> = {
  anonymous: { PUBLIC: "all", WCO: "none", UNION: "none", COUNTRY: "none" },
  basic: { PUBLIC: "all", WCO: "all", UNION: "none", COUNTRY: "none" },
  ncpKen: { PUBLIC: "all", WCO: "all", UNION: ["KEN", "UGA"], COUNTRY: ["KEN"] },
  ncpJpn: { PUBLIC: "all", WCO: "all", UNION: ["JPN"], COUNTRY: ["JPN"] },
  reviewerFra: { PUBLIC: "all", WCO: "all", UNION: ["FRA", "DEU"], COUNTRY: ["FRA"] },
  officeEac: { PUBLIC: "all", WCO: "all", UNION: ["KEN", "UGA"], COUNTRY: "none" },
  secretariat: { PUBLIC: "all", WCO: "all", UNION: "all", COUNTRY: "all" },
};
// How many of the 24 results each viewer sees, counted by hand from SEES: the loops below check rows one by one,
// and these sizes keep a loop over an empty list from passing.
export const VISIBLE: Record<ViewerName, number> = {
  anonymous: 6,
  basic: 12,
  ncpKen: 15,
  ncpJpn: 14,
  reviewerFra: 15,
  officeEac: 14,
  secretariat: 24,
};
export const expectVisible = (viewer: ViewerName, member: string, level: DisclosureLevel) => {
  const s = SEES[viewer][level];
  return s === "all" || (s !== "none" && s.includes(member));
};

// A distinct value per result, so any leak is recognisable: 100 * member index + 10 * level index + 1.
export const valueOf = (member: string, level: DisclosureLevel) =>
  100 * MEMBERS.indexOf(member) + 10 * LEVELS.indexOf(level) + 1;
export const kpiOf = (level: DisclosureLevel) => KPIS[LEVELS.indexOf(level)];
export const FIXTURE: FixtureResult[] = MEMBERS.flatMap((member) =>
  LEVELS.map((disclosure) => ({
    member,
    kpi: kpiOf(disclosure),
    disclosure,
    value: valueOf(member, disclosure),
    // As after a closed peer review that adjusted every value by 0.5: the value of record differs from the value.
    validatedValue: valueOf(member, disclosure) + 0.5,
    inputs: { numerator: valueOf(member, disclosure), denominator: 1000 },
    evidence: `evidence ${member} ${disclosure}`,
    history: true,
  })),
);
// A not-used result, outside the four KPIs above.
FIXTURE.push({ member: "KEN", kpi: "TF.5.1", disclosure: DisclosureLevel.COUNTRY, value: null, notUsed: true });

export const PROTECTED =
  "value validatedValue valueOfRecord score inputs { name value } evidence notUsed notUsedReason updatedBy history { version fields }";
export const RESULT = `id member { code } kpi { code } disclosure withheld version ${PROTECTED}`;

export type Row = Record<string, any>;
export const key = (r: Row) => `${r.member.code}/${r.disclosure}`;

let cases = 0;
/** How many viewer x result x path cases checkRow (and countCase) have checked in this test file. */
export const casesChecked = () => cases;
export const countCase = () => {
  cases++;
};

/** What one viewer sees of one result along one path, against the table. */
export function checkRow(viewer: ViewerName, r: Row, path: string) {
  const visible = expectVisible(viewer, r.member.code, r.disclosure);
  cases++;
  const where = `${viewer} ${path} ${key(r)}`;
  expect({ where, withheld: r.withheld }).toEqual({ where, withheld: !visible });
  if (visible) {
    expect({
      where,
      value: r.value,
      valueOfRecord: r.valueOfRecord,
      evidence: r.evidence,
      history: r.history?.length,
    }).toEqual({
      where,
      value: valueOf(r.member.code, r.disclosure),
      valueOfRecord: valueOf(r.member.code, r.disclosure) + 0.5,
      evidence: `evidence ${r.member.code} ${r.disclosure}`,
      history: 1,
    });
  } else {
    for (const f of [
      "value",
      "validatedValue",
      "valueOfRecord",
      "score",
      "inputs",
      "evidence",
      "notUsed",
      "notUsedReason",
      "updatedBy",
      "history",
    ]) {
      expect({ where, field: f, value: r[f] }).toEqual({ where, field: f, value: null });
    }
  }
}

/**
 * Rows of one answer: each checked against the table, and both kinds of answer present (a case that shows no
 * visible or, for anyone but the Secretariat, no withheld value proves nothing about the rules).
 */
export function checkRows(viewer: ViewerName, rows: Row[], path: string) {
  for (const r of rows) checkRow(viewer, r, path);
  const visible = rows.filter((r) => !r.withheld);
  const withheld = rows.filter((r) => r.withheld);
  expect(visible.length).toBeGreaterThan(0);
  expect(visible.every((r) => typeof r.value === "number")).toBe(true);
  if (viewer === "secretariat") expect(withheld).toHaveLength(0);
  else {
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.every((r) => r.value === null && r.evidence === null)).toBe(true);
  }
}
