import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./support/server-process";

/** Starts the built server with exactly these variables (plus PATH), as an operator's environment would. */
function start(env: Record<string, string>) {
  const res = spawnSync(process.execPath, [path.join(ROOT, "dist", "main.js")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: res.status, stderr: res.stderr, stdout: res.stdout };
}

describe("configuration is validated once, at start", () => {
  it("refuses to start with bad variables and names every problem, one line each", () => {
    const res = start({
      NODE_ENV: "production",
      PORT: "eighty",
      PMM_DATABASE_URL: "postgres://db/pmm",
      PMM_JWKS_URL: "not a url",
      PMM_MAX_DEPTH: "0",
      PMM_BODY_LIMIT: "huge",
      PMM_REDIS_URL: "http://cache:6379",
      PMM_LOG_LEVEL: "loud",
    });
    expect(res.code).toBe(1);
    const problems = res.stderr.split("\n").filter((l) => l.startsWith("  - "));
    expect(problems).toEqual([
      "  - PORT: must be a whole number from 0 to 65535",
      "  - PMM_DATABASE_URL: must start with mysql://, mariadb:// or sqlite:",
      expect.stringMatching(/^ {2}- PMM_LOG_LEVEL: /),
      "  - PMM_JWKS_URL: must be an http(s) URL",
      "  - PMM_MAX_DEPTH: must be a whole number from 1 to 100",
      "  - PMM_BODY_LIMIT: must be a size such as 100kb or 1mb",
      "  - PMM_REDIS_URL: must be a redis:// or rediss:// URL",
      "  - PMM_JWT_SECRET: required when NODE_ENV=production (unless PMM_JWKS_URL is set)",
    ]);
    // The same problems as one structured line for log collectors.
    const line = JSON.parse(res.stdout.trim().split("\n").pop()!);
    expect(line).toMatchObject({ level: 60, msg: "invalid configuration" });
    expect(line.problems).toHaveLength(8);
  });

  it("refuses production without a real secret, with plain-http key sets and with test-only diagnostics", () => {
    const res = start({
      NODE_ENV: "production",
      PMM_JWT_SECRET: "pmm-graph-development-secret-do-not-use-in-production",
      PMM_JWKS_URL: "http://login.example.org/.well-known/jwks.json",
      PMM_SQL_STATS: "true",
      PMM_TEST_DELAY_MS: "100",
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("PMM_JWT_SECRET: the development secret cannot be used in production");
    expect(res.stderr).toContain("PMM_JWKS_URL: must use https in production");
    expect(res.stderr).toContain("PMM_SQL_STATS: diagnostics are not available in production");
    expect(res.stderr).toContain("PMM_TEST_DELAY_MS: a test-only diagnostic, refused unless NODE_ENV=test");
  });

  it("refuses the benchmark's switch that removes the permission rules in production, whatever its value", () => {
    for (const value of ["true", "false"]) {
      const res = start({
        NODE_ENV: "production",
        PMM_JWT_SECRET: "a-production-secret-of-at-least-32-characters",
        PMM_BENCH_WITHOUT_RULES: value,
      });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(
        "PMM_BENCH_WITHOUT_RULES: a benchmark-only switch that removes the permission rules, refused in production",
      );
    }
  });

  it("refuses a secret that is too short", () => {
    const res = start({ PMM_JWT_SECRET: "short" });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("PMM_JWT_SECRET: must be at least 32 characters");
  });

  it("refuses CORS origins that are not origins, and the explorer without introspection", () => {
    const res = start({
      NODE_ENV: "production",
      PMM_JWT_SECRET: "a-production-secret-of-at-least-32-characters",
      PMM_CORS_ORIGINS: "https://dashboard.example.org/path,*",
      PMM_EXPLORER: "true",
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      "PMM_CORS_ORIGINS: comma-separated origins scheme://host[:port] (no path; `:*` for any port), or `*` alone",
    );
    expect(res.stderr).toContain("PMM_EXPLORER: needs PMM_INTROSPECTION=true (the explorer reads the schema)");
  });
});
