import { createDashboardClient, PmmApiError, type ClientOptions } from "./index";

/** Prints a Member's scorecard and how it compares with two neighbours on the first two KPIs. */
export async function dashboardExample(
  options: ClientOptions,
  member: string,
  cycle: string,
  print: (line: string) => void,
): Promise<void> {
  const dashboard = createDashboardClient(options);
  const card = await dashboard.scorecard({ member, cycle });
  print(`${card.member.name}, cycle ${card.cycle.code} (previous: ${card.previousCycle?.code ?? "none"})`);
  for (const d of card.dimensions) {
    print(
      `  ${d.code} ${d.name}: score ${d.score ?? "n/a"} (was ${d.previousScore ?? "n/a"}; ${d.scored} scored, ${d.withheld} withheld)`,
    );
  }
  const kpis = card.kpis.slice(0, 2).map((k) => k.kpi.code);
  const rows = await dashboard.compareMembers({ members: [member, "UGA", "TZA"], kpis, cycles: [cycle] });
  for (const row of rows) {
    const cells = row.results.map((r) => `${r.kpi.code}=${r.withheld ? "withheld" : (r.value ?? "none")}`);
    print(`  ${row.member.code}: ${cells.join(" ") || "did not take part"}`);
  }
}

if (require.main === module) {
  const env = process.env;
  const options = { endpoint: env.PMM_ENDPOINT ?? "http://localhost:4000/graphql", token: env.PMM_TOKEN };
  dashboardExample(options, env.PMM_MEMBER ?? "KEN", env.PMM_CYCLE ?? "2025", (line) => console.log(line)).catch(
    (err: unknown) => {
      // err.code says what went wrong: UNAUTHENTICATED (bad token), BAD_USER_INPUT (unknown Member), ...
      console.error(err instanceof PmmApiError ? err.message : err);
      process.exitCode = 1;
    },
  );
}
