import { data, gql } from "./support/graphql";
import { ncp, openCycle, secretariat, startAssessment, SUBMIT } from "./support/collection";

/**
 * Two editors (France's NCP and the Secretariat) hammer one result in parallel. Every edit names the
 * version it read; exactly the accepted edits must be in history, none lost, the rest refused with CONFLICT.
 */
const CYCLE = "2029";
const ROUNDS = 12;
const PER_ROUND = 8;

it("loses no update under concurrent edits of one result", async () => {
  await openCycle(CYCLE);
  const a = await startAssessment("FRA", CYCLE);
  const editors = [ncp("FRA"), secretariat];
  const read = async () =>
    (
      await data(
        `{ member(code: "FRA") { results(cycles: ["${CYCLE}"], kpis: ["TF.1.1"]) { version value } } }`,
        {},
        { token: secretariat },
      )
    ).member.results[0];
  let tried = 0;
  let conflicts = 0;
  const accepted: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { version } = await read();
    const edits = Array.from({ length: PER_ROUND }, (_, i) => {
      const numerator = round * PER_ROUND + i + 1; // unique per edit, so history shows whose edit won
      tried++;
      return gql(
        SUBMIT,
        { a: a.id, r: [{ kpi: "TF.1.1", expectedVersion: version, inputs: { numerator, denominator: 1000 } }] },
        { token: editors[i % 2] },
      ).then((res) => {
        if (res.errors) {
          expect(res.errors[0].extensions).toMatchObject({ code: "CONFLICT", reason: "STALE_VERSION" });
          // The error names the version that won, so the client can reload and retry.
          expect(res.errors[0].extensions!.currentVersion).toBeGreaterThan(version);
          conflicts++;
        } else accepted.push(numerator);
      });
    });
    await Promise.all(edits);
  }
  const { member } = await data(
    `{ member(code: "FRA") { results(cycles: ["${CYCLE}"], kpis: ["TF.1.1"]) { version value history { version after } } } }`,
    {},
    { token: secretariat },
  );
  const result = member.results[0];
  const inHistory = result.history.map((h: any) => JSON.parse(h.after).inputs.numerator);
  const lost = accepted.filter((n) => !inHistory.includes(n)).length;
  console.log(`concurrency: ${tried} edits tried, ${accepted.length} accepted, ${conflicts} conflicts, ${lost} lost`);
  expect(accepted.length + conflicts).toBe(tried);
  expect(accepted.length).toBe(ROUNDS); // one winner per version
  expect(lost).toBe(0);
  expect(inHistory.sort((x: number, y: number) => x - y)).toEqual([...accepted].sort((x, y) => x - y));
  expect(result.history.map((h: any) => h.version)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 2));
  expect(result.version).toBe(1 + ROUNDS);
  expect(result.value).toBe(JSON.parse(result.history[result.history.length - 1].after).value);
});
