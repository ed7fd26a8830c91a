import "reflect-metadata";
import "./quiet-logs";
import { parse, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { createDataSource } from "../src/db/data-source";
import { parseDatabaseUrl } from "../src/config";
import { createContext, referenceSnapshots } from "../src/context";
import { referenceDirectory } from "../src/disclosure/reference-directory";
import { buildCompiledSchema, buildExecutionSchemas } from "../src/schema/build-schema";
import { compiledExecutor } from "../src/http/compiled-execution";
import { parseFlags } from "./flags";
import { SCENARIOS, ScenarioName, setFrameworkKpis, viewerOf } from "./bench-scenarios";

/**
 * What the permission rules cost each scenario's viewer in compiled execution, in-process, without HTTP: the
 * scenario's operation run by the compiled executor on three execution schemas built by this build: without the
 * rules, with the rules applied alike for every viewer (as before the schemas were specialised per viewer), and
 * as the server runs them (`buildExecutionSchemas`: specialised by `seesEverything`). Slices of each alternate
 * over many rounds, so that load from elsewhere on the machine falls on all three alike; the process's CPU time
 * per operation is compared (the same SQL runs in all three). On a kept bench dataset:
 *   npm run bench:rules -- --database mysql://root@127.0.0.1:3306/mybench_m183
 */
const USAGE = `npm run bench:rules -- --database URL [--scenarios secretariat,dashboard,regional] [--rounds N] [--slice MS]`;

async function main() {
  const { values } = parseFlags(USAGE, {
    args: process.argv.slice(2),
    options: {
      database: { type: "string" },
      scenarios: { type: "string", default: "secretariat,dashboard,regional" },
      rounds: { type: "string", default: "15" },
      slice: { type: "string", default: "400" },
    },
  });
  if (!values.database) throw new Error(USAGE);
  const ds = createDataSource(parseDatabaseUrl(values.database));
  await ds.initialize();
  const kpis = (await ds.query(
    "SELECT k.code FROM kpi k JOIN framework_version v ON v.id = k.frameworkVersionId WHERE v.active = 1 ORDER BY k.id",
  )) as { code: string }[];
  setFrameworkKpis(kpis.map((k) => String(k.code)));
  const directory = await referenceDirectory(ds);
  const snapshots = referenceSnapshots(ds, 60_000);
  const variants: [string, (ctx: unknown) => GraphQLSchema | null][] = [
    [
      "without rules",
      (
        (s: GraphQLSchema) => () =>
          s
      )(buildCompiledSchema({ withoutRules: true })),
    ],
    [
      "rules for every viewer alike",
      (
        (s: GraphQLSchema) => () =>
          s
      )(buildCompiledSchema()),
    ],
    ["rules as served (per outcome)", buildExecutionSchemas()],
  ];
  const rounds = Number(values.rounds);
  const sliceMs = Number(values.slice);
  for (const name of values.scenarios.split(",") as ScenarioName[]) {
    const scenario = SCENARIOS[name];
    const document = parse(scenario.query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const viewer = viewerOf(scenario.claims);
    const runners = variants.map(([label, executionSchema]) => {
      const run = compiledExecutor({ executionSchema, maxCompiled: 10 });
      const once = async () => {
        const res = await run({
          document,
          operation,
          operationName: scenario.operationName,
          queryHash: name,
          variables: scenario.variables,
          context: createContext(ds, directory, snapshots, viewer),
        });
        if (!res) throw new Error(`${label}: the compiled operation did not answer`);
        return JSON.stringify(res.data);
      };
      return { label, once, perOp: [] as number[] };
    });
    // Warm-up, and the three answer alike.
    const answers = new Set<string>();
    for (const r of runners) for (let i = 0; i < 20; i++) answers.add(await r.once());
    if (answers.size !== 1) throw new Error(`${name}: the three schemas answer differently`);
    for (let round = 0; round < rounds; round++) {
      // Each round starts with the next schema: the slot after a switch pays for the previous one's garbage.
      for (const r of [...runners.slice(round % 3), ...runners.slice(0, round % 3)]) {
        const c0 = process.cpuUsage();
        const end = Date.now() + sliceMs;
        let n = 0;
        while (Date.now() < end) {
          await r.once();
          n++;
        }
        const c = process.cpuUsage(c0);
        r.perOp.push((c.user + c.system) / 1000 / n);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const base = runners[0].perOp;
    console.log(`\n${name} (${rounds} rounds of ${sliceMs} ms per schema; CPU ms per operation, median over rounds)`);
    for (const r of runners) {
      const ratios = r.perOp.map((v, i) => v / base[i]);
      console.log(
        `  ${r.label.padEnd(32)} ${median(r.perOp).toFixed(3)} ms  vs without rules: ${((median(ratios) - 1) * 100).toFixed(1)}% (median of per-round ratios)`,
      );
    }
  }
  await ds.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
