import { createSecretariatClient, PmmApiError, type ClientOptions } from "./index";

/** Prints participation per cycle, the world trend of one KPI, and the peer-review queue of a cycle. */
export async function secretariatExample(
  options: ClientOptions,
  kpi: string,
  cycle: string,
  print: (line: string) => void,
): Promise<void> {
  const secretariat = createSecretariatClient(options);
  for (const c of await secretariat.participation()) {
    print(
      `cycle ${c.code} (${c.phase}): ${c.participation.participants} of ${c.participation.members} Members took part`,
    );
  }
  const [world] = await secretariat.kpiTrends({ kpis: [kpi], groupBy: "WORLD" });
  for (const p of world?.points ?? []) {
    print(
      `  ${kpi} ${p.cycle.code}: mean ${p.mean ?? "n/a"} over ${p.included} values (${p.withheld} withheld), change ${p.changeAbsolute ?? "n/a"}`,
    );
  }
  const queue = await secretariat.peerReviewQueue({ cycle });
  if (!queue) return print(`no cycle ${cycle}`);
  const reviews = queue.assessments.filter((a) => a.peerReview !== null);
  print(`cycle ${queue.code}: ${queue.assessments.length} assessments, ${reviews.length} peer reviews`);
  for (const a of reviews)
    print(
      `  ${a.member.code}: ${a.peerReview?.status}, reviewers ${a.peerReview?.reviewers?.join(", ") || "none yet"}`,
    );
}

if (require.main === module) {
  const env = process.env;
  const options = { endpoint: env.PMM_ENDPOINT ?? "http://localhost:4000/graphql", token: env.PMM_TOKEN };
  secretariatExample(options, env.PMM_KPI ?? "TF.1.1", env.PMM_CYCLE ?? "2025", (line) => console.log(line)).catch(
    (err: unknown) => {
      console.error(err instanceof PmmApiError ? err.message : err);
      process.exitCode = 1;
    },
  );
}
