import path from "node:path";
import { z } from "zod";

/** Development stand-in; refused when NODE_ENV=production (see loadConfig). */
export const DEVELOPMENT_JWT_SECRET = "pmm-graph-development-secret-do-not-use-in-production";

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** A whole number in [min, max], with one message that names the range whatever is wrong. */
const int = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

/** One entry of PMM_CORS_ORIGINS: an origin as browsers send it, whose port may be `*` (any port). */
const CORS_ORIGIN = /^https?:\/\/[a-z0-9.-]+(\[[0-9a-f:]+\])?(:(\d{1,5}|\*))?$/i;

/** Outside production, pages served from this machine on any port may call the API (a dashboard in development). */
export const DEVELOPMENT_CORS_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"];

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(0, 65535).default(4000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PMM_DATABASE_URL: z
    .string()
    .regex(/^(mysql|mariadb|sqlite):/, "must start with mysql://, mariadb:// or sqlite:")
    .optional(),
  PMM_JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PMM_FEDERATION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PMM_SEED_DEMO: boolean.optional(),
  PMM_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PMM_SQL_STATS: boolean.default(false),
  PMM_MAX_PAGE_SIZE: int(1, 1000).default(1000),
  PMM_JWKS_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  PMM_INTROSPECTION: boolean.optional(),
  PMM_MAX_DEPTH: int(1, 100).default(12),
  PMM_MAX_ALIASES: int(0, 1000).default(30),
  PMM_MAX_COST: int(100, 100_000_000).default(200_000),
  PMM_EXECUTION_BUDGET: int(10, 100_000_000).default(100_000),
  PMM_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, "must be a size such as 100kb or 1mb")
    .default("1mb"),
  PMM_CACHE_MAX_AGE: int(0, 86400).default(60),
  PMM_REFERENCE_MAX_AGE_MS: int(0, 60_000).default(1000),
  PMM_REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
  PMM_REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,64}$/, "letters, digits, _ . - only (at most 64)")
    .default("pmm"),
  PMM_MIGRATE_ON_START: boolean.default(true),
  PMM_SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  PMM_DB_CONNECT_TIMEOUT_MS: int(100, 60_000).default(3000),
  PMM_DB_POOL_SIZE: int(1, 200).default(10),
  PMM_DB_LOCK_WAIT_TIMEOUT_S: int(1, 300).default(5),
  PMM_DB_START_TIMEOUT_S: int(0, 3600).default(60),
  PMM_TEST_DELAY_MS: int(0, 60_000).optional(),
  PMM_BENCH_WITHOUT_RULES: boolean.default(false),
  PMM_CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(",").map((o) => o.trim()))
    .refine((list) => (list.length === 1 && list[0] === "*") || list.every((o) => CORS_ORIGIN.test(o)), {
      error: "comma-separated origins scheme://host[:port] (no path; `:*` for any port), or `*` alone for every origin",
    })
    .optional(),
  PMM_EXPLORER: boolean.optional(),
  // Disclosure control of published report releases (src/report, docs/methods.md section 12): below 3 a
  // "group" figure is one or two Members' values, so the thresholds are refused there.
  PMM_SDC_MIN_CONTRIBUTORS: int(3, 1000).default(5),
  PMM_SDC_MIN_FOR_QUANTILES: int(3, 1000).default(10),
  // A report draft still COMPUTING after this long is stopped (and, left by a process that died, stale): a full
  // cycle takes about a minute of CPU (docs/report.md).
  PMM_REPORT_STALE_AFTER_S: int(5, 86_400).default(600),
});

