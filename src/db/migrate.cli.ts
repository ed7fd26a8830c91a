import "reflect-metadata";
import { parseCli } from "../common/cli-args";
import { loadConfig } from "../config";
import { logger } from "../common/logger";
import { createDataSource } from "./data-source";
import { bootstrapDatabase } from "./bootstrap";
import { connectWithRetry } from "./connect-retry";
import { withMigrationLock } from "./migration-lock";

/**
 * `npm run migrate`: applies pending migrations (and reference data on an empty database), then exits.
 * A database that does not answer yet is retried for up to PMM_DB_START_TIMEOUT_S, then the exit code is 1.
 */
async function main() {
  // It takes no arguments; refusing them keeps `npm run migrate -- --dry-run` from migrating for real.
  parseCli({
    usage: "npm run migrate",
    help: `Applies pending migrations to PMM_DATABASE_URL (and the reference data to an empty database), then exits.
A database that does not answer is retried for up to PMM_DB_START_TIMEOUT_S seconds; then the exit code is 1.`,
    options: {},
  });
  const config = loadConfig();
  const ds = createDataSource(config.database, {
    connectTimeoutMs: config.dbConnectTimeoutMs,
    poolSize: 2,
    lockWaitTimeoutS: config.dbLockWaitTimeoutS,
  });
  await connectWithRetry(ds, { log: logger, timeoutS: config.dbStartTimeoutS });
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
