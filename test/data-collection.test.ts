import { baseUrl, data, errorCodes, gql } from "./support/graphql";
import { runTsCli, writeTempFile } from "./support/cli";
import {
  inputsFor,
  ncp,
  openCycle,
  secretariat,
  startAssessment,
  StartedAssessment,
  submit,
  SUBMIT,
} from "./support/collection";
import { token, viewers } from "./support/tokens";

/**
 * A whole cycle through the API alone: the Secretariat opens it, Kenya's NCP fills and submits its
 * self-assessment, asks for a peer review, a reviewer records findings, the NCP answers, the
 * Secretariat closes the review and the cycle. Every refusal is checked to change nothing.
 */
const CYCLE = "2027";
const ncpKen = ncp("KEN");
const ncpUga = ncp("UGA");
const reviewer = token({ role: "PEER_REVIEWER", sub: "reviewer-ken", reviews: [] });
const otherReviewer = token({ role: "PEER_REVIEWER", sub: "reviewer-other", reviews: [] });
let a: StartedAssessment;
const versionOf = async (kpi: string, as = secretariat) =>
  (
    await data(
      `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["${kpi}"]) { version value inputs { name value } } } }`,
      {},
      { token: as },
    )
  ).member.results[0];

describe("a whole PMM cycle, through the API alone", () => {
  it("lets only the Secretariat create and open a cycle, saying why it refuses", async () => {
    const asNcp = await gql(
      `mutation { createCycle(input: { code: "${CYCLE}", name: "Third cycle", opensOn: "${CYCLE}-12-01", referenceYear: 2026 }) { code } }`,
      {},
      { token: ncpKen },
    );
    expect(errorCodes(asNcp)).toEqual(["FORBIDDEN"]);
    const anon = await gql(`mutation { openSelfAssessment(cycle: "2025") { code } }`);
    expect(errorCodes(anon)).toEqual(["UNAUTHENTICATED"]);
    const bad = await gql(
      `mutation { createCycle(input: { code: "27", name: "", opensOn: "2027-12-01", referenceYear: 2030 }) { code } }`,
      {},
      { token: secretariat },
    );
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(bad.errors![0].message).toMatch(/code must be the four-digit year.*name must be 1 to 255 characters/s);
    // The one problem shape of every refused input (README, "Errors").
    expect(bad.errors![0].extensions!.problems).toEqual([
      { where: "input", kpi: null, field: "code", reason: "must be the four-digit year the cycle opens" },
      { where: "input", kpi: null, field: "name", reason: "must be 1 to 255 characters" },
      { where: "input", kpi: null, field: "referenceYear", reason: "must be before the year the cycle opens" },
    ]);
    await openCycle(CYCLE);
    const again = await gql(`mutation { openSelfAssessment(cycle: "${CYCLE}") { phase } }`, {}, { token: secretariat });
    expect(errorCodes(again)).toEqual(["CONFLICT"]);
    expect(again.errors![0].message).toBe(
      `Cannot open the self-assessment: cycle ${CYCLE} is in phase SELF_ASSESSMENT; this needs PLANNED`,
    );
    expect(again.errors![0].extensions).toMatchObject({
      reason: "WRONG_PHASE",
      phase: "SELF_ASSESSMENT",
      allowedPhases: ["PLANNED"],
    });
    const early = await gql(`mutation { openPeerReview(cycle: "${CYCLE}") { phase } }`, {}, { token: secretariat });
    expect(errorCodes(early)).toEqual(["CONFLICT"]);
    const dup = await gql(
      `mutation { createCycle(input: { code: "${CYCLE}", name: "Again", opensOn: "${CYCLE}-12-01", referenceYear: 2026 }) { code } }`,
      {},
      { token: secretariat },
    );
    expect(errorCodes(dup)).toEqual(["CONFLICT"]);
  });

  it("lets Kenya's NCP start Kenya's assessment, and nobody else's", async () => {
    const wrong = await gql(
      `mutation { startAssessment(member: "KEN", cycle: "${CYCLE}") { id } }`,
      {},
      { token: ncpUga },
    );
    expect(errorCodes(wrong)).toEqual(["FORBIDDEN"]);
    expect(
      (await gql(`mutation { startAssessment(member: "KEN", cycle: "${CYCLE}") { id } }`, {}, { token: viewers.basic }))
        .errors![0].extensions!.code,
    ).toBe("FORBIDDEN");
    const closed = await gql(
      `mutation { startAssessment(member: "KEN", cycle: "2023") { id } }`,
      {},
      { token: ncpKen },
    );
    expect(errorCodes(closed)).toEqual(["CONFLICT"]);
    a = await startAssessment("KEN", CYCLE);
    expect(a.results).toHaveLength(51);
    expect(a.results.every((r) => r.version === 1)).toBe(true);
    const twice = await gql(
      `mutation { startAssessment(member: "KEN", cycle: "${CYCLE}") { id } }`,
      {},
      { token: ncpKen },
    );
    expect(errorCodes(twice)).toEqual(["CONFLICT"]);
    const { cycle } = await data(`{ cycle(code: "${CYCLE}") { assessments { member { code } status } } }`);
    expect(cycle.assessments).toEqual([{ member: { code: "KEN" }, status: "IN_PROGRESS" }]);
  });

  it("refuses bad inputs all at once, naming each field and reason, and changes nothing", async () => {
    const r = (kpi: string, extra: object) => ({ kpi, expectedVersion: 1, ...extra });
    const res = await submit(
      a.id,
      [
        r("TF.1.1", { inputs: { numerator: 5, denominator: 0 } }),
        r("TF.1.2", { inputs: { numerator: 150, denominator: 100 } }),
        r("TF.2.1", { inputs: { valueYearT: 10, valueYearTMinus1: 0 } }),
        r("TF.2.3", { inputs: { count: -3 } }),
        r("TF.3.1", { inputs: { numerator: 1 } }),
        r("TF.4.1", { inputs: { count: 4 } }),
        r("TF.4.3", { inputs: { yes: 2 } }),
        r("TF.5.1", { notUsed: true }),
        r("TF.5.2", { notUsed: true, notUsedReason: "n/a", inputs: { numerator: 1, denominator: 2 } }),
        r("TF.6.1", { inputs: { numerator: 1, denominator: 2 }, target: 140 }),
        r("TF.6.1", { inputs: { numerator: 1, denominator: 2 } }),
        r("XX.1", { inputs: { count: 1 } }),
        r("TF.7.1", { inputs: { days: 3 }, evidence: "x".repeat(4001) }),
        { kpi: "TF.7.2", expectedVersion: 0, inputs: { numerator: 1, denominator: 2 } },
      ],
      ncpKen,
    );
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    const problems = res.errors![0].extensions!.problems.map((p: any) => `${p.where} ${p.kpi} ${p.field}: ${p.reason}`);
    expect(problems).toEqual([
      "results[0] TF.1.1 inputs.denominator: must be greater than zero",
      "results[1] TF.1.2 inputs.numerator: must not exceed the denominator (a share is within 0..100%)",
      "results[2] TF.2.1 inputs.valueYearTMinus1: must not be zero (the variation would be infinite)",
      "results[3] TF.2.3 inputs.count: must not be negative",
      "results[4] TF.3.1 inputs.denominator: is required",
      "results[5] TF.4.1 inputs.hours: is required",
      "results[5] TF.4.1 inputs.count: is not an input of unit HOURS (expected hours)",
      "results[6] TF.4.3 inputs.yes: must be 1 (yes) or 0 (no)",
      "results[7] TF.5.1 notUsedReason: is required when the KPI is marked not used",
      "results[8] TF.5.2 inputs: cannot be given for a KPI marked not used",
      "results[9] TF.6.1 target: must be within 0..100 for a percentage",
      "results[10] TF.6.1 kpi: is edited twice in one request (also at results[9])",
      "results[11] XX.1 kpi: is not a KPI of this assessment's framework",
      "results[12] TF.7.1 evidence: must be at most 4000 characters",
      "results[13] TF.7.2 expectedVersion: must be the result's current version (a positive whole number)",
    ]);
    // No submitted number is echoed back (disclosure rule 5).
    expect(res.errors![0].message).not.toMatch(/150|-3\b/);
    const after = await versionOf("TF.1.1");
    expect(after).toEqual({ version: 1, value: null, inputs: null });
  });

  it("computes values from declared inputs, keeps history, and refuses a stale version with CONFLICT", async () => {
    const payload = a.results.map((r, i) =>
      i === 1
        ? { kpi: r.kpi.code, expectedVersion: 1, notUsed: true, notUsedReason: "Not collected in 2026" }
        : {
            kpi: r.kpi.code,
            expectedVersion: 1,
            ...inputsFor(r.kpi.unit),
            value: undefined,
            target: r.kpi.unit === "PERCENT" ? 30 : undefined,
          },
    );
    const res = await submit(
      a.id,
      payload.map(({ value: _v, ...p }: any) => p),
      ncpKen,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.submitResults.changed).toBe(51);
    const byKpi = new Map(res.data.submitResults.results.map((r: any) => [r.kpi.code, r]));
    for (const r of a.results) {
      const got: any = byKpi.get(r.kpi.code);
      if (r.kpi.code === a.results[1].kpi.code) expect(got).toMatchObject({ notUsed: true, value: null, version: 2 });
      else expect(got).toMatchObject({ value: inputsFor(r.kpi.unit).value, version: 2, notUsed: false });
    }
    expect((byKpi.get("TF.1.1") as any).target).toBe(30);
    const stale = await submit(
      a.id,
      [{ kpi: "TF.1.1", expectedVersion: 1, inputs: { numerator: 1, denominator: 2 } }],
      ncpKen,
    );
    expect(errorCodes(stale)).toEqual(["CONFLICT"]);
    expect(stale.errors![0].extensions).toMatchObject({ reason: "STALE_VERSION", currentVersion: 2 });
    expect(await versionOf("TF.1.1")).toMatchObject({ version: 2, value: 25 });
    const h = await data(
      `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["TF.1.1"]) { history { version changedBy fields before after } } } }`,
      {},
      { token: ncpKen },
    );
    expect(h.member.results[0].history).toEqual([
      {
        version: 2,
        changedBy: "NCP:ncp-ken",
        fields: ["inputs", "value", "target"],
        before: JSON.stringify({ inputs: null, value: null, target: null }),
        after: JSON.stringify({ inputs: { numerator: 25, denominator: 100 }, value: 25, target: 30 }),
      },
    ]);
  });

  it("lets no one else write Kenya's results, and changes nothing when it refuses", async () => {
    for (const [who, tok, code] of [
      ["Uganda's NCP", ncpUga, "FORBIDDEN"],
      ["a basic user", viewers.basic, "FORBIDDEN"],
      ["a regional office", viewers.officeEac, "FORBIDDEN"],
      ["a peer reviewer", reviewer, "FORBIDDEN"],
      ["anonymous", undefined, "UNAUTHENTICATED"],
    ] as const) {
      const res = await submit(
        a.id,
        [{ kpi: "TF.1.1", expectedVersion: 2, inputs: { numerator: 1, denominator: 2 } }],
        tok as string,
      );
      expect({ who, codes: errorCodes(res) }).toEqual({ who, codes: [code] });
    }
    expect(await versionOf("TF.1.1")).toMatchObject({ version: 2, value: 25 });
  });

  it("applies the Member-wide default level to results that did not choose their own", async () => {
    await data(
      SUBMIT,
      { a: a.id, r: [{ kpi: "TF.1.2", expectedVersion: 2, disclosure: "PUBLIC" }] },
      { token: ncpKen },
    );
    const { assessment } = await data(
      `{ assessment(member: "KEN", cycle: "${CYCLE}") { id version defaultDisclosure } }`,
    );
    const stale = await gql(
      `mutation($a: ID!) { setDefaultDisclosure(assessment: $a, level: WCO, expectedVersion: 99) { version } }`,
      { a: a.id },
      { token: ncpKen },
    );
    expect(errorCodes(stale)).toEqual(["CONFLICT"]);
    const d = await data(
      `mutation($a: ID!, $v: Int!) { setDefaultDisclosure(assessment: $a, level: WCO, expectedVersion: $v) { version defaultDisclosure } }`,
      { a: a.id, v: assessment.version },
      { token: ncpKen },
    );
    expect(d.setDefaultDisclosure).toEqual({ version: assessment.version + 1, defaultDisclosure: "WCO" });
    const levels = await data(
      `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["TF.1.1", "TF.1.2"]) { kpi { code } disclosure disclosureChosen } } }`,
    );
    expect(levels.member.results).toEqual([
      { kpi: { code: "TF.1.1" }, disclosure: "WCO", disclosureChosen: false },
      { kpi: { code: "TF.1.2" }, disclosure: "PUBLIC", disclosureChosen: true },
    ]);
    // The public now sees TF.1.2 but not TF.1.1 (WCO).
    const pub = await data(
      `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["TF.1.1", "TF.1.2"]) { withheld } } }`,
    );
    expect(pub.member.results.map((r: any) => r.withheld)).toEqual([true, false]);
  });

  it("records capacity-building needs, protected by their level", async () => {
    const { assessment } = await data(`{ assessment(member: "KEN", cycle: "${CYCLE}") { version } }`);
    const set = await data(
      `mutation($a: ID!, $v: Int!) { setCapacityNeeds(assessment: $a, outcome: "TF.4", expectedVersion: $v, needs: [
        { category: TRAINING, priority: HIGH, description: "Time Release Study methodology", disclosure: COUNTRY },
        { category: IT_SYSTEMS, priority: MEDIUM, description: "Release time tracking in the clearance system", disclosure: PUBLIC }]) { category priority description disclosure } }`,
      { a: a.id, v: assessment.version },
      { token: ncpKen },
    );
    expect(set.setCapacityNeeds).toHaveLength(2);
    const q = `{ assessment(member: "KEN", cycle: "${CYCLE}") { capacityNeeds { outcome { code } disclosure withheld category priority description } } }`;
    expect((await data(q)).assessment.capacityNeeds).toEqual([
      {
        outcome: { code: "TF.4" },
        disclosure: "COUNTRY",
        withheld: true,
        category: null,
        priority: null,
        description: null,
      },
      {
        outcome: { code: "TF.4" },
        disclosure: "PUBLIC",
        withheld: false,
        category: "IT_SYSTEMS",
        priority: "MEDIUM",
        description: "Release time tracking in the clearance system",
      },
    ]);
    expect((await data(q, {}, { token: ncpKen })).assessment.capacityNeeds[0]).toMatchObject({
      withheld: false,
      category: "TRAINING",
    });
    const bad = await gql(
      `mutation($a: ID!) { setCapacityNeeds(assessment: $a, outcome: "TF.4", expectedVersion: 1, needs: [{ category: TRAINING, priority: HIGH, description: "" }]) { id } }`,
      { a: a.id },
      { token: ncpKen },
    );
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(bad.errors![0].extensions!.problems).toEqual([
      { where: "needs[0]", kpi: null, field: "description", reason: "must be 1 to 1000 characters" },
    ]);
  });

  it("takes a CSV of inputs: reports every bad row by line and changes nothing, then applies a good one", async () => {
    const { assessment } = await data(
      `{ assessment(member: "KEN", cycle: "${CYCLE}") { csvTemplate } }`,
      {},
      { token: ncpKen },
    );
    const template: string = assessment.csvTemplate;
    expect(template.split("\n")[0]).toBe(
      "kpi,version,numerator,denominator,valueYearT,valueYearTMinus1,count,hours,days,yes,amount,notUsed,notUsedReason,disclosure,target",
    );
    // Version 3: the default level change moved TF.1.1 (which follows the default) on by one.
    expect(template).toContain("TF.1.1,3,25,100,,,,,,,,,,,30\n");
    const v = async (k: string) => (await versionOf(k)).version;
    const bad = [
      "kpi,version,numerator,denominator,count",
      `TF.1.1,${await v("TF.1.1")},40,80,`,
      `TF.2.2,${await v("TF.2.2")},abc,80,`,
      `TF.2.3,${await v("TF.2.3")},,,-1`,
      `NOPE,1,1,2,`,
    ].join("\n");
    const res = await gql(
      `mutation($a: ID!, $csv: String!) { uploadResultsCsv(assessment: $a, csv: $csv) { changed } }`,
      { a: a.id, csv: bad },
      { token: ncpKen },
    );
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0].extensions!.problems.map((p: any) => `${p.where}: ${p.field} ${p.reason}`)).toEqual([
      "line 3: numerator must be a number",
    ]);
    const bad2 = bad.replace(",abc,", ",10,");
    const res2 = await gql(
      `mutation($a: ID!, $csv: String!) { uploadResultsCsv(assessment: $a, csv: $csv) { changed } }`,
      { a: a.id, csv: bad2 },
      { token: ncpKen },
    );
    expect(res2.errors![0].extensions!.problems.map((p: any) => `${p.where}: ${p.field} ${p.reason}`)).toEqual([
      "line 4: inputs.count must not be negative",
      "line 5: kpi is not a KPI of this assessment's framework",
    ]);
    expect(await versionOf("TF.1.1")).toMatchObject({ value: 25 });
    const header = await gql(
      `mutation($a: ID!) { uploadResultsCsv(assessment: $a, csv: "kpi,colour\\nTF.1.1,red") { changed } }`,
      { a: a.id },
      { token: ncpKen },
    );
    expect(header.errors![0].message).toMatch(/unknown column\(s\) colour[\s\S]*needs a 'version' column/);
    const good = [
      "kpi,version,numerator,denominator,count",
      `TF.1.1,${await v("TF.1.1")},40,80,`,
      `TF.2.3,${await v("TF.2.3")},,,9`,
    ].join("\n");
    const ok = await data(
      `mutation($a: ID!, $csv: String!) { uploadResultsCsv(assessment: $a, csv: $csv) { changed results { kpi { code } value } } }`,
      { a: a.id, csv: good },
      { token: ncpKen },
    );
    expect(ok.uploadResultsCsv).toEqual({
      changed: 2,
      results: [
        { kpi: { code: "TF.1.1" }, value: 50 },
        { kpi: { code: "TF.2.3" }, value: 9 },
      ],
    });
  });

  it("takes the same CSV from the command line (npm run results:upload)", async () => {
    const url = `${baseUrl()}/graphql`;
    const v = (await versionOf("TF.2.2")).version;
    const badFile = writeTempFile("bad.csv", `kpi,version,numerator,denominator\nTF.2.2,${v},90,60\nTF.2.2,${v},1,2\n`);
    const bad = runTsCli("clients/submission/upload-csv.cli.ts", [
      "--member",
      "KEN",
      "--cycle",
      CYCLE,
      "--url",
      url,
      "--token",
      ncpKen,
      badFile,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("line 2 (TF.2.2): inputs.numerator must not exceed the denominator");
    expect(bad.stderr).toContain("line 3 (TF.2.2): kpi is edited twice in one request (also at line 2)");
    const goodFile = writeTempFile("good.csv", `kpi,version,numerator,denominator\nTF.2.2,${v},30,60\n`);
    const good = runTsCli("clients/submission/upload-csv.cli.ts", [
      "--member",
      "KEN",
      "--cycle",
      CYCLE,
      "--url",
      url,
      "--token",
      ncpKen,
      goodFile,
    ]);
    expect(good.stderr).toBe("");
    expect(good.stdout).toContain("1 row(s) accepted, 1 result(s) changed");
    expect((await versionOf("TF.2.2")).value).toBe(50);
  });

  it("submits only a complete assessment, then locks it against NCP edits", async () => {
    const second = await startAssessment("UGA", CYCLE, ncpUga);
    const incomplete = await gql(
      `mutation($a: ID!) { submitAssessment(assessment: $a, expectedVersion: 1) { status } }`,
      { a: second.id },
      { token: ncpUga },
    );
    expect(errorCodes(incomplete)).toEqual(["BAD_USER_INPUT"]);
    expect(incomplete.errors![0].message).toMatch(/51 KPI\(s\) have neither a value nor a not-used reason: ES\.1\.1, /);
    const { assessment } = await data(`{ assessment(member: "KEN", cycle: "${CYCLE}") { version } }`);
    const done = await data(
      `mutation($a: ID!, $v: Int!) { submitAssessment(assessment: $a, expectedVersion: $v) { status submittedAt } }`,
      { a: a.id, v: assessment.version },
      { token: ncpKen },
    );
    expect(done.submitAssessment.status).toBe("SUBMITTED");
    const locked = await submit(
      a.id,
      [
        {
          kpi: "TF.1.1",
          expectedVersion: (await versionOf("TF.1.1")).version,
          inputs: { numerator: 1, denominator: 2 },
        },
      ],
      ncpKen,
    );
    expect(errorCodes(locked)).toEqual(["CONFLICT"]);
    expect(locked.errors![0].extensions!.reason).toBe("ASSESSMENT_SUBMITTED");
  });

  it("runs a peer review: request, assignment, findings, answers, closing with validated values", async () => {
    const early = await gql(
      `mutation($a: ID!) { requestPeerReview(assessment: $a) { id } }`,
      { a: a.id },
      { token: ncpUga },
    );
    expect(errorCodes(early)).toEqual(["FORBIDDEN"]);
    const { requestPeerReview: review } = await data(
      `mutation($a: ID!) { requestPeerReview(assessment: $a) { id status } }`,
      { a: a.id },
      { token: ncpKen },
    );
    expect(review.status).toBe("REQUESTED");
    const byNcp = await gql(
      `mutation($r: ID!) { assignPeerReviewers(review: $r, reviewers: ["reviewer-ken"]) { id } }`,
      { r: review.id },
      { token: ncpKen },
    );
    expect(errorCodes(byNcp)).toEqual(["FORBIDDEN"]);
    // Before assignment the reviewer sees no COUNTRY-level result of Kenya.
    const countryKpi = "TF.2.1";
    const q = `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["${countryKpi}"]) { id disclosure withheld value } } }`;
    const hidden = (await data(q, {}, { token: reviewer })).member.results[0];
    expect(hidden).toMatchObject({ withheld: false, disclosure: "WCO" });
    await data(
      `mutation($a: ID!, $r: [KpiResultInput!]!) { submitResults(assessment: $a, results: $r) { changed } }`,
      {
        a: a.id,
        r: [{ kpi: countryKpi, expectedVersion: (await versionOf(countryKpi)).version, disclosure: "COUNTRY" }],
      },
      { token: secretariat },
    );
    expect((await data(q, {}, { token: reviewer })).member.results[0]).toMatchObject({ withheld: true, value: null });
    await data(
      `mutation($r: ID!) { assignPeerReviewers(review: $r, reviewers: ["reviewer-ken"]) { status reviewers } }`,
      { r: review.id },
      { token: secretariat },
    );
    // Who reviews Kenya is for the Secretariat, Kenya's NCPs and its reviewers; others see the review, not its reviewers.
    const rq = `{ assessment(member: "KEN", cycle: "${CYCLE}") { peerReview { status reviewers } } }`;
    expect((await data(rq, {}, { token: ncpKen })).assessment.peerReview).toEqual({
      status: "IN_PROGRESS",
      reviewers: ["reviewer-ken"],
    });
    expect((await data(rq, {}, { token: reviewer })).assessment.peerReview.reviewers).toEqual(["reviewer-ken"]);
    for (const tok of [undefined, ncpUga, viewers.basic, otherReviewer]) {
      const res = await gql(rq, {}, { token: tok });
      expect(res.errors).toBeUndefined();
      expect(res.data.assessment.peerReview).toEqual({ status: "IN_PROGRESS", reviewers: null });
    }
    const seen = (await data(q, {}, { token: reviewer })).member.results[0];
    expect(seen).toMatchObject({ withheld: false, value: 20 });

    const finding = `mutation($r: ID!, $s: FindingStatus!, $p: Float, $c: String, $v: Int) { recordFinding(result: $r, status: $s, proposedValue: $p, comment: $c, expectedVersion: $v) { id status proposedValue comment version reviewer } }`;
    const wrongPhase = await gql(finding, { r: seen.id, s: "ACCEPTED" }, { token: reviewer });
    expect(errorCodes(wrongPhase)).toEqual(["CONFLICT"]);
    await data(`mutation { closeSelfAssessment(cycle: "${CYCLE}") { phase } }`, {}, { token: secretariat });
    await data(`mutation { openPeerReview(cycle: "${CYCLE}") { phase } }`, {}, { token: secretariat });
    const notAssigned = await gql(finding, { r: seen.id, s: "ACCEPTED" }, { token: otherReviewer });
    expect(errorCodes(notAssigned)).toEqual(["FORBIDDEN"]);
    const noValue = await gql(finding, { r: seen.id, s: "ADJUSTED" }, { token: reviewer });
    expect(errorCodes(noValue)).toEqual(["BAD_USER_INPUT"]);
    expect(noValue.errors![0].extensions!.problems).toEqual([
      { where: "input", kpi: null, field: "proposedValue", reason: "is required for an ADJUSTED finding" },
    ]);
    const adjusted = (
      await data(
        finding,
        // Stored to 6 decimals like a submitted value (docs/methods.md): 18.5000004 is kept as 18.5.
        { r: seen.id, s: "ADJUSTED", p: 18.5000004, c: "T-1 count revised by the statistics unit" },
        { token: reviewer },
      )
    ).recordFinding;
    // The payload names its author to the reviewer who wrote it (it may see Kenya's COUNTRY level).
    expect(adjusted).toMatchObject({
      status: "ADJUSTED",
      proposedValue: 18.5,
      version: 1,
      reviewer: "PEER_REVIEWER:reviewer-ken",
    });
    const tf11 = (await data(`{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["TF.1.1"]) { id } } }`))
      .member.results[0];
    const queried = (
      await data(
        finding,
        { r: tf11.id, s: "QUERIED", c: "Which declarations count as electronic?" },
        { token: reviewer },
      )
    ).recordFinding;
    const answer = `mutation($f: ID!, $v: Int!) { respondToFinding(finding: $f, response: "All declarations lodged through the single window", expectedVersion: $v) { response version reviewer } }`;
    expect(errorCodes(await gql(answer, { f: queried.id, v: 1 }, { token: ncpUga }))).toEqual(["FORBIDDEN"]);
    expect((await data(answer, { f: queried.id, v: 1 }, { token: ncpKen })).respondToFinding).toEqual({
      response: "All declarations lodged through the single window",
      version: 2,
      reviewer: "PEER_REVIEWER:reviewer-ken",
    });
    expect(errorCodes(await gql(answer, { f: queried.id, v: 1 }, { token: ncpKen }))).toEqual(["CONFLICT"]);

    const closeCycleEarly = await gql(
      `mutation { closeCycle(cycle: "${CYCLE}") { phase } }`,
      {},
      { token: secretariat },
    );
    expect(closeCycleEarly.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "REVIEWS_OPEN" });
    const closed = await data(
      `mutation($r: ID!) { closePeerReview(review: $r) { status closedAt } }`,
      { r: review.id },
      { token: secretariat },
    );
    expect(closed.closePeerReview.status).toBe("CLOSED");
    const values = await data(
      `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["${countryKpi}", "TF.1.1"]) { kpi { code } value validatedValue findings { status comment response } } } }`,
      {},
      { token: ncpKen },
    );
    expect(values.member.results).toEqual([
      {
        kpi: { code: "TF.1.1" },
        value: 50,
        validatedValue: 50,
        findings: [
          {
            status: "QUERIED",
            comment: "Which declarations count as electronic?",
            response: "All declarations lodged through the single window",
          },
        ],
      },
      {
        kpi: { code: countryKpi },
        value: 20,
        validatedValue: 18.5,
        findings: [{ status: "ADJUSTED", comment: "T-1 count revised by the statistics unit", response: null }],
      },
    ]);
    // The public sees neither the finding nor the validated value of a COUNTRY-level result.
    const pub = await data(
      `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["${countryKpi}"]) { validatedValue findings { comment } history { version } } } }`,
    );
    expect(pub.member.results).toEqual([{ validatedValue: null, findings: null, history: null }]);
    const done = await data(`mutation { closeCycle(cycle: "${CYCLE}") { phase } }`, {}, { token: secretariat });
    expect(done.closeCycle.phase).toBe("CLOSED");
    const after = await submit(
      a.id,
      [{ kpi: "TF.1.1", expectedVersion: 1, inputs: { numerator: 1, denominator: 2 } }],
      secretariat,
    );
    expect(after.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "WRONG_PHASE" });
    // Closing froze disclosure levels and not-used flags (report releases are computed from them, issue 23).
    const frozen = await submit(
      a.id,
      [
        { kpi: "TF.1.1", expectedVersion: 1, disclosure: "PUBLIC" },
        { kpi: "TF.1.2", expectedVersion: 1, notUsed: true, notUsedReason: "Not collected" },
      ],
      secretariat,
    );
    expect(frozen.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "WRONG_PHASE" });
    const level = await gql(
      `mutation($a: ID!) { setDefaultDisclosure(assessment: $a, level: PUBLIC, expectedVersion: 1) { version } }`,
      { a: a.id },
      { token: secretariat },
    );
    expect(level.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "WRONG_PHASE" });
  });
});