export type DatabaseConfig = { engine: "sqlite"; file: string } | { engine: "mysql"; url: string };

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  database: DatabaseConfig;
  /** HS256 secret; null in production when only RS256 tokens from PMM_JWKS_URL are accepted. */
  jwtSecret: string | null;
  jwtSecretIsDevelopment: boolean;
  /** The gateway's shared secret: in production `_service { sdl }` answers only requests presenting it. */
  federationSecret?: string;
  /** Load synthetic demo results on an empty database (default: only on the embedded SQLite default). */
  seedDemo: boolean;
  logLevel: string;
  /** Report SQL statements per request in `extensions.sqlStatements` (tests and benchmarks only). */
  sqlStats: boolean;
  maxPageSize: number;
  /** RS256 key set for viewer tokens (validated here; verification belongs to the viewer module). */
  jwksUrl?: string;
  /** Introspection and field suggestions in errors; off in production by default. */
  introspection: boolean;
  maxDepth: number;
  maxAliases: number;
  /** Largest estimated cost a query may have (src/http/query-cost.ts). */
  maxCost: number;
  /** List items one query's resolvers may return in all (src/http/execution-budget.ts). */
  executionBudget: number;
  bodyLimit: string;
  /** maxAge (seconds) of public reference data for anonymous requests; 0 turns off public caching. */
  cacheMaxAge: number;
  /**
   * How long the process shares one read of the cycle calendar and of a framework version's structure
   * between requests (src/common/shared-snapshot.ts); 0: every request reads them.
   */
  referenceMaxAgeMs: number;
  redisUrl?: string;
  redisPrefix: string;
  migrateOnStart: boolean;
  shutdownGraceMs: number;
  dbConnectTimeoutMs: number;
  dbPoolSize: number;
  /** How long one statement waits for a row lock (MySQL/MariaDB) before the edit is answered CONFLICT/LOCK_TIMEOUT. */
  dbLockWaitTimeoutS: number;
  /** How long `npm run migrate` (and so the container's entrypoint) retries a database that does not answer. */
  dbStartTimeoutS: number;
  /** Holds every GraphQL operation this long (shutdown tests only; refused unless NODE_ENV=test). */
  testDelayMs: number;
  /**
   * Benchmark only (`npm run bench` measures what the permission layer costs): serve the schema without
   * the shield rules of src/disclosure/permissions.ts. Refused when NODE_ENV=production.
   */
  benchWithoutRules: boolean;
  /**
   * Origins whose pages may call the API from a browser (src/http/cors.ts): `["*"]` for any (then without
   * `Authorization`), entries with `:*` for any port; empty: none.
   */
  corsOrigins: string[];
  /** GraphiQL at GET /graphql for browsers (src/http/explorer.ts); needs introspection. */
  explorer: boolean;
  /**
   * Thresholds of disclosure control for report releases (src/report): a figure is published only when the
   * contributions hidden from a viewer are none or at least `minContributors` (`minForQuantiles` for medians
   * and quartiles, which are order statistics).
   */
  sdc: { minContributors: number; minForQuantiles: number };
  /** Seconds after which a report draft still COMPUTING is stopped, or taken for stale. */
  reportStaleAfterS: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parseDatabaseUrl(url: string | undefined, cwd = process.cwd()): DatabaseConfig {
  if (!url) return { engine: "sqlite", file: path.join(cwd, "data", "pmm.sqlite") };
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    return { engine: "sqlite", file: path.resolve(cwd, file) };
  }
  return { engine: "mysql", url: url.replace(/^mariadb:/, "mysql:") };
}

