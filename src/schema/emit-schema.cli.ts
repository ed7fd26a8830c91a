import fs from "node:fs";
import path from "node:path";
import { parseCli } from "../common/cli-args";
import { printPmmSchema, printSubgraphSchema } from "./build-schema";

/**
 * `npm run schema:emit` writes schema/schema.graphql (the API clients use) and schema/subgraph.graphql (what
 * `_service { sdl }` answers, what a supergraph composes); `--check` fails when either committed file is stale.
 */
// Strict: a mistyped --check must not overwrite the committed files.
const check =
  parseCli({
    usage: "npm run schema:emit [-- --check]",
    help: `Writes schema/schema.graphql and schema/subgraph.graphql from the code.

  --check  write nothing; exit 1 when either committed file differs from the code (npm run schema:check)`,
    options: { check: { type: "boolean" } },
  }).values.check ?? false;
const dir = path.resolve(__dirname, "..", "..", "schema");
const files: [string, string][] = [
  [path.join(dir, "schema.graphql"), printPmmSchema()],
  [path.join(dir, "subgraph.graphql"), printSubgraphSchema()],
];
let stale = false;
for (const [file, sdl] of files) {
  const name = path.relative(process.cwd(), file);
  if (check) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (committed !== sdl) {
      console.error(`${name} is stale: run \`npm run schema:emit\` and commit it.`);
      stale = true;
    } else console.log(`${name} is current`);
  } else {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, sdl);
    console.log(`wrote ${name}`);
  }
}
if (stale) process.exit(1);
