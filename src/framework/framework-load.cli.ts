import "reflect-metadata";
import fs from "node:fs";
import { parseCli } from "../common/cli-args";
import { loadConfig } from "../config";
import { createDataSource } from "../db/data-source";
import { bootstrapDatabase } from "../db/bootstrap";
import { FrameworkDefinitionError, loadFramework } from "./framework-loader";

/** `npm run framework:load -- FILE [--inactive]`: validates the whole file, then loads it in one transaction. */
const CLI = {
  usage: "npm run framework:load -- FILE [--inactive]",
  help: `Validates a framework definition file (every problem at once, with its path in the file) and loads it in one
transaction; a file with any problem changes nothing, and loading the same file again changes nothing.

  --inactive  load a new version without making it the one served by default`,
  options: { inactive: { type: "boolean" } },
  positionals: { min: 1, max: 1, name: "FILE" },
} as const;

async function main(): Promise<number> {
  // Strict: a mistyped flag (--inactve) is refused rather than loading and activating the version.
  const { values, positionals } = parseCli(CLI);
  const inactive = values.inactive ?? false;
  const file = positionals[0];
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    console.error(`cannot read ${file}: ${err instanceof Error ? err.message : err}`);
    return 2;
  }
  const config = loadConfig();
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    await bootstrapDatabase(ds, { seedDemo: false });
    const report = await loadFramework(ds, raw, { activate: !inactive });
    console.log(
      report.changed
        ? `framework ${report.version} loaded: ${report.inserted} inserted, ${report.updated} updated, ` +
            `${report.mappingsAdded} mappings added, ${report.mappingsRemoved} removed`
        : `framework ${report.version} is already loaded with this definition: nothing changed`,
    );
    return 0;
  } catch (err) {
    if (err instanceof FrameworkDefinitionError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await ds.destroy();
  }
}
main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
