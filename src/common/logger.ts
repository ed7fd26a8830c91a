import pino from "pino";

/** One structured JSON logger for the process; requests get child loggers carrying their id. */
export const logger = pino({
  level: process.env.PMM_LOG_LEVEL ?? "info",
  base: { service: "pmm-graph" },
  redact: { paths: ["req.headers.authorization", "headers.authorization", "token"], censor: "[redacted]" },
});
export type Logger = pino.Logger;
