import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { printPmmSchema } from "./build-schema";

/** `npm run schema:emit` writes schema/schema.graphql; `--check` fails when the committed file is stale. */
const file = path.resolve(__dirname, "..", "..", "schema", "schema.graphql");
// Strict: a mistyped --check must not overwrite the committed file.
let check = false;
try {
  check = parseArgs({ options: { check: { type: "boolean" } } }).values.check ?? false;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : err}\nusage: npm run schema:emit [-- --check]`);
  process.exit(2);
}
const sdl = printPmmSchema();
if (check) {
  const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (committed !== sdl) {
    console.error(`${path.relative(process.cwd(), file)} is stale: run \`npm run schema:emit\` and commit it.`);
    process.exit(1);
  }
  console.log("schema/schema.graphql is current");
} else {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, sdl);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
