import { DataSource } from "typeorm";
import { logger } from "../common/logger";
import { seedReferenceData } from "./seed/reference.seed";
import { loadFramework } from "../framework/framework-loader";
import { FrameworkVersion } from "../framework/framework-version.entity";
import { seedDemoResults } from "./seed/demo.seed";
import frameworkV1 from "../framework/definitions/pmm-framework-v1.json";

export interface BootstrapOptions {
  seedDemo: boolean;
}

/** Brings a database up to date on start: migrations, then reference data and V1 when it is empty. */
export async function bootstrapDatabase(ds: DataSource, opts: BootstrapOptions): Promise<void> {
  const applied = await ds.runMigrations({ transaction: "each" });
  if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, "migrations applied");
  if (await seedReferenceData(ds)) logger.info("reference data loaded");
  // Always offered: a no-op when V1 is loaded as shipped; picks up a release's corrections to V1 otherwise.
  const report = await loadFramework(ds, frameworkV1, {
    activate: (await ds.getRepository(FrameworkVersion).count()) === 0,
  });
  if (report.changed) logger.info({ report }, "framework V1 loaded");
  if (opts.seedDemo) {
    const demo = await seedDemoResults(ds);
    if (demo) logger.info(demo, "demo results loaded");
  }
}
