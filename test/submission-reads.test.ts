import { gql } from "./support/graphql";
import { inputsFor, ncp, openCycle, startAssessment, StartedAssessment } from "./support/collection";

/**
 * Issue 18.3: a submission reads each result it names once (locked) and answers from the rows it wrote. Its
 * statements: the assessment, its cycle, the KPIs named, which results of the assessment they are, the locked
 * results, then an update and a history entry per changed result (TypeORM's transaction statements besides).
 * Before, the results were read four more times (every result of the assessment twice, the named ones twice after
 * the writes).
 */
const CYCLE = "2223"; // this file's own cycle (no other file uses it)
const MEMBER = "ISL";
const RESULT = `kpi { code } version value valueOfRecord inputs { name value } notUsed notUsedReason disclosure disclosureChosen
  evidence target updatedBy updatedAt`;
const SUBMIT = `mutation($a: ID!, $r: [KpiResultInput!]!) { submitResults(assessment: $a, results: $r) {
  changed results { id ${RESULT} } } }`;

let started: StartedAssessment;
beforeAll(async () => {
  await openCycle(CYCLE);
  started = await startAssessment(MEMBER, CYCLE);
});

async function submitted(results: StartedAssessment["results"]) {
  const res = await gql(
    SUBMIT,
    {
      a: started.id,
      r: results.map((r) => ({ kpi: r.kpi.code, expectedVersion: r.version, inputs: inputsFor(r.kpi.unit).inputs })),
    },
    { token: ncp(MEMBER) },
  );
  expect(res.errors).toBeUndefined();
  return { payload: res.data.submitResults, statements: res.extensions!.sqlStatements as number };
}

describe("a submission reads each result once", () => {
  it("costs a fixed number of statements plus one update and one history entry per changed result", async () => {
    const one = await submitted(started.results.slice(0, 1));
    const five = await submitted(started.results.slice(1, 6));
    const again = await submitted(started.results.slice(1, 6).map((r) => ({ ...r, version: 2 })));
    console.log(
      `submitResults statements: 1 edit ${one.statements}, 5 edits ${five.statements}, 5 unchanged ${again.statements}`,
    );
    expect(one.payload.changed).toBe(1);
    expect(five.payload.changed).toBe(5);
    expect(again.payload.changed).toBe(0);
    expect(five.statements - one.statements).toBe(4 * 2);
    // Nothing changed: no write, and no statement more than the reads (11 when the results were read four more times).
    expect(again.statements).toBe(five.statements - 5 * 2);
    expect(again.statements).toBeLessThanOrEqual(8);
    // The answer is the rows as written (the new version, the value computed, who changed it and when, as stored)...
    expect(five.payload.results.map((r: Record<string, unknown>) => [r.kpi, r.version, r.value, r.updatedBy])).toEqual(
      started.results
        .slice(1, 6)
        .map((r) => [{ code: r.kpi.code }, 2, inputsFor(r.kpi.unit).value, `NCP:ncp-${MEMBER.toLowerCase()}`]),
    );
    // ...field for field what a later read of each answers.
    for (const r of five.payload.results) {
      const read = await gql(
        `query($id: ID!) { node(id: $id) { ... on KpiResult { id ${RESULT} } } }`,
        { id: r.id },
        {
          token: ncp(MEMBER),
        },
      );
      expect(read.data.node).toEqual(r);
    }
  });
});
