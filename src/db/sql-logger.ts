import type { Logger as TypeOrmLogger } from "typeorm";
import { logger } from "../common/logger";
import { requestScope } from "./request-scope";

/**
 * Counts statements per request (read back into `extensions.sqlStatements` when enabled) and sends
 * TypeORM's own messages to the structured log. Parameters are never logged: they can hold protected values.
 */
export class SqlLogger implements TypeOrmLogger {
  private readonly out = logger.child({ component: "db" });

  logQuery(): void {
    const scope = requestScope.getStore();
    if (scope) scope.sqlStatements += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    this.out.warn({ err: typeof error === "string" ? { message: error } : error, query }, "query failed");
  }
  logQuerySlow(time: number, query: string): void {
    this.out.warn({ durationMs: time, query }, "slow query");
  }
  logSchemaBuild(message: string): void {
    this.out.debug(message);
  }
  logMigration(message: string): void {
    this.out.info(message);
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.out.warn(String(message));
    else this.out.debug(String(message));
  }
}
