import "reflect-metadata";
import { execute, parse } from "graphql";
import { createDataSource } from "../src/db/data-source";
import { bootstrapDatabase } from "../src/db/bootstrap";
import { parseDatabaseUrl } from "../src/config";
import { createContext, referenceSnapshots } from "../src/context";
import { referenceDirectory } from "../src/disclosure/reference-directory";
import { ANONYMOUS, ViewerRole } from "../src/disclosure/viewer";
import { applyRulesSync } from "../src/disclosure/shield-sync";
import { fallbackError, fallbackRule, permissions } from "../src/disclosure/permissions";
import { buildBareSchema } from "../src/schema/build-schema";

/**
 * What the permission layer costs on the largest list a client can ask for (1,000 results, 14 fields),
 * in-process: the same query executed on the schema with and without the rules. Run after `npm run build`:
 * `node dist-bench/bench/shield-cost.bench.js` (uses PMM_DATABASE_URL or a demo SQLite file in data/bench.sqlite).
 */
async function main() {
  const ds = createDataSource(parseDatabaseUrl(process.env.PMM_DATABASE_URL ?? "sqlite:data/bench.sqlite"));
  await ds.initialize();
  await bootstrapDatabase(ds, { seedDemo: true });
  const directory = await referenceDirectory(ds);
  const snapshots = referenceSnapshots(ds, 0);
  const bare = buildBareSchema();
  const guarded = buildBareSchema();
  const guardedFields = applyRulesSync(guarded, permissions, { fallbackRule, fallbackError });
  const doc = parse(`{ results(first: 1000) { totalCount edges { cursor node {
    id disclosure withheld version updatedAt value score evidence notUsed notUsedReason updatedBy inputs { name value } member { code } kpi { code } } } } }`);
  const iterations = Number(process.env.ITERATIONS ?? 30);
  const report: Record<string, unknown> = { guardedFields };
  for (const [name, viewer] of [
    ["secretariat", { ...ANONYMOUS, role: ViewerRole.SECRETARIAT, subject: "bench" }],
    ["anonymous", ANONYMOUS],
  ] as const) {
    for (const [label, schema] of [
      ["without rules", bare],
      ["with rules", guarded],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < iterations + 5; i++) {
        const ctx = createContext(ds, directory, snapshots, viewer);
        const t0 = process.hrtime.bigint();
        const res = await execute({ schema, document: doc, contextValue: ctx });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.errors) throw new Error(JSON.stringify(res.errors));
        if (i >= 5) times.push(ms);
      }
      times.sort((a, b) => a - b);
      report[`${name} ${label} (median ms)`] = Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
    }
  }
  console.log(JSON.stringify(report, null, 2));
  await ds.destroy();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
