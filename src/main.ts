import "reflect-metadata";
import { ConfigError, loadConfig } from "./config";
import { createDataSource } from "./db/data-source";
import { bootstrapDatabase } from "./db/bootstrap";
import { startServer } from "./server";
import { logger } from "./common/logger";

/** Process start: configuration, database (migrated and seeded), server, signals. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.jwtSecretIsDevelopment) {
    logger.warn("PMM_JWT_SECRET is not set: using the DEVELOPMENT secret. Tokens signed with it are not secure.");
  }
  const ds = createDataSource(config.database);
  await ds.initialize();
  await bootstrapDatabase(ds, { seedDemo: config.seedDemo });
  const server = await startServer(config, ds);
  logger.info({ url: server.url, engine: config.database.engine }, `PMM Graph ready at ${server.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await server.stop();
      await ds.destroy();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "error during shutdown");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    logger.fatal(err.message);
  } else {
    logger.fatal({ err }, "failed to start");
  }
  process.exit(1);
});
