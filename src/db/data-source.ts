import fs from "node:fs";
import path from "node:path";
import { DataSource, DataSourceOptions } from "typeorm";
import type { DatabaseConfig } from "../config";
import { entities } from "./entities";
import { migrations } from "./migrations";
import { SqlLogger } from "./sql-logger";
import { setWritePolicy } from "./write-transaction";

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
  const ds = new DataSource(options);
  // Writers get at most half the pool, so reads always find a connection while writers wait on a row lock.
  setWritePolicy(ds, {
    lockWaitTimeoutS: pool.lockWaitTimeoutS ?? 5,
    writeSlots: Math.max(1, Math.floor(pool.poolSize / 2)),
    writeQueueLimit: waitingLimit(pool.poolSize),
  });
  return ds;
}

/** Requests that may wait for a connection (or a write slot) before the rest are answered 503. */
const waitingLimit = (poolSize: number) => Math.max(100, poolSize * 10);

export function engineOf(ds: DataSource): "sqlite" | "mysql" {
  return ds.options.type === "better-sqlite3" ? "sqlite" : "mysql";
}
