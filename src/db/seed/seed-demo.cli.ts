import "reflect-metadata";
import { loadConfig } from "../../config";
import { createDataSource } from "../data-source";
import { bootstrapDatabase } from "../bootstrap";
import { parseCli } from "../../common/cli-args";
import { seedDemoResults } from "./demo.seed";

/** `npm run seed:demo`: synthetic demo results on a database that has no assessments yet. */
async function main(): Promise<number> {
  parseCli({
    usage: "npm run seed:demo",
    help: `Loads the synthetic demo results (every cycle, all four disclosure levels) into PMM_DATABASE_URL when it has no
assessments yet; otherwise changes nothing.`,
    options: {},
  });
  const config = loadConfig();
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    await bootstrapDatabase(ds, { seedDemo: false });
    const done = await seedDemoResults(ds);
    console.log(
      done
        ? `demo results loaded: ${done.assessments} assessments, ${done.results} results`
        : "assessments exist already: nothing loaded",
    );
    return 0;
  } finally {
    await ds.destroy();
  }
}
main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
