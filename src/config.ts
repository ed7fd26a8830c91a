import path from "node:path";
import { z } from "zod";

/** Development stand-in; refused when NODE_ENV=production (see loadConfig). */
export const DEVELOPMENT_JWT_SECRET = "pmm-graph-development-secret-do-not-use-in-production";

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PMM_DATABASE_URL: z
    .string()
    .regex(/^(mysql|mariadb|sqlite):/, "must start with mysql://, mariadb:// or sqlite:")
    .optional(),
  PMM_JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PMM_SEED_DEMO: boolean.optional(),
  PMM_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PMM_SQL_STATS: boolean.default(false),
  PMM_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(1000),
});

export type DatabaseConfig =
  | { engine: "sqlite"; file: string }
  | { engine: "mysql"; url: string };

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  database: DatabaseConfig;
  jwtSecret: string;
  jwtSecretIsDevelopment: boolean;
  /** Load synthetic demo results on an empty database (default: only on the embedded SQLite default). */
  seedDemo: boolean;
  logLevel: string;
  /** Report SQL statements per request in `extensions.sqlStatements` (tests and benchmarks only). */
  sqlStats: boolean;
  maxPageSize: number;
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
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === "production" && !e.PMM_JWT_SECRET) {
    problems.push("PMM_JWT_SECRET: required when NODE_ENV=production");
  }
  if (e.PMM_JWT_SECRET === DEVELOPMENT_JWT_SECRET && e.NODE_ENV === "production") {
    problems.push("PMM_JWT_SECRET: the development secret cannot be used in production");
  }
  if (e.NODE_ENV === "production" && e.PMM_SQL_STATS) {
    problems.push("PMM_SQL_STATS: diagnostics are not available in production");
  }
  if (problems.length) throw new ConfigError(problems);
  const database = parseDatabaseUrl(e.PMM_DATABASE_URL);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database,
    jwtSecret: e.PMM_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    jwtSecretIsDevelopment: !e.PMM_JWT_SECRET,
    seedDemo: e.PMM_SEED_DEMO ?? (database.engine === "sqlite" && !e.PMM_DATABASE_URL),
    logLevel: e.PMM_LOG_LEVEL,
    sqlStats: e.PMM_SQL_STATS,
    maxPageSize: e.PMM_MAX_PAGE_SIZE,
  };
}
