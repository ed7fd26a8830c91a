import pino from "pino";

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);
// Read before config validation (modules log while loading); a bad value is reported by loadConfig, not thrown here.
const level = LEVELS.has(process.env.PMM_LOG_LEVEL ?? "") ? process.env.PMM_LOG_LEVEL! : "info";

/**
 * Errors keep their type, message, code and stack only: driver errors carry the SQL with its
 * parameters inlined (`sql`, `parameters`, `query`), and parameters can be protected values.
 */
function safeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & { code?: unknown; errno?: unknown; sqlState?: unknown; cause?: unknown };
  return {
    type: e.constructor?.name ?? "Error",
    message: e.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.errno !== undefined ? { errno: e.errno } : {}),
    ...(e.sqlState !== undefined ? { sqlState: e.sqlState } : {}),
    stack: e.stack,
    ...(e.cause instanceof Error ? { cause: safeError(e.cause) } : {}),
  };
}

/** One structured JSON logger for the process; requests get child loggers carrying their id. */
export const logger = pino({
  level,
  base: { service: "pmm-graph" },
  serializers: { err: safeError },
  redact: { paths: ["req.headers.authorization", "headers.authorization", "token"], censor: "[redacted]" },
});
export type Logger = pino.Logger;
