import fs from "node:fs";
// The repository's one argument parser (a CLI of the repository, not part of the client package).
import { parseCli, usageError } from "../../src/common/cli-args";
import { createSubmissionClient, PmmApiError } from "./index";

/**
 * `npm run results:upload -- --member KEN --cycle 2027 [--url URL] [--token JWT] FILE.csv`
 * Sends a CSV of KPI inputs to the API as the NCP whose token it is (PMM_TOKEN works too), and prints
 * every bad row with its line number; nothing is changed unless every row is good. It goes through this
 * client, so the operations it sends are the typed, schema-checked ones an NCP's own tool would send.
 */
const CLI = {
  usage: "npm run results:upload -- --member KEN --cycle 2027 [--url URL] [--token JWT] FILE.csv",
  help: `Uploads a CSV of KPI inputs (the assessment's csvTemplate, filled in) through the API, as the NCP whose token
it is, and prints every bad row with its line number; nothing changes unless every row is good.

  --member  the Member (ISO alpha-3)
  --cycle   the cycle (the year it opens)
  --url     the GraphQL endpoint (default: PMM_ENDPOINT, else http://localhost:4000/graphql)
  --token   the NCP's token (default: PMM_TOKEN; npm run -s token -- --role NCP --member KEN prints one)`,
  options: {
    member: { type: "string" },
    cycle: { type: "string" },
    url: { type: "string" },
    token: { type: "string" },
  },
  positionals: { min: 1, max: 1, name: "FILE.csv" },
} as const;

async function main(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCli(CLI, args);
  const token = values.token ?? env.PMM_TOKEN;
  const endpoint = values.url ?? env.PMM_ENDPOINT ?? "http://localhost:4000/graphql";
  const file = positionals[0]!;
  if (!values.member || !values.cycle) usageError(CLI, "--member and --cycle are required");
  if (!token) usageError(CLI, "no token: give --token or set PMM_TOKEN");
  const csv = fs.readFileSync(file, "utf8");
  const ncp = createSubmissionClient({ endpoint, token });
  try {
    const assessment = await ncp.assessment({ member: values.member, cycle: values.cycle });
    if (!assessment) {
      console.error(`${values.member} has no assessment in cycle ${values.cycle}: start it first (startAssessment)`);
      return 1;
    }
    const { changed, results } = await ncp.uploadResultsCsv({ assessment: assessment.id, csv });
    console.log(`${file}: ${results.length} row(s) accepted, ${changed} result(s) changed`);
    return 0;
  } catch (err) {
    if (!(err instanceof PmmApiError)) throw err;
    for (const e of err.errors) {
      const problems = e.extensions.problems;
      if (problems) {
        // The server lists at most its first problems (README, "Limits") and counts the rest.
        const omitted = Number(e.extensions.problemsOmitted ?? 0);
        console.error(`${problems.length + omitted} problem(s); nothing was changed:`);
        for (const p of problems) console.error(`  ${p.where}${p.kpi ? ` (${p.kpi})` : ""}: ${p.field} ${p.reason}`);
        if (omitted) console.error(`  ... and ${omitted} more problem(s) the server did not list`);
      } else console.error(`${e.extensions.code ?? e.code}: ${e.message}`);
    }
    return 1;
  }
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
