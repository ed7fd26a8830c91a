import { errorCodes, gql, GraphQLResponse } from "./support/graphql";
import { insertFixture, withDatabase } from "./support/fixtures";
import { token, viewers } from "./support/tokens";
import { toGlobalId } from "../src/common/global-id";
import { buildBareSchema } from "../src/schema/build-schema";
import { DisclosureLevel as L } from "../src/disclosure/disclosure-level";
import { Assessment, AssessmentStatus } from "../src/assessment/assessment.entity";
import { KpiResult } from "../src/assessment/kpi-result.entity";
import { Cycle, CyclePhase } from "../src/assessment/cycle.entity";
import { Kpi } from "../src/framework/kpi.entity";
import { Member } from "../src/members/member.entity";
import {
  FindingStatus,
  PeerReview,
  PeerReviewAssignment,
  PeerReviewStatus,
  ReviewFinding,
} from "../src/review/peer-review.entity";

/**
 * How mutations refuse. The viewer is checked before anything it sent is validated, so a wrong viewer learns
 * nothing from the shape of its input; a record the viewer may not see is NOT_FOUND, worded exactly as an
 * unknown id, so ids cannot be used to find out what exists; FORBIDDEN only where the viewer may see the
 * record. Every refusal is checked to change nothing.
 *
 * Cycle 2119 is in SELF_ASSESSMENT with KEN's assessment in progress; cycle 2129 is in PEER_REVIEW with KEN's
 * review under way: a finding on a UNION-level result (visible to UGA, a fellow EAC Member) and one on a
 * COUNTRY-level result (visible only to KEN, its reviewer and the Secretariat).
 */
const OPEN = "2119";
const REVIEW = "2129";
const REVIEWER = `reviewer-ken-${REVIEW}`;
const ncpKen = token({ role: "NCP", member: "KEN", sub: "ncp-ken" });
const ncpUga = token({ role: "NCP", member: "UGA", sub: "ncp-uga" });
const ncpJpn = token({ role: "NCP", member: "JPN", sub: "ncp-jpn" });
const reviewerKen = token({ role: "PEER_REVIEWER", sub: REVIEWER, reviews: [] });
const otherReviewer = token({ role: "PEER_REVIEWER", sub: "reviewer-nobody", reviews: [] });

const ids = {
  open: "",
  openResult: "",
  reviewed: "",
  review: "",
  unionResult: "",
  countryResult: "",
  unionFinding: "",
  countryFinding: "",
};

beforeAll(async () => {
  await insertFixture(OPEN, [
    { member: "KEN", kpi: "TF.1.1", disclosure: L.PUBLIC, value: 10 },
    { member: "KEN", kpi: "TF.2.2", disclosure: L.COUNTRY, value: 20 },
  ]);
  await insertFixture(REVIEW, [
    { member: "KEN", kpi: "TF.2.2", disclosure: L.UNION, value: 30 },
    { member: "KEN", kpi: "TF.4.2", disclosure: L.COUNTRY, value: 40 },
  ]);
  await withDatabase(async (ds) => {
    const ken = await ds.getRepository(Member).findOneByOrFail({ code: "KEN" });
    const open = await ds.getRepository(Cycle).findOneByOrFail({ code: OPEN });
    await ds.getRepository(Cycle).update({ pk: open.pk }, { phase: CyclePhase.SELF_ASSESSMENT });
    const a = await ds.getRepository(Assessment).findOneByOrFail({ memberId: ken.pk, cycleId: open.pk });
    await ds.getRepository(Assessment).update({ pk: a.pk }, { status: AssessmentStatus.IN_PROGRESS });
    ids.open = a.id;
    ids.openResult = (
      await ds.getRepository(KpiResult).findOneByOrFail({ assessmentId: a.pk, disclosure: L.PUBLIC })
    ).id;

    const reviewCycle = await ds.getRepository(Cycle).findOneByOrFail({ code: REVIEW });
    await ds.getRepository(Cycle).update({ pk: reviewCycle.pk }, { phase: CyclePhase.PEER_REVIEW });
    const b = await ds.getRepository(Assessment).findOneByOrFail({ memberId: ken.pk, cycleId: reviewCycle.pk });
    ids.reviewed = b.id;
    const when = new Date("2026-03-01T00:00:00Z");
    const review = await ds.getRepository(PeerReview).save({
      assessmentId: b.pk,
      memberId: ken.pk,
      status: PeerReviewStatus.IN_PROGRESS,
      requestedAt: when,
      requestedBy: "NCP:ncp-ken",
      closedAt: null,
      version: 2,
    });
    ids.review = toGlobalId(PeerReview.typename, review.pk);
    await ds
      .getRepository(PeerReviewAssignment)
      .insert({ reviewId: review.pk, reviewer: REVIEWER, assignedAt: when, assignedBy: "SECRETARIAT:fixture" });
    for (const r of await ds.getRepository(KpiResult).findBy({ assessmentId: b.pk })) {
      const kpi = await ds.getRepository(Kpi).findOneByOrFail({ pk: r.kpiId });
      const f = await ds.getRepository(ReviewFinding).save({
        reviewId: review.pk,
        resultId: r.pk,
        status: FindingStatus.QUERIED,
        proposedValue: null,
        comment: `query on ${kpi.code}`,
        response: null,
        reviewer: `PEER_REVIEWER:${REVIEWER}`,
        createdAt: when,
        updatedAt: when,
        version: 1,
      });
      const fid = toGlobalId("ReviewFinding", f.pk);
      if (r.disclosure === L.UNION) [ids.unionResult, ids.unionFinding] = [r.id, fid];
      else [ids.countryResult, ids.countryFinding] = [r.id, fid];
    }
  });
});

