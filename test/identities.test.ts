import { gql } from "./support/graphql";
import { FixtureResult, insertFixture, withDatabase } from "./support/fixtures";
import { token, viewers } from "./support/tokens";
import { DisclosureLevel as L } from "../src/disclosure/disclosure-level";
import { Assessment } from "../src/assessment/assessment.entity";
import { KpiResult } from "../src/assessment/kpi-result.entity";
import { Cycle } from "../src/assessment/cycle.entity";
import { Member } from "../src/members/member.entity";
import {
  FindingStatus,
  PeerReview,
  PeerReviewAssignment,
  PeerReviewStatus,
  ReviewFinding,
} from "../src/review/peer-review.entity";

/**
 * User identities (who changed a result, who wrote its history, who reviews a Member, who wrote a finding,
 * who recorded a need) are for the viewers who may see the Member's COUNTRY level: the Secretariat, the
 * Member's NCPs and its assigned reviewers. Everyone else reads null, on every path, even where it may see
 * the record itself (an NCP of a union partner sees KEN's UNION-level result, its history and its findings,
 * but not who wrote them). Expectations are written out by hand.
 */
const CYCLE = "2117";
const KPIS = ["TF.1.1", "TF.1.2", "TF.2.2", "TF.4.2"];
const LEVELS = [L.PUBLIC, L.WCO, L.UNION, L.COUNTRY];
const MEMBERS = ["KEN", "UGA", "FRA"]; // KEN, UGA: EAC; FRA: EU
const reviewerOf = (m: string) => `reviewer-${m.toLowerCase()}-${CYCLE}`;

const FIXTURE: FixtureResult[] = MEMBERS.flatMap((member) =>
  LEVELS.map((disclosure, i) => ({ member, kpi: KPIS[i], disclosure, value: 10 + i, history: true })),
);

/** The identity each field holds in the fixture, per Member. */
const IDENTITY: Record<string, (m: string) => unknown> = {
  "KpiResult.updatedBy": (m) => `ncp-${m.toLowerCase()}`,
  "KpiResultChange.changedBy": (m) => `ncp-${m.toLowerCase()}`,
  "ReviewFinding.reviewer": (m) => `PEER_REVIEWER:${reviewerOf(m)}`,
  "CapacityNeed.updatedBy": () => "fixture",
  "PeerReview.reviewers": (m) => [reviewerOf(m)],
};

const VIEWERS = {
  anonymous: viewers.anonymous,
  basic: viewers.basic,
  ncpKen: viewers.ncpKen,
  ncpUga: token({ role: "NCP", member: "UGA", sub: "ncp-uga" }),
  officeEac: viewers.officeEac,
  reviewerFra: viewers.reviewerFra,
  // Assigned to KEN's review in the database (not by a token claim).
  reviewerKen: token({ role: "PEER_REVIEWER", sub: reviewerOf("KEN"), reviews: [] }),
  secretariat: viewers.secretariat,
};
type V = keyof typeof VIEWERS;
/** Whose COUNTRY level each viewer may see, by hand from the disclosure rules. */
const COUNTRY: Record<V, string[]> = {
  anonymous: [],
  basic: [],
  ncpKen: ["KEN"],
  ncpUga: ["UGA"],
  officeEac: [],
  reviewerFra: ["FRA"],
  reviewerKen: ["KEN"],
  secretariat: MEMBERS,
};

