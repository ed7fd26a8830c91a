import {
  createSubmissionClient,
  PmmApiError,
  type AssessmentWithTemplate,
  type KpiResultInput,
} from "../../clients/submission";
import { submissionExample } from "../../clients/submission/example";
import { baseUrl } from "../support/graphql";
import { inputsFor, ncp, openCycle } from "../support/collection";
import { printed } from "./fixture";

/**
 * An NCP's submission tool on the generated client, in a cycle of this file's own, for Uruguay (no other
 * test's cycle uses it): start, read versions and the CSV template, submit some KPIs, upload the rest as
 * CSV, submit the assessment. Every refusal comes back as a PmmApiError with the API's code.
 */
const CYCLE = "2031";
const endpoint = () => `${baseUrl()}/graphql`;
const uruguay = () => createSubmissionClient({ endpoint: endpoint(), token: ncp("URY") });
let current: AssessmentWithTemplate;

async function refusal(p: Promise<unknown>): Promise<PmmApiError> {
  const err = await p.then(
    () => new Error("expected a refusal"),
    (e: unknown) => e,
  );
  if (!(err instanceof PmmApiError)) throw err;
  return err;
}

async function reload(): Promise<AssessmentWithTemplate> {
  const a = await uruguay().assessment({ member: "URY", cycle: CYCLE });
  if (!a) throw new Error("no assessment");
  current = a;
  return a;
}

beforeAll(() => openCycle(CYCLE));

