import { gql } from "./support/graphql";
import { insertFixture } from "./support/fixtures";
import { DisclosureLevel } from "../src/disclosure/disclosure-level";

/**
 * Issue 18.2: "the results of a KPI for this request" have one owner (src/assessment/result-reads.ts) that result
 * lists and aggregates both call. Whatever order a query names them in, the answers are the same, and aggregates
 * over the same KPI and cycle share one read of it.
 */
const CYCLE = "2221"; // this file's own cycle (no other file uses it)
const MEMBERS = ["DNK", "FIN", "NOR", "SWE", "ISL"];

beforeAll(async () => {
  await insertFixture(
    CYCLE,
    MEMBERS.map((member, i) => ({
      member,
      kpi: "TF.1.1",
      disclosure: i % 2 ? DisclosureLevel.COUNTRY : DisclosureLevel.PUBLIC,
      value: 10 * (i + 1),
    })),
  );
});

const STATS = `resultStatistics(kpi: "TF.1.1", cycle: "${CYCLE}") { results included withheld mean median }`;
const RANK = `memberRank(member: "NOR", kpi: "TF.1.1", cycle: "${CYCLE}") { rank of withheld }`;
const LIST = `kpi(code: "TF.1.1") { results(cycles: ["${CYCLE}"]) { member { code } value withheld } }`;

async function ask(fields: string[]) {
  const res = await gql(`{ ${fields.join(" ")} }`);
  expect(res.errors).toBeUndefined();
  return { data: res.data, statements: res.extensions!.sqlStatements as number };
}

describe("one owner of a KPI's results in a request", () => {
  it("answers the same whether the list or the aggregate comes first", async () => {
    const listFirst = await ask([LIST, STATS, RANK]);
    const aggregatesFirst = await ask([STATS, RANK, LIST]);
    expect(aggregatesFirst.data).toEqual(listFirst.data);
    expect(listFirst.data.resultStatistics).toEqual([{ results: 5, included: 3, withheld: 2, mean: 30, median: 30 }]);
    expect(listFirst.data.memberRank).toEqual({ rank: 2, of: 3, withheld: 2 });
  });

  it("reads a KPI's results in a cycle once for several aggregates", async () => {
    const stats = await ask([STATS]);
    const both = await ask([STATS, RANK]);
    expect(both.statements).toBe(stats.statements);
  });
});

describe("an aggregate beside an unnarrowed list of the same KPI", () => {
  // The list reads the KPI's results of every cycle; an aggregate of one cycle served from those rows must still
  // count that cycle's alone, whichever field comes first.
  const A = "2224";
  const B = "2225";
  beforeAll(async () => {
    for (const [cycle, base] of [
      [A, 10],
      [B, 1000],
    ] as const)
      await insertFixture(
        cycle,
        ["DNK", "FIN", "NOR"].map((member, i) => ({
          member,
          kpi: "TF.1.2",
          disclosure: DisclosureLevel.PUBLIC,
          value: base * (i + 1),
        })),
      );
  });
  const STATS_A = `resultStatistics(kpi: "TF.1.2", cycle: "${A}") { results included mean }`;
  const ALL = `kpi(code: "TF.1.2") { results { value } }`;

  it("counts the aggregate's cycle alone, whichever comes first", async () => {
    const statsFirst = await ask([STATS_A, ALL]);
    const listFirst = await ask([ALL, STATS_A]);
    expect(statsFirst.data.resultStatistics).toEqual([{ results: 3, included: 3, mean: 20 }]);
    expect(listFirst.data.resultStatistics).toEqual(statsFirst.data.resultStatistics);
  });
});