/** Reads and validates the environment once, reporting every bad variable together. */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set" (compose files and shells produce them for optional settings).
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== ""));
  const parsed = envSchema.safeParse(env);
  // Rules across variables read the raw values, so they are reported with the per-variable ones.
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  const production = env.NODE_ENV === "production";
  // Production verifies tokens with a real secret, or only with the identity provider's keys.
  if (production && !env.PMM_JWT_SECRET && !(parsed.success && parsed.data.PMM_JWKS_URL)) {
    problems.push("PMM_JWT_SECRET: required when NODE_ENV=production (unless PMM_JWKS_URL is set)");
  }
  if (env.PMM_JWT_SECRET === DEVELOPMENT_JWT_SECRET && production) {
    problems.push("PMM_JWT_SECRET: the development secret cannot be used in production");
  }
  if (production && parsed.success && parsed.data.PMM_SQL_STATS) {
    problems.push("PMM_SQL_STATS: diagnostics are not available in production");
  }
  if (production && env.PMM_JWKS_URL?.startsWith("http:")) {
    problems.push("PMM_JWKS_URL: must use https in production");
  }
  // Refused whatever its value: a production environment has no business naming it at all.
  if (production && env.PMM_BENCH_WITHOUT_RULES !== undefined) {
    problems.push(
      "PMM_BENCH_WITHOUT_RULES: a benchmark-only switch that removes the permission rules, refused in production",
    );
  }
  if (env.PMM_TEST_DELAY_MS !== undefined && env.NODE_ENV !== "test") {
    problems.push("PMM_TEST_DELAY_MS: a test-only diagnostic, refused unless NODE_ENV=test");
  }
  // The explorer reads the schema by introspection: without it the page would show nothing usable.
  if (boolean.safeParse(env.PMM_EXPLORER).data) {
    const introspection = boolean.safeParse(env.PMM_INTROSPECTION).data ?? !production;
    if (!introspection) problems.push("PMM_EXPLORER: needs PMM_INTROSPECTION=true (the explorer reads the schema)");
  }
  // A quartile is as revealing as a mean at least: its threshold cannot be the lower one.
  if (parsed.success && parsed.data.PMM_SDC_MIN_FOR_QUANTILES < parsed.data.PMM_SDC_MIN_CONTRIBUTORS) {
    problems.push("PMM_SDC_MIN_FOR_QUANTILES: must be at least PMM_SDC_MIN_CONTRIBUTORS");
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const introspection = e.PMM_INTROSPECTION ?? e.NODE_ENV !== "production";
  const database = parseDatabaseUrl(e.PMM_DATABASE_URL);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database,
    jwtSecret: e.PMM_JWT_SECRET ?? (production ? null : DEVELOPMENT_JWT_SECRET),
    jwtSecretIsDevelopment: !e.PMM_JWT_SECRET && !production,
    federationSecret: e.PMM_FEDERATION_SECRET,
    seedDemo: e.PMM_SEED_DEMO ?? (database.engine === "sqlite" && !e.PMM_DATABASE_URL),
    logLevel: e.PMM_LOG_LEVEL,
    sqlStats: e.PMM_SQL_STATS,
    maxPageSize: e.PMM_MAX_PAGE_SIZE,
    jwksUrl: e.PMM_JWKS_URL,
    introspection,
    maxDepth: e.PMM_MAX_DEPTH,
    maxAliases: e.PMM_MAX_ALIASES,
    maxCost: e.PMM_MAX_COST,
    executionBudget: e.PMM_EXECUTION_BUDGET,
    bodyLimit: e.PMM_BODY_LIMIT.toLowerCase(),
    cacheMaxAge: e.PMM_CACHE_MAX_AGE,
    referenceMaxAgeMs: e.PMM_REFERENCE_MAX_AGE_MS,
    redisUrl: e.PMM_REDIS_URL,
    redisPrefix: e.PMM_REDIS_PREFIX,
    migrateOnStart: e.PMM_MIGRATE_ON_START,
    shutdownGraceMs: e.PMM_SHUTDOWN_GRACE_MS,
    dbConnectTimeoutMs: e.PMM_DB_CONNECT_TIMEOUT_MS,
    dbPoolSize: e.PMM_DB_POOL_SIZE,
    dbLockWaitTimeoutS: e.PMM_DB_LOCK_WAIT_TIMEOUT_S,
    dbStartTimeoutS: e.PMM_DB_START_TIMEOUT_S,
    testDelayMs: e.PMM_TEST_DELAY_MS ?? 0,
    benchWithoutRules: e.PMM_BENCH_WITHOUT_RULES,
    corsOrigins: e.PMM_CORS_ORIGINS ?? (production ? [] : DEVELOPMENT_CORS_ORIGINS),
    explorer: e.PMM_EXPLORER ?? (!production && introspection),
    sdc: { minContributors: e.PMM_SDC_MIN_CONTRIBUTORS, minForQuantiles: e.PMM_SDC_MIN_FOR_QUANTILES },
    reportStaleAfterS: e.PMM_REPORT_STALE_AFTER_S,
  };
}