describe("submission client", () => {
  it("starts an assessment for its own Member only", async () => {
    expect(
      (
        await refusal(
          createSubmissionClient({ endpoint: endpoint(), token: ncp("ARG") }).startAssessment({
            member: "URY",
            cycle: CYCLE,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const anon = await refusal(
      createSubmissionClient({ endpoint: endpoint() }).startAssessment({ member: "URY", cycle: CYCLE }),
    );
    expect(anon.code).toBe("UNAUTHENTICATED");
    expect((await refusal(uruguay().startAssessment({ member: "URY", cycle: "2039" }))).code).toBe("BAD_USER_INPUT");
    const started = await uruguay().startAssessment({ member: "URY", cycle: CYCLE });
    expect(started).toMatchObject({
      status: "IN_PROGRESS",
      defaultDisclosure: "COUNTRY",
      version: 1,
      member: { code: "URY" },
      cycle: { code: CYCLE, phase: "SELF_ASSESSMENT" },
      submittedAt: null,
    });
    expect(started.results).toHaveLength(51);
    expect(started.results.every((r) => r.version === 1 && r.value === null && !r.withheld)).toBe(true);
    const again = await refusal(uruguay().startAssessment({ member: "URY", cycle: CYCLE }));
    expect(again.code).toBe("CONFLICT");
  });

  it("reads the assessment with each result's version and the CSV template", async () => {
    const a = await reload();
    expect(a.csvTemplate.split("\n")[0]).toBe(
      "kpi,version,numerator,denominator,valueYearT,valueYearTMinus1,count,hours,days,yes,amount,notUsed,notUsedReason,disclosure,target",
    );
    expect(a.csvTemplate).toContain("TF.1.1,1,");
    expect(a.results.find((r) => r.kpi.code === "TF.1.1")!.kpi).toMatchObject({
      unit: "PERCENT",
      inputs: ["numerator", "denominator"],
    });
    expect(await uruguay().assessment({ member: "URY", cycle: "2023" })).toBeNull();
  });

  it("submits results: computed values, every problem at once, stale versions refused", async () => {
    const first = current.results.slice(0, 10);
    const edits: KpiResultInput[] = first.map((r, i) =>
      i === 0
        ? { kpi: r.kpi.code, expectedVersion: r.version, notUsed: true, notUsedReason: "Not collected" }
        : {
            kpi: r.kpi.code,
            expectedVersion: r.version,
            inputs: inputsFor(r.kpi.unit).inputs,
            disclosure: "PUBLIC",
            evidence: "From the annual report",
          },
    );
    const bad = await refusal(
      uruguay().submitResults({
        assessment: current.id,
        results: [
          { kpi: "TF.1.1", expectedVersion: 1, inputs: { numerator: 5, denominator: 0 } },
          { kpi: "XX.1", expectedVersion: 1 },
        ],
      }),
    );
    expect(bad.code).toBe("BAD_USER_INPUT");
    expect(bad.extensions.problems).toEqual([
      { where: "results[0]", kpi: "TF.1.1", field: "inputs.denominator", reason: "must be greater than zero" },
      { where: "results[1]", kpi: "XX.1", field: "kpi", reason: "is not a KPI of this assessment's framework" },
    ]);
    const payload = await uruguay().submitResults({ assessment: current.id, results: edits });
    expect(payload.changed).toBe(10);
    for (const [i, r] of payload.results.entries()) {
      if (i === 0) expect(r).toMatchObject({ notUsed: true, notUsedReason: "Not collected", value: null, version: 2 });
      else
        expect(r).toMatchObject({
          value: inputsFor(first[i]!.kpi.unit).value,
          disclosure: "PUBLIC",
          disclosureChosen: true,
          version: 2,
        });
    }
    const stale = await refusal(
      uruguay().submitResults({
        assessment: current.id,
        results: [{ kpi: first[1]!.kpi.code, expectedVersion: 1, inputs: inputsFor(first[1]!.kpi.unit).inputs }],
      }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect(stale.extensions).toMatchObject({ reason: "STALE_VERSION", currentVersion: 2 });
    const other = await refusal(
      createSubmissionClient({ endpoint: endpoint(), token: ncp("ARG") }).submitResults({
        assessment: current.id,
        results: edits,
      }),
    );
    expect(other.code).toBe("FORBIDDEN");
  });

  it("refuses to submit an incomplete assessment, naming what is missing", async () => {
    const a = await reload();
    const incomplete = await refusal(uruguay().submitAssessment({ assessment: a.id, expectedVersion: a.version }));
    expect(incomplete.code).toBe("BAD_USER_INPUT");
    expect(incomplete.extensions.reason).toBe("INCOMPLETE");
    expect(incomplete.extensions.kpis).toHaveLength(41);
  });

  it("uploads the rest as CSV filled in from the template, then submits", async () => {
    const a = await reload();
    const [header, ...rows] = a.csvTemplate.trim().split("\n");
    const columns = header!.split(",");
    const unitOf = new Map(a.results.map((r) => [r.kpi.code, r.kpi.unit]));
    // The KPIs not yet edited are still at version 1.
    const open = rows.filter((row) => row.split(",")[1] === "1");
    const filled = open.map((row) => {
      const cells = row.split(",");
      for (const [name, value] of Object.entries(inputsFor(unitOf.get(cells[0]!)!).inputs))
        cells[columns.indexOf(name)] = String(value);
      return cells.join(",");
    });
    const badCsv = [header, filled[0]!.replace(/^([^,]+),1,/, "$1,7,")].join("\n");
    const stale = await refusal(uruguay().uploadResultsCsv({ assessment: a.id, csv: badCsv }));
    expect(stale.code).toBe("CONFLICT");
    const uploaded = await uruguay().uploadResultsCsv({ assessment: a.id, csv: [header, ...filled].join("\n") });
    expect(uploaded.changed).toBe(41);
    expect(
      uploaded.results.every(
        (r) => r.value !== null && r.version === 2 && r.disclosure === "COUNTRY" && !r.disclosureChosen,
      ),
    ).toBe(true);

    const ready = await reload();
    expect(
      (await refusal(uruguay().submitAssessment({ assessment: ready.id, expectedVersion: ready.version - 1 }))).code,
    ).toBe("CONFLICT");
    const submitted = await uruguay().submitAssessment({ assessment: ready.id, expectedVersion: ready.version });
    expect(submitted).toMatchObject({ id: ready.id, status: "SUBMITTED", version: ready.version + 1 });
    expect(Date.now() - Date.parse(submitted.submittedAt!)).toBeLessThan(60_000);
    // Locked: the NCP can no longer edit it.
    const locked = await refusal(
      uruguay().submitResults({
        assessment: ready.id,
        results: [{ kpi: "TF.1.1", expectedVersion: 2, notUsed: false }],
      }),
    );
    expect(locked).toMatchObject({ code: "CONFLICT", extensions: { reason: "ASSESSMENT_SUBMITTED" } });
  });

  it("runs the README example", async () => {
    const out = printed();
    const opts = { endpoint: endpoint(), token: ncp("PRY") };
    await submissionExample(opts, "PRY", CYCLE, out.print);
    expect(out.lines).toEqual([
      `Paraguay, cycle ${CYCLE}: IN_PROGRESS, 51 KPIs`,
      "TF.1.1 declared not used (1 changed, now version 2)",
      "CSV template, to fill in and send with uploadResultsCsv:",
      "kpi,version,numerator,denominator,valueYearT,valueYearTMinus1,count,hours,days,yes,amount,notUsed,notUsedReason,disclosure,target",
      "TF.1.1,2,,,,,,,,,,true,Not collected this cycle,,",
      "TF.1.2,1,,,,,,,,,,,,,",
      "not submitted yet: 50 KPIs have neither a value nor a not-used reason",
    ]);
  });
});
