import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { createDataSource } from "./data-source";
import { bootstrapDatabase } from "./bootstrap";
import { withMigrationLock } from "./migration-lock";

/** `npm run migrate`: applies pending migrations (and reference data on an empty database), then exits. */
async function main() {
  // It takes no arguments; refusing them keeps `npm run migrate -- --dry-run` from migrating for real.
  parseArgs({ options: {} });
  const config = loadConfig();
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    await withMigrationLock(ds, () => bootstrapDatabase(ds, { seedDemo: config.seedDemo }));
    const pending = await ds.showMigrations();
    console.log(pending ? "migrations still pending" : "database is up to date");
  } finally {
    await ds.destroy();
  }
}
main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
