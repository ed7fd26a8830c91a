import path from "node:path";
import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig, parseDatabaseUrl } from "../../src/config";

const SECRET = "a-test-secret-of-at-least-32-characters!";

/** The problems loadConfig refuses an environment with (every one of them, in one error). */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("the configuration was accepted");
}

describe("loadConfig", () => {
  it("gives the README's defaults for an empty development environment", () => {
    expect(loadConfig({})).toEqual({
      env: "development",
      port: 4000,
      host: "0.0.0.0",
      database: { engine: "sqlite", file: path.join(process.cwd(), "data", "pmm.sqlite") },
      jwtSecret: DEVELOPMENT_JWT_SECRET,
      jwtSecretIsDevelopment: true,
      seedDemo: true,
      logLevel: "info",
      sqlStats: false,
      maxPageSize: 1000,
      jwksUrl: undefined,
      introspection: true,
      maxDepth: 12,
      maxAliases: 30,
      maxCost: 200000,
      bodyLimit: "1mb",
      cacheMaxAge: 60,
      referenceMaxAgeMs: 1000,
      reportStaleAfterS: 600,
      redisUrl: undefined,
      redisPrefix: "pmm",
      migrateOnStart: true,
      shutdownGraceMs: 10000,
      dbConnectTimeoutMs: 3000,
      dbPoolSize: 10,
      dbLockWaitTimeoutS: 5,
      dbStartTimeoutS: 60,
      executionBudget: 100000,
      federationSecret: undefined,
      testDelayMs: 0,
      benchWithoutRules: false,
      corsOrigins: ["http://localhost:*", "http://127.0.0.1:*"],
      explorer: true,
      sdc: { minContributors: 5, minForQuantiles: 10 },
    });
  });

  it("reads the disclosure-control thresholds, refusing them below 3 and quantiles below contributors", () => {
    expect(loadConfig({ PMM_SDC_MIN_CONTRIBUTORS: "3", PMM_SDC_MIN_FOR_QUANTILES: "7" }).sdc).toEqual({
      minContributors: 3,
      minForQuantiles: 7,
    });
    expect(problemsOf({ PMM_SDC_MIN_CONTRIBUTORS: "2", PMM_SDC_MIN_FOR_QUANTILES: "2" })).toEqual([
      "PMM_SDC_MIN_CONTRIBUTORS: must be a whole number from 3 to 1000",
      "PMM_SDC_MIN_FOR_QUANTILES: must be a whole number from 3 to 1000",
    ]);
    expect(problemsOf({ PMM_SDC_MIN_CONTRIBUTORS: "12" })).toEqual([
      "PMM_SDC_MIN_FOR_QUANTILES: must be at least PMM_SDC_MIN_CONTRIBUTORS",
    ]);
  });

  it("reads numbers, booleans in their spellings and sizes in any case", () => {
    const c = loadConfig({
      PORT: "8080",
      PMM_MAX_PAGE_SIZE: "20",
      PMM_SEED_DEMO: "no",
      PMM_INTROSPECTION: "0",
      PMM_MIGRATE_ON_START: "yes",
      PMM_BODY_LIMIT: "2MB",
      PMM_DATABASE_URL: "mariadb://pmm:pw@db:3306/pmm",
    });
    expect(c).toMatchObject({
      port: 8080,
      maxPageSize: 20,
      seedDemo: false,
      introspection: false,
      migrateOnStart: true,
      bodyLimit: "2mb",
      database: { engine: "mysql", url: "mysql://pmm:pw@db:3306/pmm" },
    });
  });

  it("takes an empty variable as unset (compose files and shells write them)", () => {
    expect(loadConfig({ PMM_MAX_DEPTH: "", PMM_REDIS_URL: "", PORT: "" })).toMatchObject({
      maxDepth: 12,
      redisUrl: undefined,
      port: 4000,
    });
  });

  it("seeds demo data only on the embedded default database", () => {
    expect(loadConfig({ PMM_DATABASE_URL: "sqlite:data/other.sqlite" }).seedDemo).toBe(false);
    expect(loadConfig({ PMM_DATABASE_URL: "mysql://db/pmm" }).seedDemo).toBe(false);
  });

  it("turns introspection off and needs a real secret in production", () => {
    expect(loadConfig({ NODE_ENV: "production", PMM_JWT_SECRET: SECRET })).toMatchObject({
      env: "production",
      jwtSecret: SECRET,
      jwtSecretIsDevelopment: false,
      introspection: false,
    });
    expect(loadConfig({ NODE_ENV: "production", PMM_JWKS_URL: "https://id.example.org/jwks.json" })).toMatchObject({
      jwtSecret: null,
      jwksUrl: "https://id.example.org/jwks.json",
    });
  });

  it.each([
    ["PORT", "eighty", "PORT: must be a whole number from 0 to 65535"],
    ["PORT", "65536", "PORT: must be a whole number from 0 to 65535"],
    ["PMM_MAX_PAGE_SIZE", "0", "PMM_MAX_PAGE_SIZE: must be a whole number from 1 to 1000"],
    ["PMM_MAX_PAGE_SIZE", "1001", "PMM_MAX_PAGE_SIZE: must be a whole number from 1 to 1000"],
    ["PMM_MAX_DEPTH", "2.5", "PMM_MAX_DEPTH: must be a whole number from 1 to 100"],
    ["PMM_MAX_COST", "99", "PMM_MAX_COST: must be a whole number from 100 to 100000000"],
    ["PMM_DATABASE_URL", "postgres://db/pmm", "PMM_DATABASE_URL: must start with mysql://, mariadb:// or sqlite:"],
    ["PMM_JWT_SECRET", "short", "PMM_JWT_SECRET: must be at least 32 characters"],
    ["PMM_JWKS_URL", "not a url", "PMM_JWKS_URL: must be an http(s) URL"],
    ["PMM_BODY_LIMIT", "huge", "PMM_BODY_LIMIT: must be a size such as 100kb or 1mb"],
    ["PMM_REDIS_URL", "http://cache:6379", "PMM_REDIS_URL: must be a redis:// or rediss:// URL"],
    ["PMM_REDIS_PREFIX", "a b", "PMM_REDIS_PREFIX: letters, digits, _ . - only (at most 64)"],
    ["PMM_TEST_DELAY_MS", "100", "PMM_TEST_DELAY_MS: a test-only diagnostic, refused unless NODE_ENV=test"],
  ])("refuses %s=%j: %s", (name, value, problem) => {
    expect(problemsOf({ [name]: value })).toEqual([problem]);
  });

  it("accepts PMM_TEST_DELAY_MS under NODE_ENV=test", () => {
    expect(loadConfig({ NODE_ENV: "test", PMM_TEST_DELAY_MS: "100" }).testDelayMs).toBe(100);
  });

  it("names every problem of a production environment together, the per-variable ones first", () => {
    expect(
      problemsOf({
        NODE_ENV: "production",
        PORT: "-1",
        PMM_JWT_SECRET: DEVELOPMENT_JWT_SECRET,
        PMM_SQL_STATS: "true",
        PMM_JWKS_URL: "http://id.example.org/jwks.json",
        PMM_BENCH_WITHOUT_RULES: "false",
      }),
    ).toEqual([
      "PORT: must be a whole number from 0 to 65535",
      "PMM_JWT_SECRET: the development secret cannot be used in production",
      "PMM_JWKS_URL: must use https in production",
      "PMM_BENCH_WITHOUT_RULES: a benchmark-only switch that removes the permission rules, refused in production",
    ]);
  });

  it("refuses diagnostics in production, and production without any way to verify tokens", () => {
    expect(problemsOf({ NODE_ENV: "production", PMM_JWT_SECRET: SECRET, PMM_SQL_STATS: "1" })).toEqual([
      "PMM_SQL_STATS: diagnostics are not available in production",
    ]);
    expect(problemsOf({ NODE_ENV: "production" })).toEqual([
      "PMM_JWT_SECRET: required when NODE_ENV=production (unless PMM_JWKS_URL is set)",
    ]);
  });
});

describe("parseDatabaseUrl", () => {
  it.each([
    [undefined, { engine: "sqlite", file: "/srv/pmm/data/pmm.sqlite" }],
    ["sqlite:data/x.sqlite", { engine: "sqlite", file: "/srv/pmm/data/x.sqlite" }],
    ["sqlite:/var/lib/pmm.sqlite", { engine: "sqlite", file: "/var/lib/pmm.sqlite" }],
    ["sqlite:///var/lib/pmm.sqlite", { engine: "sqlite", file: "/var/lib/pmm.sqlite" }],
    ["mysql://root@127.0.0.1:3306/pmm", { engine: "mysql", url: "mysql://root@127.0.0.1:3306/pmm" }],
    ["mariadb://root@db/pmm", { engine: "mysql", url: "mysql://root@db/pmm" }],
  ])("%j from /srv/pmm is %j", (url, database) => {
    expect(parseDatabaseUrl(url, "/srv/pmm")).toEqual(database);
  });
});