/** Everything the mutations below could change, as the Secretariat sees it. */
async function state(): Promise<unknown> {
  const res = await gql(
    `query($a: ID!, $b: ID!) {
      cycles { code phase }
      a: node(id: $a) { ... on Assessment { version status defaultDisclosure submittedAt
        results { version disclosure value notUsed evidence } capacityNeeds { id description } peerReview { id } } }
      b: node(id: $b) { ... on Assessment { version status peerReview { status version reviewers }
        results { version validatedValue findings { status version response comment proposedValue } } } }
    }`,
    { a: ids.open, b: ids.reviewed },
    { token: viewers.secretariat },
  );
  expect(res.errors).toBeUndefined();
  return res.data;
}

const RESPOND = `mutation($f: ID!, $r: String!, $v: Int!) { respondToFinding(finding: $f, response: $r, expectedVersion: $v) { id } }`;

describe("a finding the viewer may not see is not there", () => {
  it("answers NOT_FOUND, worded as for an unknown id, naming no Member", async () => {
    const before = await state();
    const unknown = await gql(RESPOND, { f: toGlobalId("ReviewFinding", 987654321), r: "ok", v: 1 }, { token: ncpUga });
    expect(errorCodes(unknown)).toEqual(["NOT_FOUND"]);
    // UGA may not see KEN's COUNTRY-level result, hence not its finding: the same answer as for an unknown id.
    const hidden = await gql(RESPOND, { f: ids.countryFinding, r: "ok", v: 1 }, { token: ncpUga });
    expect(hidden.errors).toEqual(unknown.errors);
    expect(JSON.stringify(hidden.errors)).not.toMatch(/KEN|Kenya/);
    // JPN shares no union with KEN: not even the UNION-level finding is there for it.
    const far = await gql(RESPOND, { f: ids.unionFinding, r: "ok", v: 1 }, { token: ncpJpn });
    expect(far.errors).toEqual(unknown.errors);
    // Its bad input changes nothing of the answer.
    const farBad = await gql(RESPOND, { f: ids.countryFinding, r: "", v: 1 }, { token: ncpJpn });
    expect(farBad.errors).toEqual(unknown.errors);
    expect(await state()).toEqual(before);
  });

  it("answers FORBIDDEN where the viewer may see the finding but not answer it", async () => {
    const before = await state();
    // UGA sees KEN's UNION-level result (EAC) and its finding, and may not answer it.
    const visible = await gql(RESPOND, { f: ids.unionFinding, r: "ok", v: 1 }, { token: ncpUga });
    expect(errorCodes(visible)).toEqual(["FORBIDDEN"]);
    expect(await state()).toEqual(before);
  });

  it("answers KEN's own NCP about its input: it may answer the finding", async () => {
    const bad = await gql(RESPOND, { f: ids.countryFinding, r: "", v: 1 }, { token: ncpKen });
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
  });
});