beforeAll(async () => {
  await insertFixture(
    CYCLE,
    FIXTURE,
    MEMBERS.flatMap((member) => [
      { member, outcome: "TF.1", category: "TRAINING", priority: "HIGH", disclosure: L.PUBLIC },
      { member, outcome: "TF.2", category: "IT_SYSTEMS", priority: "LOW", disclosure: L.UNION },
    ]),
  );
  // A peer review of KEN and of FRA, each with its reviewer and a finding on every result.
  await withDatabase(async (ds) => {
    const cycle = await ds.getRepository(Cycle).findOneByOrFail({ code: CYCLE });
    const when = new Date("2026-02-01T00:00:00Z");
    for (const code of ["KEN", "FRA"]) {
      const member = await ds.getRepository(Member).findOneByOrFail({ code });
      const a = await ds.getRepository(Assessment).findOneByOrFail({ memberId: member.pk, cycleId: cycle.pk });
      const review = await ds.getRepository(PeerReview).save({
        assessmentId: a.pk,
        memberId: member.pk,
        status: PeerReviewStatus.IN_PROGRESS,
        requestedAt: when,
        requestedBy: `NCP:ncp-${code.toLowerCase()}`,
        closedAt: null,
        version: 2,
      });
      await ds.getRepository(PeerReviewAssignment).insert({
        reviewId: review.pk,
        reviewer: reviewerOf(code),
        assignedAt: when,
        assignedBy: "SECRETARIAT:fixture",
      });
      for (const r of await ds.getRepository(KpiResult).findBy({ assessmentId: a.pk })) {
        await ds.getRepository(ReviewFinding).insert({
          reviewId: review.pk,
          resultId: r.pk,
          status: FindingStatus.QUERIED,
          proposedValue: null,
          comment: `query on ${code}`,
          response: null,
          reviewer: `PEER_REVIEWER:${reviewerOf(code)}`,
          createdAt: when,
          updatedAt: when,
          version: 1,
        });
      }
    }
  });
});

const FRAGMENTS: Record<string, string> = {
  R: `fragment R on KpiResult {
    __typename id member { code } disclosure withheld updatedBy
    history { __typename changedBy }
    findings { __typename reviewer comment }
  }`,
  N: `fragment N on CapacityNeed { __typename id member { code } disclosure updatedBy }`,
  P: `fragment P on PeerReview { __typename id member { code } reviewers }`,
  A: `fragment A on Assessment { results { ...R } capacityNeeds { ...N } peerReview { ...P } }`,
};
/** The operation with the fragments it spreads (GraphQL refuses unused ones). */
const withFragments = (q: string) =>
  [
    q,
    ...Object.keys(FRAGMENTS)
      .filter((f) => new RegExp(`\\.\\.\\.${f}\\b`).test(q + (q.includes("...A") ? " ...R ...N ...P" : "")))
      .map((f) => FRAGMENTS[f]),
  ].join("\n");

interface Seen {
  field: string;
  member: string;
  value: unknown;
  where: string;
}

/** Every identity field in a response, with the Member of the record it belongs to (or of the result above it). */
function identities(value: unknown, where: string, member?: string, out: Seen[] = []): Seen[] {
  if (Array.isArray(value)) value.forEach((v, i) => identities(v, `${where}[${i}]`, member, out));
  else if (value && typeof value === "object") {
    const o = value as Record<string, any>;
    const m: string | undefined = o.member?.code ?? member;
    for (const [k, v] of Object.entries(o)) {
      const field = `${o.__typename}.${k}`;
      if (field in IDENTITY) out.push({ field, member: m!, value: v, where: `${where}.${k}` });
      else identities(v, `${where}.${k}`, m, out);
    }
  }
  return out;
}

const ids: { results: string[]; needs: string[]; reviews: string[] } = { results: [], needs: [], reviews: [] };

async function allIds() {
  if (ids.results.length) return ids;
  const res = await gql(
    `{ cycle(code: "${CYCLE}") { assessments { results { id } capacityNeeds { id } peerReview { id } } } }`,
    {},
    { token: viewers.secretariat },
  );
  const as = res.data.cycle.assessments;
  ids.results = as.flatMap((a: any) => a.results.map((r: any) => r.id));
  ids.needs = as.flatMap((a: any) => a.capacityNeeds.map((n: any) => n.id));
  ids.reviews = as.flatMap((a: any) => (a.peerReview ? [a.peerReview.id] : []));
  return ids;
}

