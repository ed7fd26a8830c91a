import { insertFixture, withDatabase } from "../support/fixtures";
import { Assessment } from "../../src/assessment/assessment.entity";
import { Cycle } from "../../src/assessment/cycle.entity";
import { Member } from "../../src/members/member.entity";
import { PeerReview, PeerReviewAssignment, PeerReviewStatus } from "../../src/review/peer-review.entity";
import { DisclosureLevel as L } from "../../src/disclosure/disclosure-level";
import { token } from "../support/tokens";

/**
 * The read scenarios of the typed clients share one hand-checked fixture in two cycles no other test
 * uses; whichever client test runs first inserts it. ECOWAS: BEN CIV CPV GHA GIN GMB GNB LBR NGA SEN SLE
 * TGO (all in WCA); UEMOA: BEN BFA CIV GNB MLI NER SEN TGO. CHL is in AMS and no union.
 * TF.1.1 is a share (score = value); TF.4.1 hours, lower is better (72 h scores 0, 0 h scores 100).
 */
export const A = "2097";
export const B = "2099";
/** Empty, the register's cycle before A: A's change is null whatever other test files insert (docs/methods.md). */
const BEFORE_A = "2096";

export const viewersOfClients = {
  secretariat: token({ role: "SECRETARIAT", sub: "secretariat-clients" }),
  ncpNga: token({ role: "NCP", member: "NGA", sub: "ncp-nga" }),
  officeEcowas: token({ role: "REGIONAL_OFFICE", unions: ["ECOWAS"], sub: "office-ecowas" }),
  officeEac: token({ role: "REGIONAL_OFFICE", unions: ["EAC"], sub: "office-eac" }),
};

let inserted: Promise<void> | undefined;

export function clientsFixture(): Promise<void> {
  inserted ??= insert();
  return inserted;
}

async function insert(): Promise<void> {
  const exists = await withDatabase((ds) => ds.getRepository(Cycle).existsBy({ code: B }));
  if (exists) return;
  await insertFixture(BEFORE_A, []);
  await insertFixture(A, [
    { member: "GHA", kpi: "TF.1.1", disclosure: L.PUBLIC, value: 40, target: 70 },
    { member: "GHA", kpi: "TF.4.1", disclosure: L.PUBLIC, value: 36 },
    { member: "NGA", kpi: "TF.1.1", disclosure: L.PUBLIC, value: 60 },
    { member: "SEN", kpi: "TF.1.1", disclosure: L.UNION, value: 30 },
    { member: "CHL", kpi: "TF.1.1", disclosure: L.PUBLIC, value: 80 },
  ]);
  await insertFixture(B, [
    { member: "GHA", kpi: "TF.1.1", disclosure: L.PUBLIC, value: 55 },
    { member: "GHA", kpi: "TF.4.1", disclosure: L.PUBLIC, value: 18 },
    { member: "NGA", kpi: "TF.1.1", disclosure: L.PUBLIC, value: 70 },
    { member: "SEN", kpi: "TF.1.1", disclosure: L.UNION, value: 50 },
    { member: "CIV", kpi: "TF.1.1", disclosure: L.COUNTRY, value: 90 },
    { member: "TGO", kpi: "TF.1.1", disclosure: L.PUBLIC, value: null, notUsed: true },
    { member: "CHL", kpi: "TF.1.1", disclosure: L.WCO, value: 20 },
  ]);
  // Ghana asked for a peer review in 2099 (not yet assigned); Nigeria's is under way with one reviewer.
  await withDatabase(async (ds) => {
    const cycle = await ds.getRepository(Cycle).findOneByOrFail({ code: B });
    const when = new Date("2026-03-01T10:00:00Z");
    for (const [code, status, reviewer] of [
      ["GHA", PeerReviewStatus.REQUESTED, null],
      ["NGA", PeerReviewStatus.IN_PROGRESS, "reviewer-nga"],
    ] as const) {
      const member = await ds.getRepository(Member).findOneByOrFail({ code });
      const assessment = await ds.getRepository(Assessment).findOneByOrFail({ memberId: member.pk, cycleId: cycle.pk });
      const review = await ds.getRepository(PeerReview).save(
        ds.getRepository(PeerReview).create({
          assessmentId: assessment.pk,
          memberId: member.pk,
          status,
          requestedAt: when,
          requestedBy: `ncp-${code.toLowerCase()}`,
          closedAt: null,
          version: 1,
        }),
      );
      if (reviewer) {
        await ds
          .getRepository(PeerReviewAssignment)
          .insert({ reviewId: review.pk, reviewer, assignedAt: when, assignedBy: "secretariat-clients" });
      }
    }
  });
}

/** Collects what an example prints, as its README reader would see it. */
export function printed(): { lines: string[]; print: (line: string) => void } {
  const lines: string[] = [];
  return { lines, print: (line) => lines.push(...line.split("\n")) };
}