/**
 * One case per mutation: bad input from a viewer who may not do it. The answer is about the viewer
 * (UNAUTHENTICATED without a token, FORBIDDEN or NOT_FOUND with one), never about the input.
 */
const CASES: Array<{
  mutation: string;
  doc: string;
  vars: () => Record<string, unknown>;
  as: Array<[string, string | undefined, string]>;
}> = [
  {
    mutation: "createCycle",
    doc: `mutation($i: CreateCycleInput!) { createCycle(input: $i) { code } }`,
    vars: () => ({ i: { code: "27", name: "", opensOn: "2027-12-01", referenceYear: 2030 } }),
    as: [
      ["an NCP", ncpKen, "FORBIDDEN"],
      ["anonymous", undefined, "UNAUTHENTICATED"],
    ],
  },
  ...["openSelfAssessment", "closeSelfAssessment", "openPeerReview", "closeCycle"].map((m) => ({
    mutation: m,
    doc: `mutation($c: ID!) { ${m}(cycle: $c) { code } }`,
    vars: () => ({ c: "not a cycle" }),
    as: [
      ["an NCP", ncpKen, "FORBIDDEN"],
      ["a reviewer", reviewerKen, "FORBIDDEN"],
    ] as Array<[string, string | undefined, string]>,
  })),
  // The Report (docs/report.md): ids that name nothing, a note far too long; refused for who asks first.
  {
    mutation: "draftReport",
    doc: `mutation($c: ID!) { draftReport(cycle: $c) { id } }`,
    vars: () => ({ c: "not a cycle" }),
    as: [
      ["an NCP", ncpKen, "FORBIDDEN"],
      ["anonymous", undefined, "UNAUTHENTICATED"],
    ],
  },
  {
    mutation: "publishReport",
    doc: `mutation($d: ID!, $n: String) { publishReport(draft: $d, note: $n) { id } }`,
    vars: () => ({ d: "not a draft", n: "x".repeat(5_000) }),
    as: [
      ["a reviewer", reviewerKen, "FORBIDDEN"],
      ["anonymous", undefined, "UNAUTHENTICATED"],
    ],
  },
  {
    mutation: "withdrawReport",
    doc: `mutation($r: ID!, $n: String!) { withdrawReport(release: $r, note: $n) { id } }`,
    vars: () => ({ r: "not a release", n: "" }),
    as: [
      ["an NCP", ncpKen, "FORBIDDEN"],
      ["anonymous", undefined, "UNAUTHENTICATED"],
    ],
  },
  {
    mutation: "assignPeerReviewers",
    doc: `mutation($r: ID!, $who: [String!]!) { assignPeerReviewers(review: $r, reviewers: $who) { id } }`,
    vars: () => ({ r: ids.review, who: ["", "x".repeat(300)] }),
    as: [
      ["KEN's NCP", ncpKen, "FORBIDDEN"],
      ["KEN's reviewer", reviewerKen, "FORBIDDEN"],
    ],
  },
  {
    mutation: "closePeerReview",
    doc: `mutation($r: ID!) { closePeerReview(review: $r) { id } }`,
    vars: () => ({ r: "not-an-id!" }),
    as: [["KEN's NCP", ncpKen, "FORBIDDEN"]],
  },
  {
    mutation: "startAssessment",
    doc: `mutation { startAssessment(member: "KEN", cycle: "not a cycle") { id } }`,
    vars: () => ({}),
    as: [
      ["UGA's NCP", ncpUga, "FORBIDDEN"],
      ["a basic user", viewers.basic, "FORBIDDEN"],
    ],
  },
  {
    mutation: "setDefaultDisclosure",
    doc: `mutation($a: ID!) { setDefaultDisclosure(assessment: $a, level: PUBLIC, expectedVersion: -5) { id } }`,
    vars: () => ({ a: ids.open }),
    as: [["UGA's NCP", ncpUga, "FORBIDDEN"]],
  },
  {
    mutation: "submitResults",
    doc: `mutation($a: ID!, $r: [KpiResultInput!]!) { submitResults(assessment: $a, results: $r) { changed } }`,
    vars: () => ({
      a: ids.open,
      r: [
        { kpi: "TF.1.1", expectedVersion: 1, inputs: { numerator: 5, denominator: 0 } },
        { kpi: "NOPE", expectedVersion: 1, notUsed: true },
      ],
    }),
    as: [
      ["UGA's NCP", ncpUga, "FORBIDDEN"],
      ["a reviewer", reviewerKen, "FORBIDDEN"],
    ],
  },
  {
    mutation: "uploadResultsCsv",
    doc: `mutation($a: ID!, $csv: String!) { uploadResultsCsv(assessment: $a, csv: $csv) { changed } }`,
    vars: () => ({ a: ids.open, csv: 'kpi,version,bogus\n"unterminated' }),
    as: [["UGA's NCP", ncpUga, "FORBIDDEN"]],
  },
  {
    mutation: "submitAssessment",
    doc: `mutation($a: ID!) { submitAssessment(assessment: $a, expectedVersion: -1) { id } }`,
    vars: () => ({ a: ids.open }),
    as: [["UGA's NCP", ncpUga, "FORBIDDEN"]],
  },
  {
    mutation: "setCapacityNeeds",
    doc: `mutation($a: ID!, $n: [CapacityNeedInput!]!) { setCapacityNeeds(assessment: $a, outcome: "NOPE", needs: $n, expectedVersion: 1) { id } }`,
    vars: () => ({ a: ids.open, n: [{ category: "TRAINING", priority: "HIGH", description: "" }] }),
    as: [["UGA's NCP", ncpUga, "FORBIDDEN"]],
  },
  {
    mutation: "requestPeerReview",
    // Not submitted: a state the requester could not act on anyway; the viewer is still answered first.
    doc: `mutation($a: ID!) { requestPeerReview(assessment: $a) { id } }`,
    vars: () => ({ a: ids.open }),
    as: [["UGA's NCP", ncpUga, "FORBIDDEN"]],
  },
  {
    mutation: "recordFinding",
    doc: `mutation($r: ID!) { recordFinding(result: $r, status: ADJUSTED, comment: "${"x".repeat(5000)}") { id } }`,
    vars: () => ({ r: ids.countryResult }),
    as: [
      ["a reviewer not assigned", otherReviewer, "FORBIDDEN"],
      ["an NCP", ncpKen, "FORBIDDEN"],
    ],
  },
  {
    mutation: "recordFinding (a result with no review)",
    doc: `mutation($r: ID!) { recordFinding(result: $r, status: QUERIED) { id } }`,
    vars: () => ({ r: ids.openResult }),
    as: [["a reviewer not assigned", otherReviewer, "FORBIDDEN"]],
  },
  {
    mutation: "respondToFinding",
    doc: RESPOND,
    vars: () => ({ f: ids.unionFinding, r: "", v: 1 }),
    as: [
      ["UGA's NCP (sees the finding)", ncpUga, "FORBIDDEN"],
      ["JPN's NCP (does not)", ncpJpn, "NOT_FOUND"],
      ["KEN's reviewer", reviewerKen, "FORBIDDEN"],
    ],
  },
];

describe("every mutation checks the viewer before the input", () => {
  it("covers every mutation of the schema", async () => {
    const names = Object.keys(buildBareSchema().getMutationType()!.getFields()).sort();
    expect(names.length).toBeGreaterThan(0);
    expect([...new Set(CASES.map((c) => c.mutation.split(" ")[0]))].sort()).toEqual(names);
  });

  it.each(CASES.flatMap((c) => c.as.map(([who, tok, code]) => [c.mutation, who, c, tok, code] as const)))(
    "%s: bad input from %s is refused for who asks, and changes nothing",
    async (_m, _who, c, tok, code) => {
      const before = await state();
      const res: GraphQLResponse = await gql(c.doc, c.vars(), { token: tok });
      expect(errorCodes(res)).toEqual([code]);
      expect(await state()).toEqual(before);
    },
  );
});