/** Each path to the identity fields, and which of them it reaches (asserted before the values are checked). */
const PATHS: Array<{
  name: string;
  fields: string[];
  query: () => Promise<{ q: string; v?: Record<string, unknown> }>;
}> = [
  {
    name: "results connection",
    fields: ["KpiResult.updatedBy", "KpiResultChange.changedBy", "ReviewFinding.reviewer"],
    query: async () => ({
      q: `{ results(filter: { cycles: ["${CYCLE}"] }, first: 100) { edges { node { ...R } } } }`,
    }),
  },
  {
    name: "member.results",
    fields: ["KpiResult.updatedBy", "KpiResultChange.changedBy", "ReviewFinding.reviewer"],
    query: async () => ({
      q: `query($k: [ID!]) { ${MEMBERS.map((m) => `${m}: member(code: "${m}") { results(cycles: ["${CYCLE}"], kpis: $k) { ...R } }`).join(" ")} }`,
      v: { k: KPIS },
    }),
  },
  {
    name: "kpi.results",
    fields: ["KpiResult.updatedBy", "KpiResultChange.changedBy", "ReviewFinding.reviewer"],
    query: async () => ({
      q: `{ ${KPIS.map((k, i) => `k${i}: kpi(code: "${k}") { results(cycles: ["${CYCLE}"]) { ...R } }`).join(" ")} }`,
    }),
  },
  {
    name: "assessment and cycle.assessments",
    fields: Object.keys(IDENTITY),
    query: async () => ({
      q: `{ cycle(code: "${CYCLE}") { assessments { peerReview { ...P } } }
        ${MEMBERS.map((m) => `${m}: assessment(member: "${m}", cycle: "${CYCLE}") { ...A }`).join(" ")} }`,
    }),
  },
  {
    name: "compareMembers, unionView, scorecard",
    fields: ["KpiResult.updatedBy", "KpiResultChange.changedBy", "ReviewFinding.reviewer"],
    query: async () => ({
      q: `query($k: [ID!]!) {
        compareMembers(members: ["KEN", "UGA", "FRA"], kpis: $k, cycles: ["${CYCLE}"]) { results { ...R } }
        unionView(union: "EAC", kpis: $k, cycle: "${CYCLE}") { results { ...R } }
        ken: scorecard(member: "KEN", cycle: "${CYCLE}") { kpis { result { ...R } } }
        fra: scorecard(member: "FRA", cycle: "${CYCLE}") { kpis { result { ...R } } } }`,
      v: { k: KPIS },
    }),
  },
  {
    name: "node",
    fields: Object.keys(IDENTITY),
    query: async () => {
      const { results, needs, reviews } = await allIds();
      const all = [...results, ...needs, ...reviews];
      return { q: `{ ${all.map((id, i) => `n${i}: node(id: "${id}") { ...R ...N ...P }`).join(" ")} }` };
    },
  },
  {
    name: "nodes",
    fields: Object.keys(IDENTITY),
    query: async () => {
      const { results, needs, reviews } = await allIds();
      return {
        q: `query($ids: [ID!]!) { nodes(ids: $ids) { ...R ...N ...P } }`,
        v: { ids: [...results, ...needs, ...reviews] },
      };
    },
  },
];

describe.each(Object.keys(VIEWERS) as V[])("viewer %s", (viewer) => {
  it.each(PATHS.map((p) => [p.name, p] as const))(
    "reads identities only of Members it may see at COUNTRY level: %s",
    async (_n, path) => {
      const { q, v } = await path.query();
      const res = await gql(withFragments(q), v, { token: VIEWERS[viewer] });
      expect(res.errors).toBeUndefined();
      const seen = identities(res.data, "data");
      // Each identity field this path reaches is there for every viewer (on public records at least).
      expect([...new Set(seen.map((s) => s.field))].sort()).toEqual([...path.fields].sort());
      for (const s of seen) {
        const expected = COUNTRY[viewer].includes(s.member) ? IDENTITY[s.field](s.member) : null;
        expect({ at: s.where, member: s.member, value: s.value }).toEqual({
          at: s.where,
          member: s.member,
          value: expected,
        });
      }
    },
  );
});

it("leaves a refused viewer the records it may see, without the identities on them", async () => {
  // NCP of UGA: KEN's UNION-level result, its history and its finding are visible (EAC), their authors are not.
  const res = await gql(
    `{ member(code: "KEN") { results(cycles: ["${CYCLE}"], kpis: ["TF.2.2"]) { withheld value updatedBy history { changedBy } findings { comment reviewer } } } }`,
    {},
    { token: VIEWERS.ncpUga },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.member.results).toEqual([
    {
      withheld: false,
      value: 12,
      updatedBy: null,
      history: [{ changedBy: null }],
      findings: [{ comment: "query on KEN", reviewer: null }],
    },
  ]);
});
