import { data, errorCodes, gql } from "./support/graphql";
import { insertFixture } from "./support/fixtures";
import { viewers } from "./support/tokens";
import { DisclosureLevel } from "../src/disclosure/disclosure-level";
import reference from "../src/db/seed/reference/members.json";

/** The results connection as a client uses it: pagination, filters, sorting, errors, caching. */
const CYCLE = "2092";
const MEMBERS = ["ARG", "BRA", "CHL", "COL", "ECU", "PER", "URY", "PRY"];

beforeAll(async () => {
  await insertFixture(
    CYCLE,
    MEMBERS.flatMap((member, i) => [
      { member, kpi: "TF.1.1", disclosure: DisclosureLevel.PUBLIC, value: 10 + i },
      { member, kpi: "TF.1.2", disclosure: i % 2 ? DisclosureLevel.COUNTRY : DisclosureLevel.PUBLIC, value: 50 + i },
    ]),
  );
});

const PAGE = `query($after: String, $first: Int) { results(filter: { cycles: ["${CYCLE}"] }, first: $first, after: $after, orderBy: [{ field: MEMBER }, { field: KPI }]) {
  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { member { code } kpi { code } } } } }`;

describe("results connection", () => {
  it("pages through every result exactly once with cursors", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const d: any = await data(PAGE, { after, first: 5 });
      expect(d.results.totalCount).toBe(16);
      seen.push(...d.results.edges.map((e: any) => `${e.node.member.code}/${e.node.kpi.code}`));
      expect(d.results.pageInfo.hasPreviousPage).toBe(pages > 0);
      pages++;
      if (!d.results.pageInfo.hasNextPage) break;
      after = d.results.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual([...MEMBERS].sort().flatMap((m) => [`${m}/TF.1.1`, `${m}/TF.1.2`]));
  });

  it("defaults to 50 per page and refuses more than 1,000 or a bad cursor with BAD_USER_INPUT", async () => {
    // 30 Members x 2 KPIs in a cycle of this test's own (2089: not between other files' fixture cycles, whose
    // scorecards look for the previous cycle): more than one default page.
    const thirty = reference.members.slice(0, 30).map((m) => m.code);
    await insertFixture(
      "2089",
      thirty.flatMap((member) =>
        ["TF.1.1", "TF.1.2"].map((kpi) => ({ member, kpi, disclosure: DisclosureLevel.PUBLIC, value: 1 })),
      ),
    );
    const d = await data(
      `{ results(filter: { cycles: ["2089"] }) { totalCount pageInfo { hasNextPage } edges { cursor } } }`,
    );
    expect(d.results.totalCount).toBe(60);
    expect(d.results.edges).toHaveLength(50);
    expect(d.results.pageInfo.hasNextPage).toBe(true);
    const tooMany = await gql(`{ results(first: 1001) { totalCount } }`);
    expect(errorCodes(tooMany)).toEqual(["BAD_USER_INPUT"]);
    expect(tooMany.errors![0].message).toContain("first must be between 0 and 1000");
    const negative = await gql(`{ results(first: -1) { totalCount } }`);
    expect(errorCodes(negative)).toEqual(["BAD_USER_INPUT"]);
    const cursor = await gql(`{ results(after: "garbage") { totalCount } }`);
    expect(errorCodes(cursor)).toEqual(["BAD_USER_INPUT"]);
  });

  it("names every unknown code in a filter", async () => {
    const res = await gql(
      `{ results(filter: { kpis: ["TF.1.1", "XX.9"], members: ["ARG", "ZZZ"], cycles: ["1999"], region: "MOON", union: "NOPE" }) { totalCount } }`,
    );
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    for (const s of ["KPI 'XX.9'", "Member 'ZZZ'", "cycle '1999'", "region 'MOON'", "union 'NOPE'"])
      expect(res.errors![0].message).toContain(s);
  });

  it("filters by region, union, Member, KPI and level, and sorts by cycle and Member descending", async () => {
    const d = await data(`{
      mercosur: results(filter: { cycles: ["${CYCLE}"], union: "MERCOSUR" }) { totalCount }
      ams: results(filter: { cycles: ["${CYCLE}"], region: "AMS", kpis: ["TF.1.2"], disclosure: [COUNTRY] }) { totalCount edges { node { member { code } withheld value } } }
      two: results(filter: { cycles: ["${CYCLE}"], members: ["ARG", "URY"] }, orderBy: [{ field: MEMBER, direction: DESC }]) { edges { node { member { code } } } }
    }`);
    expect(d.mercosur.totalCount).toBe(8);
    expect(d.ams.totalCount).toBe(4);
    expect(d.ams.edges.every((e: any) => e.node.withheld && e.node.value === null)).toBe(true);
    expect(d.two.edges.map((e: any) => e.node.member.code)).toEqual(["URY", "URY", "ARG", "ARG"]);
  });

  it("sorts by value over what the viewer sees: the public sees the COUNTRY values as absent", async () => {
    const q = `{ results(filter: { cycles: ["${CYCLE}"], kpis: ["TF.1.2"] }, orderBy: [{ field: VALUE, direction: DESC }]) { edges { node { member { code } value } } } }`;
    const pub = (await data(q)).results.edges.map((e: any) => e.node.value);
    expect(pub).toEqual([56, 54, 52, 50, null, null, null, null]);
    const all = (await data(q, {}, { token: viewers.secretariat })).results.edges.map((e: any) => e.node.value);
    expect(all).toEqual([57, 56, 55, 54, 53, 52, 51, 50]);
  });
});
