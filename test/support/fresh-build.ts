import fs from "node:fs";
import path from "node:path";

/**
 * The end-to-end suite runs the built server (dist/), while in-process tests compile src/ fresh: a dist/ older
 * than src/ would test yesterday's server and pass. Returns why dist/ cannot be trusted, or null when every
 * src/ file has its compiled file at least as new as itself.
 */
export function staleBuild(root: string): string | null {
  const src = path.join(root, "src");
  const dist = path.join(root, "dist");
  if (!fs.existsSync(path.join(dist, "main.js"))) return "dist/ is missing";
  for (const entry of fs.readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts") || entry.name.endsWith(".d.ts")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const rel = path.relative(src, file);
    const built = path.join(dist, rel.replace(/\.ts$/, ".js"));
    const rebuilt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : -1;
    if (rebuilt < 0) return `dist/ has no ${path.relative(root, built)} for src/${rel}`;
    if (rebuilt < fs.statSync(file).mtimeMs) return `src/${rel} changed after dist/ was built`;
  }
  return null;
}
