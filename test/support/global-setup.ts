import fs from "node:fs";
import path from "node:path";
import { createTestDatabase } from "./test-database";
import { ROOT, startServerProcess } from "./server-process";
import { TEST_JWT_SECRET } from "./constants";
import { staleBuild } from "./fresh-build";

/** One real server for the whole run, on a database of the run's own. Workers read where it is from env. */
export default async function globalSetup(): Promise<void> {
  const stale = staleBuild(ROOT);
  if (stale) {
    // One line, without a stack: the fix is a command, not a place in the code.
    const err = new Error(`${stale}: run \`npm test\` (it builds first) or \`npm run build\`, then jest.`);
    err.stack = err.message;
    throw err;
  }
  const db = await createTestDatabase();
  const logDir = path.join(ROOT, ".test-runs");
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `server-${process.pid}-${Date.now()}.log`);
  try {
    const server = await startServerProcess(
      // Public responses are not cached here, nor reference reads shared between requests: tests change data
      // (fixtures write cycles straight into the database) and read it back at once. The cache tests and
      // reference-snapshots.test.ts run servers of their own with both.
      {
        PMM_DATABASE_URL: db.url,
        PMM_SQL_STATS: "true",
        PMM_SEED_DEMO: "false",
        PMM_JWT_SECRET: TEST_JWT_SECRET,
        PMM_CACHE_MAX_AGE: "0",
        PMM_REFERENCE_MAX_AGE_MS: "0",
      },
      logFile,
    );
    process.env.PMM_TEST_BASE_URL = server.baseUrl;
    process.env.PMM_TEST_DATABASE_URL = db.url;
    process.env.PMM_TEST_ENGINE = db.engine;
    (globalThis as Record<string, unknown>).__pmmTest = { server, db };
    console.log(
      `\n[pmm-test] server ${server.baseUrl} on ${db.engine} (${db.url.replace(/\/\/[^@]*@/, "//")}), log ${path.relative(ROOT, logFile)}`,
    );
  } catch (err) {
    await db.drop();
    throw err;
  }
}
