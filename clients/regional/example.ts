import { createRegionalClient, PmmApiError, type ClientOptions } from "./index";

/** Prints a union's results for one KPI and its statistics beside the world's. */
export async function regionalExample(
  options: ClientOptions,
  union: string,
  kpi: string,
  cycle: string,
  print: (line: string) => void,
): Promise<void> {
  const regional = createRegionalClient(options);
  const view = await regional.unionView({ union, kpis: [kpi], cycle });
  print(`${view.union.name}, ${kpi}, cycle ${view.cycle.code}`);
  for (const r of view.results)
    print(`  ${r.member.code}: ${r.withheld ? `withheld (${r.disclosure})` : (r.value ?? "none")}`);
  for (const s of view.statistics) {
    print(
      `  mean: union ${s.union.mean ?? "n/a"} (${s.union.included} values, ${s.union.withheld} withheld), world ${s.world.mean ?? "n/a"}`,
    );
  }
  const unions = await regional.unionStatistics({ kpi, cycle });
  print(`  every union: ${unions.map((u) => `${u.groupCode} ${u.mean ?? "n/a"}`).join(", ")}`);
}

if (require.main === module) {
  const env = process.env;
  const options = { endpoint: env.PMM_ENDPOINT ?? "http://localhost:4000/graphql", token: env.PMM_TOKEN };
  regionalExample(options, env.PMM_UNION ?? "EAC", env.PMM_KPI ?? "TF.1.1", env.PMM_CYCLE ?? "2025", (line) =>
    console.log(line),
  ).catch((err: unknown) => {
    console.error(err instanceof PmmApiError ? err.message : err);
    process.exitCode = 1;
  });
}
