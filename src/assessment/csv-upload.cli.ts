import fs from "node:fs";
import { parseArgs } from "node:util";

/**
 * `npm run results:upload -- --member KEN --cycle 2027 [--url URL] [--token JWT] FILE.csv`
 * Sends a CSV of KPI inputs to the API as the NCP whose token it is (PMM_TOKEN works too), and prints
 * every bad row with its line number; nothing is changed unless every row is good.
 */
const USAGE =
  "usage: npm run results:upload -- --member KEN --cycle 2027 [--url http://localhost:4000/graphql] [--token JWT] FILE.csv";

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      member: { type: "string" },
      cycle: { type: "string" },
      url: { type: "string" },
      token: { type: "string" },
    },
  });
  const token = values.token ?? process.env.PMM_TOKEN;
  const url = values.url ?? process.env.PMM_URL ?? "http://localhost:4000/graphql";
  const file = positionals[0];
  if (!values.member || !values.cycle || !file || !token) {
    console.error(
      `${USAGE}\n(a token comes from --token or PMM_TOKEN; npm run token -- --role NCP --member KEN prints one for development)`,
    );
    return 2;
  }
  const csv = fs.readFileSync(file, "utf8");
  const found = await gql(url, token, `query($m: ID!, $c: ID!) { assessment(member: $m, cycle: $c) { id } }`, {
    m: values.member,
    c: values.cycle,
  });
  if (found.errors) return report(found.errors);
  if (!found.data.assessment) {
    console.error(`${values.member} has no assessment in cycle ${values.cycle}: start it first (startAssessment)`);
    return 1;
  }
  const res = await gql(
    url,
    token,
    `mutation($a: ID!, $csv: String!) { uploadResultsCsv(assessment: $a, csv: $csv) { changed results { kpi { code } version value } } }`,
    {
      a: found.data.assessment.id,
      csv,
    },
  );
  if (res.errors) return report(res.errors);
  const { changed, results } = res.data.uploadResultsCsv;
  console.log(`${file}: ${results.length} row(s) accepted, ${changed} result(s) changed`);
  return 0;
}

function report(errors: { message: string; extensions?: Record<string, any> }[]): number {
  for (const e of errors) {
    const problems = e.extensions?.problems as
      { where: string; kpi: string | null; field: string; reason: string }[] | undefined;
    if (problems) {
      // The server lists at most its first problems (README, "Limits") and counts the rest.
      const omitted = Number(e.extensions?.problemsOmitted ?? 0);
      console.error(`${problems.length + omitted} problem(s); nothing was changed:`);
      for (const p of problems) console.error(`  ${p.where}${p.kpi ? ` (${p.kpi})` : ""}: ${p.field} ${p.reason}`);
      if (omitted) console.error(`  ... and ${omitted} more problem(s) the server did not list`);
    } else console.error(`${e.extensions?.code ?? "ERROR"}: ${e.message}`);
  }
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
