import fs from "node:fs";
import path from "node:path";
import { DataSource, DataSourceOptions } from "typeorm";
import type { DatabaseConfig } from "../config";
import { entities } from "./entities";
import { migrations } from "./migrations";
import { SqlLogger } from "./sql-logger";
import { setWritePolicy } from "./write-transaction";
import { badInput } from "../common/errors";

export interface PoolOptions {
  connectTimeoutMs: number;
  poolSize: number;
  /** Seconds a statement waits for a row lock (MySQL/MariaDB; PMM_DB_LOCK_WAIT_TIMEOUT_S). */
  lockWaitTimeoutS?: number;
}

/** One data source for either engine; the schema only ever changes through migrations. */
export function createDataSource(
  db: DatabaseConfig,
  pool: PoolOptions = { connectTimeoutMs: 3000, poolSize: 10 },
): DataSource {
  const common = {
    entities,
    migrations,
    migrationsTableName: "migrations",
    synchronize: false,
    logger: new SqlLogger(),
    maxQueryExecutionTime: 1000,
  } as const;
  let options: DataSourceOptions;
  if (db.engine === "sqlite") {
    fs.mkdirSync(path.dirname(db.file), { recursive: true });
    options = {
      ...common,
      type: "better-sqlite3",
      database: db.file,
      // WAL lets readers (tests, CLIs) open the file while the server writes.
      prepareDatabase: (conn: { pragma(sql: string): unknown }) => {
        conn.pragma("journal_mode = WAL");
        conn.pragma("busy_timeout = 5000");
      },
    };
  } else {
    options = {
      ...common,
      type: "mysql",
      url: db.url,
      charset: "utf8mb4_unicode_ci",
      timezone: "Z",
      // A database that goes away must fail requests within seconds, not hang them: a short connect
      // timeout, TCP keep-alive to notice dead peers, and a bounded wait queue for connections.
      connectTimeout: pool.connectTimeoutMs,
      extra: {
        connectionLimit: pool.poolSize,
        // At least 100: one operation's independent reads (30 aliases, say) must fit even with a pool of 1.
        queueLimit: waitingLimit(pool.poolSize),
        enableKeepAlive: true,
        keepAliveInitialDelay: 10_000,
        maxIdle: pool.poolSize,
        idleTimeout: 60_000,
        // No stack capture on every statement (mysql2's "long stack traces"): a tenth of the client's time
        // per statement; TypeORM's QueryFailedError already names the statement that failed.
        trace: false,
        // Prepared statements kept per connection (src/common/lean-find.ts), least recently used closed:
        // IN lists of every length are distinct statements, and the server caps them for all clients
        // together (max_prepared_stmt_count, 16,382 by default).
        maxPreparedStatements: 100,
      },
    };
  }
  const ds = bindNumbers(new DataSource(options));
  // Writers get at most half the pool, so reads always find a connection while writers wait on a row lock.
  setWritePolicy(ds, {
    lockWaitTimeoutS: pool.lockWaitTimeoutS ?? 5,
    writeSlots: Math.max(1, Math.floor(pool.poolSize / 2)),
    writeQueueLimit: waitingLimit(pool.poolSize),
  });
  return ds;
}

type Escape = (sql: string, parameters: Record<string, unknown>, native?: unknown) => [string, unknown[]];

/**
 * Numbers reach SQL as bound parameters, never as SQL text, and only finite ones. TypeORM's SQLite driver
 * writes a number parameter into the statement's text (`r.value >= Infinity` then fails as "no such column:
 * Infinity", and every value is a statement of its own); here it is bound, a whole number as an integer (as
 * the text was: a JavaScript number alone binds as a REAL, which a TEXT column would keep as "7.0"). On either
 * engine a number that is not finite is refused as the client's mistake before any SQL runs: the API refuses
 * such input earlier, so this is the last line, not the first.
 */
function bindNumbers(ds: DataSource): DataSource {
  const driver = ds.driver as unknown as { escapeQueryWithParameters: Escape };
  const escape = driver.escapeQueryWithParameters.bind(driver);
  const sqlite = ds.options.type === "better-sqlite3";
  driver.escapeQueryWithParameters = (sql, parameters, native) => {
    if (!parameters) return escape(sql, parameters, native);
    const boxed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parameters)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === "number" && !Number.isFinite(v)) throw badInput(`Parameter ${key} must be a finite number`);
      }
      boxed[key] = sqlite && typeof value === "number" ? new BoundNumber(value) : value;
    }
    const [text, params] = escape(sql, boxed, native);
    return [text, params.map((p) => (p instanceof BoundNumber ? p.bind() : p))];
  };
  return ds;
}

/** A number the SQLite driver passes through as a parameter (it writes bare numbers into the SQL text). */
class BoundNumber {
  constructor(readonly value: number) {}
  bind(): number | bigint {
    return Number.isSafeInteger(this.value) ? BigInt(this.value) : this.value;
  }
}

/** Requests that may wait for a connection (or a write slot) before the rest are answered 503. */
const waitingLimit = (poolSize: number) => Math.max(100, poolSize * 10);

export function engineOf(ds: DataSource): "sqlite" | "mysql" {
  return ds.options.type === "better-sqlite3" ? "sqlite" : "mysql";
}
