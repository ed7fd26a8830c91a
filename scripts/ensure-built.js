#!/usr/bin/env node
// `node scripts/ensure-built.js`: run by `npm start` and the CLIs' npm scripts before they run dist/. Silent and
// instant when dist/ is current (the build of `npm install`'s prepare step); rebuilds (npm run build) only when a
// file under src/ is newer than what dist/ holds for it. Plain JavaScript: it must run before anything is compiled.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const ROOT = path.resolve(__dirname, "..");

/**
 * Why dist/ cannot be trusted, or null when every src/ file has its compiled file at least as new as itself:
 * `.ts` files their `.js`, JSON files (reference data, framework definitions: emitted by tsc) their copy.
 */
function staleBuild(root = ROOT) {
  const src = path.join(root, "src");
  const dist = path.join(root, "dist");
  if (!fs.existsSync(path.join(dist, "main.js"))) return "dist/ is missing";
  for (const entry of fs.readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const rel = path.relative(src, file);
    let built;
    if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
      built = path.join(dist, rel.replace(/\.ts$/, ".js"));
    else if (entry.name.endsWith(".json")) built = path.join(dist, rel);
    else continue;
    const stat = fs.statSync(built, { throwIfNoEntry: false });
    // A JSON file nothing imports is not emitted: only .ts files must have their output.
    if (!stat) {
      if (entry.name.endsWith(".ts")) return `dist/ has no ${path.relative(root, built)} for src/${rel}`;
      continue;
    }
    if (stat.mtimeMs < fs.statSync(file).mtimeMs) return `src/${rel} changed after dist/ was built`;
  }
  return null;
}

module.exports = { staleBuild };

if (require.main === module) {
  const stale = staleBuild();
  if (stale) {
    // stderr only: stdout is the command's own output (`npm run -s token` is captured).
    process.stderr.write(`[build] ${stale}: building (npm run build)\n`);
    const npm = process.env.npm_execpath;
    const res = npm
      ? spawnSync(process.execPath, [npm, "run", "-s", "build"], { cwd: ROOT, stdio: ["ignore", 2, 2] })
      : spawnSync("npm", ["run", "-s", "build"], {
          cwd: ROOT,
          stdio: ["ignore", 2, 2],
          shell: process.platform === "win32",
        });
    process.exit(res.status ?? 1);
  }
}
