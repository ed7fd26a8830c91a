import { createSecretariatClient } from "../../clients/secretariat";
import { secretariatExample } from "../../clients/secretariat/example";
import { baseUrl } from "../support/graphql";
import { A, B, clientsFixture, printed, viewersOfClients } from "./fixture";

/** The Secretariat's tool on the generated client: trends, participation, the peer-review queue. */
const endpoint = () => `${baseUrl()}/graphql`;
const asSecretariat = () => createSecretariatClient({ endpoint: endpoint(), token: viewersOfClients.secretariat });
beforeAll(() => clientsFixture());

describe("secretariat client", () => {
  it("gives the complete world trend to the Secretariat, and a public-only one to the public", async () => {
    const vars = { kpis: ["TF.1.1"], groupBy: "WORLD" as const, cycles: [A, B] };
    const [complete] = await asSecretariat().kpiTrends(vars);
    // 2097: 40, 60, 30, 80 (mean 52.5); 2099: 55, 70, 50, 90, 20 (mean 57), TGO not used. +4.5 = +8.571...% (unrounded).
    expect(complete!.points).toEqual([
      {
        cycle: { code: A },
        results: 4,
        included: 4,
        withheld: 0,
        notUsed: 0,
        mean: 52.5,
        median: 50,
        min: 30,
        max: 80,
        changeAbsolute: null,
        changeRelative: null,
      },
      {
        cycle: { code: B },
        results: 6,
        included: 5,
        withheld: 0,
        notUsed: 1,
        mean: 57,
        median: 55,
        min: 20,
        max: 90,
        changeAbsolute: 4.5,
        changeRelative: ((57 - 52.5) / 52.5) * 100,
      },
    ]);
    expect(complete!.kpi).toMatchObject({ code: "TF.1.1", unit: "PERCENT" });
    const [pub] = await createSecretariatClient({ endpoint: endpoint() }).kpiTrends(vars);
    // Public values only: 40, 60, 80 (mean 60), then 55, 70 (mean 62.5).
    expect(pub!.points.map((p) => [p.included, p.withheld, p.mean, p.changeAbsolute])).toEqual([
      [3, 1, 60, null],
      [2, 3, 62.5, 2.5],
    ]);
  });

  it("gives trends per union", async () => {
    const series = await asSecretariat().kpiTrends({
      kpis: ["TF.1.1"],
      groupBy: "UNION",
      groups: ["ECOWAS", "UEMOA"],
      cycles: [B],
    });
    expect(series.map((s) => [s.groupCode, s.points[0]!.included, s.points[0]!.mean])).toEqual([
      ["ECOWAS", 4, 66.25],
      ["UEMOA", 2, 70],
    ]);
  });

  it("counts participation per cycle and region", async () => {
    const cycles = await asSecretariat().participation();
    const byCode = new Map(cycles.map((c) => [c.code, c]));
    expect(byCode.get(A)!.participation.participants).toBe(4);
    const b = byCode.get(B)!;
    expect(b).toMatchObject({
      phase: "CLOSED",
      opensOn: `${B}-12-01`,
      participation: { participants: 6, members: 183 },
    });
    expect(
      b.participation.byRegion.filter((r) => r.participants > 0).map((r) => [r.region.code, r.participants]),
    ).toEqual([
      ["AMS", 1],
      ["WCA", 5],
    ]);
    expect(cycles.map((c) => c.code)).toEqual([...cycles.map((c) => c.code)].sort());
  });

  it("lists a cycle's assessments with their peer reviews; reviewers' names only for the Secretariat", async () => {
    const queue = await asSecretariat().peerReviewQueue({ cycle: B });
    const rows = queue!.assessments.map((a) => [
      a.member.code,
      a.status,
      a.peerReview?.status ?? null,
      a.peerReview?.reviewers ?? null,
    ]);
    expect(rows.sort()).toEqual([
      ["CHL", "SUBMITTED", null, null],
      ["CIV", "SUBMITTED", null, null],
      ["GHA", "SUBMITTED", "REQUESTED", []],
      ["NGA", "SUBMITTED", "IN_PROGRESS", ["reviewer-nga"]],
      ["SEN", "SUBMITTED", null, null],
      ["TGO", "SUBMITTED", null, null],
    ]);
    const nga = queue!.assessments.find((a) => a.member.code === "NGA")!;
    expect(nga.peerReview!.requestedAt).toBe("2026-03-01T10:00:00.000Z");
    const publicQueue = await createSecretariatClient({ endpoint: endpoint() }).peerReviewQueue({ cycle: B });
    expect(publicQueue!.assessments.find((a) => a.member.code === "NGA")!.peerReview).toMatchObject({
      status: "IN_PROGRESS",
      reviewers: null,
    });
    expect(await asSecretariat().peerReviewQueue({ cycle: "2001" })).toBeNull();
  });

  it("runs the README example", async () => {
    const out = printed();
    await secretariatExample({ endpoint: endpoint(), token: viewersOfClients.secretariat }, "TF.1.1", B, out.print);
    expect(out.lines).toEqual(
      expect.arrayContaining([
        `cycle ${B} (CLOSED): 6 of 183 Members took part`,
        `  TF.1.1 ${B}: mean 57 over 5 values (0 withheld), change 4.5`,
        `cycle ${B}: 6 assessments, 2 peer reviews`,
        `  GHA: REQUESTED, reviewers none yet`,
        `  NGA: IN_PROGRESS, reviewers reviewer-nga`,
      ]),
    );
  });
});
