import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { runCli, runTsCli } from "./support/cli";
import { ROOT } from "./support/server-process";

/**
 * Every command-line tool, found by name (a new one is covered without editing this file): the server's
 * (src/**\/*.cli.ts, run from dist/ as their npm scripts do) and the repository's TypeScript ones run with jiti
 * (scripts/*.cli.ts, clients/submission/*.cli.ts).
 */
const built = fs
  .readdirSync(path.join(ROOT, "src"), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".cli.ts"))
  .map((f) => f.replace(/\.ts$/, ".js"));
const scripts = ["scripts", "clients/submission", "dashboard"].flatMap((dir) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith(".cli.ts"))
    .map((f) => `${dir}/${f}`),
);
const run = (cli: string, args: string[]) =>
  cli.endsWith(".js") ? runCli(cli, args) : runTsCli(path.join(ROOT, cli), args);

describe("every CLI explains itself and refuses what it does not know", () => {
  it("finds the CLIs", () => {
    expect(built).toEqual(
      expect.arrayContaining(["disclosure/token.cli.js", "db/migrate.cli.js", "framework/framework-load.cli.js"]),
    );
    expect(scripts).toEqual(
      expect.arrayContaining(["clients/submission/upload-csv.cli.ts", "scripts/supergraph.cli.ts"]),
    );
  });

  it.each([...built, ...scripts])("%s: --help prints the usage and exits 0", (cli) => {
    const res = run(cli, ["--help"]);
    expect([res.code, res.stderr]).toEqual([0, ""]);
    expect(res.stdout).toMatch(/^usage: \S.*\n\n\S/);
  });

  it.each([...built, ...scripts])("%s: a bad option is one line on stderr and exit code 2, nothing done", (cli) => {
    const res = run(cli, ["--no-such-option"]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    const lines = res.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Unknown option '--no-such-option'; usage: \S.* \(--help for more\)$/);
  });
});

describe("npm run -s token, as the README shows it", () => {
  it("prints the token alone on stdout (so that it can be captured), without rebuilding a current dist/", () => {
    const mainJs = path.join(ROOT, "dist", "main.js");
    const before = fs.statSync(mainJs).mtimeMs;
    const res = spawnSync("npm", ["run", "-s", "token", "--", "--role", "NCP", "--member", "KEN"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, PMM_JWT_SECRET: "a-secret-of-at-least-32-characters-for-this-test" },
      timeout: 60_000,
    });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(res.stderr).toBe("");
    expect(fs.statSync(mainJs).mtimeMs).toBe(before);
  });

  it("a missing claim is one usage line and exit code 2", () => {
    const res = runCli("disclosure/token.cli.js", ["--role", "NCP"]);
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        /^cannot make a token: member: an NCP token must name its Member; usage: npm run -s token -- /,
      ),
    ]);
  });
});
