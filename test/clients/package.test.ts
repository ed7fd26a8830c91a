import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { baseUrl } from "../support/graphql";
import { ROOT } from "../support/server-process";
import { packClients } from "../../scripts/pack-clients";

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const installedVersion = (pkg: string) =>
  (JSON.parse(read(`node_modules/${pkg}/package.json`)) as { version: string }).version;

/**
 * What a downstream team does: pack the clients, install the tarball into a project of its own outside this
 * repository (with graphql, the peer dependency), type-check the README's example there under the strictest
 * settings, and run it against the server.
 */
describe("@pmm-graph/clients, installed from its tarball into a fresh project", () => {
  let project: string;
  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "pmm-clients-consumer-"));
    const tarball = packClients(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    // The versions this repository has installed: npm finds them in its cache.
    execFileSync(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        tarball,
        `graphql@${installedVersion("graphql")}`,
        `@types/node@${installedVersion("@types/node")}`,
      ],
      { cwd: project, stdio: "ignore", timeout: 120_000 },
    );
  }, 180_000);
  afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("is outside the repository and has only what it installed", () => {
    expect(path.relative(ROOT, project)).toMatch(/^\.\./);
    expect(fs.readdirSync(path.join(project, "node_modules", "@pmm-graph", "clients", "dist")).sort()).toEqual([
      "dashboard",
      "regional",
      "secretariat",
      "shared",
      "submission",
    ]);
  });

  it("type-checks the README's example with strict settings and runs it against the server", () => {
    const readme = read("clients/README.md");
    const example = readme.match(/## Example[\s\S]*?```ts\n([\s\S]*?)```/)![1];
    expect(example).toContain('from "@pmm-graph/clients/dashboard"');
    fs.writeFileSync(path.join(project, "example.ts"), example);
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "node16",
          moduleResolution: "node16",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noImplicitOverride: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          // The package's own .d.ts files are checked too.
          skipLibCheck: false,
          types: ["node"],
          outDir: "out",
        },
        files: ["example.ts"],
      }),
    );
    const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", project], {
      cwd: project,
      encoding: "utf8",
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);

    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [path.join(project, "out", "example.js")], {
        cwd: project,
        encoding: "utf8",
        env: { PATH: process.env.PATH, PMM_ENDPOINT: `${baseUrl()}/graphql`, ...env },
        timeout: 60_000,
      });
    const ok = run({});
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const lines = ok.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("Kenya, cycle 2025");
    expect(lines.slice(1).map((l) => l.trim().split(" ")[0])).toEqual(["TF", "RC", "ES", "OD"]);
    // A refused token is an error with the API's code, not an anonymous answer.
    const refused = run({ PMM_TOKEN: "not-a-token" });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^UNAUTHENTICATED: /);
  });
});

describe("@pmm-graph/clients: the package's declaration", () => {
  const pkg = JSON.parse(read("clients/package.json"));

  it("has the version of the latest release in CHANGELOG.md", () => {
    const released = read("CHANGELOG.md").match(/^## (\d+\.\d+\.\d+)\b/m)![1];
    expect(pkg.version).toBe(released);
  });

  it("exports one entry per client, with types, and takes graphql as a peer dependency", () => {
    const clients = fs
      .readdirSync(path.join(ROOT, "clients"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "shared")
      .map((d) => d.name)
      .sort();
    expect(
      Object.keys(pkg.exports)
        .filter((k) => k !== "./package.json")
        .sort(),
    ).toEqual(clients.map((c) => `./${c}`));
    for (const c of clients) {
      expect(pkg.exports[`./${c}`]).toEqual({ types: `./dist/${c}/index.d.ts`, default: `./dist/${c}/index.js` });
    }
    expect(pkg.peerDependencies).toEqual({ graphql: "^16.0.0" });
    expect(pkg.dependencies?.graphql).toBeUndefined();
  });
});
