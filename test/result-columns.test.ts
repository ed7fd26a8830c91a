import { data } from "./support/graphql";
import { insertFixture } from "./support/fixtures";
import { secretariat } from "./support/collection";
import { DisclosureLevel } from "../src/disclosure/disclosure-level";

/**
 * Issue 18.2: lists of results read slim rows (src/assessment/result-columns.ts) and every field of a listed
 * result must answer what the same result answers when read by id. Every field of KpiResult in the schema
 * (a new one included, with no change here) is asked alone, through a KPI's and a Member's results and through
 * node(id), by a viewer who may see everything, on results whose every stored column holds something.
 */
const CYCLE = "2222"; // this file's own cycle (no other file uses it)

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface FieldInfo {
  name: string;
  args: { name: string }[];
  type: TypeRef;
}
const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const TYPE = `fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

/** A selection of the field: its leaves, or the leaves of the object it returns (one level down). */
async function selectionOf(field: FieldInfo): Promise<string> {
  const t = named(field.type);
  if (t.kind !== "OBJECT" && t.kind !== "INTERFACE") return field.name;
  const d = await data(`query($n: String!) { __type(name: $n) { ${TYPE} } }`, { n: t.name });
  const leaves = (d.__type.fields as FieldInfo[])
    .filter((f) => !f.args.length && !["OBJECT", "INTERFACE", "UNION"].includes(named(f.type).kind))
    .map((f) => f.name);
  return `${field.name} { ${leaves.join(" ")} }`;
}

beforeAll(async () => {
  await insertFixture(CYCLE, [
    {
      member: "NOR",
      kpi: "TF.1.1",
      disclosure: DisclosureLevel.COUNTRY,
      value: 42.5,
      inputs: { numerator: 425, denominator: 1000 },
      evidence: "customs records 2196",
      history: true,
      target: 50,
      validatedValue: 41,
    },
    { member: "NOR", kpi: "TF.1.2", disclosure: DisclosureLevel.UNION, value: null, notUsed: true },
    {
      member: "SWE",
      kpi: "TF.1.1",
      disclosure: DisclosureLevel.PUBLIC,
      value: 12,
      inputs: { numerator: 12, denominator: 100 },
    },
  ]);
});

describe("a listed result answers every field as the same result read by id", () => {
  it("through a KPI's results, a Member's results and node(id)", async () => {
    const d = await data(`{ __type(name: "KpiResult") { ${TYPE} } }`);
    const fields = (d.__type.fields as FieldInfo[]).filter((f) => !f.args.length);
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(["value", "evidence", "inputs", "updatedBy"]));
    const opts = { token: secretariat };
    const compared: string[] = [];
    for (const field of fields) {
      const selection = await selectionOf(field);
      const byKpi = await data(
        `query($c: [ID!]) { a: kpi(code: "TF.1.1") { results(cycles: $c) { id ${selection} } }
                            b: kpi(code: "TF.1.2") { results(cycles: $c) { id ${selection} } } }`,
        { c: [CYCLE] },
        opts,
      );
      const byMember = await data(
        `query($c: [ID!]) { member(code: "NOR") { results(cycles: $c) { id ${selection} } } }`,
        { c: [CYCLE] },
        opts,
      );
      const listed = [...byKpi.a.results, ...byKpi.b.results, ...byMember.member.results];
      expect(listed).toHaveLength(5);
      for (const row of listed) {
        const one = await data(
          `query($id: ID!) { node(id: $id) { ... on KpiResult { ${selection} } } }`,
          { id: row.id },
          opts,
        );
        expect({ field: field.name, row: row.id, value: row[field.name] }).toEqual({
          field: field.name,
          row: row.id,
          value: one.node[field.name],
        });
      }
      compared.push(field.name);
    }
    // Every detail column holds something on the first result, so a field answering null from a slim row shows.
    const full = await data(
      `{ kpi(code: "TF.1.1") { results(members: ["NOR"], cycles: ["${CYCLE}"]) { evidence target validatedValue updatedBy notUsed inputs { name } history { version } } } }`,
      {},
      opts,
    );
    expect(full.kpi.results[0]).toEqual({
      evidence: "customs records 2196",
      target: 50,
      validatedValue: 41,
      updatedBy: "ncp-nor",
      notUsed: false,
      inputs: [{ name: "numerator" }, { name: "denominator" }],
      history: [{ version: 2 }],
    });
    expect(compared.length).toBe(fields.length);
  });
});
