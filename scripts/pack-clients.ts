/**
 * `npm run clients:pack [-- --out DIR]`: builds @pmm-graph/clients (clients/package.json) into .clients-package/
 * (JavaScript and .d.ts files, tsconfig.package.json) with its README, and packs it with `npm pack` into DIR
 * (default: the repository root). Prints the tarball's path.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseCli } from "../src/common/cli-args";

const ROOT = path.resolve(__dirname, "..");
export const PACKAGE_DIR = path.join(ROOT, ".clients-package");

/** Builds and packs the package; returns the tarball's absolute path. */
export function packClients(outDir: string): string {
  fs.rmSync(PACKAGE_DIR, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "clients", "tsconfig.package.json")],
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
  );
  for (const file of ["package.json", "README.md"]) {
    fs.copyFileSync(path.join(ROOT, "clients", file), path.join(PACKAGE_DIR, file));
  }
  fs.mkdirSync(outDir, { recursive: true });
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", outDir], {
    cwd: PACKAGE_DIR,
    encoding: "utf8",
  });
  const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
  return path.join(outDir, filename);
}

export function main(args: string[]): number {
  const { values } = parseCli(
    {
      usage: "npm run clients:pack [-- --out DIR]",
      help: `Builds the typed clients as the package @pmm-graph/clients (JavaScript and .d.ts files, its README) and packs it
with npm pack; install the tarball in another project with npm install PATH.tgz (graphql 16 is a peer dependency).

  --out  where to write the tarball (default: the repository root)`,
      options: { out: { type: "string" } },
    },
    args,
  );
  console.log(packClients(path.resolve(values.out ?? ROOT)));
  return 0;
}
