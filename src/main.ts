import "reflect-metadata";
import type http from "node:http";
import { ConfigError, loadConfig } from "./config";
import { createDataSource } from "./db/data-source";
import { bootstrapDatabase } from "./db/bootstrap";
import { withMigrationLock } from "./db/migration-lock";
import { listenWhileStarting, startServer, type PmmServer } from "./server";
import { connectWithRetry } from "./db/connect-retry";
import { flushLogs, logger } from "./common/logger";

/** Process start: configuration, database (migrated and seeded), server, signals. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.jwtSecretIsDevelopment) {
    logger.warn("PMM_JWT_SECRET is not set: using the DEVELOPMENT secret. Tokens signed with it are not secure.");
  }
  if (config.benchWithoutRules) {
    logger.warn(
      "PMM_BENCH_WITHOUT_RULES=true: serving WITHOUT the permission rules (benchmark only; refused in production)",
    );
  }
  const ds = createDataSource(config.database, {
    connectTimeoutMs: config.dbConnectTimeoutMs,
    poolSize: config.dbPoolSize,
    lockWaitTimeoutS: config.dbLockWaitTimeoutS,
  });
  // Signals first: a stop asked for while the database is still awaited must end the process cleanly too.
  const started: { server?: PmmServer; listening?: http.Server } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new connections, finishing requests in flight");
    // The drain gives in-flight requests PMM_SHUTDOWN_GRACE_MS; this bounds everything after it too.
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownGraceMs + 5_000);
    force.unref();
    try {
      const { server, listening } = started;
      if (server) await server.stop();
      else if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
      if (ds.isInitialized) await ds.destroy();
      logger.info("stopped");
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "error during shutdown");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  // The probes answer while the database is awaited (for as long as it takes; an orchestrator decides).
  const listening = (started.listening = await listenWhileStarting(config));
  await connectWithRetry(ds, { log: logger });
  if (stopping) return;
  if (config.migrateOnStart) {
    await withMigrationLock(ds, () => bootstrapDatabase(ds, { seedDemo: config.seedDemo }));
  } else {
    logger.info("PMM_MIGRATE_ON_START=false: not ready until migrations are applied (npm run migrate)");
  }
  const server = (started.server = await startServer(config, ds, { listening }));
  logger.info({ url: server.url, engine: config.database.engine }, `PMM Graph ready at ${server.url}`);
  flushLogs();
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    // Plain text for the operator at the terminal, and the same problems as one structured log line.
    process.stderr.write(`${err.message}\n`);
    logger.fatal({ problems: err.problems }, "invalid configuration");
  } else {
    logger.fatal({ err }, "failed to start");
  }
  process.exit(1);
});
