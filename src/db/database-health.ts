import mysql from "mysql2/promise";
import { DataSource } from "typeorm";
import { logger } from "../common/logger";

/** Driver error codes that mean "the database cannot be reached", as opposed to a bad statement. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
  "SQLITE_CANTOPEN",
]);
const UNAVAILABLE_MESSAGES = /pool is closed|connection is in closed state/i;
/** The database answers but this instance has more work for it than connections: retry, but not "down". */
const BUSY_CODES = new Set(["SQLITE_BUSY", "PMM_WRITE_QUEUE_FULL"]);
const BUSY_MESSAGES = /queue limit reached/i;

function matches(err: unknown, codes: Set<string>, messages: RegExp, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 4) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    originalError?: unknown;
    cause?: unknown;
  };
  if (typeof e.code === "string" && codes.has(e.code)) return true;
  if (typeof e.message === "string" && messages.test(e.message)) return true;
  return [e.driverError, e.originalError, e.cause].some((inner) => matches(inner, codes, messages, depth + 1));
}

/** True for errors (or the errors they wrap) caused by a database that cannot be reached. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return matches(err, UNAVAILABLE_CODES, UNAVAILABLE_MESSAGES);
}

/** True when the connection pool's wait queue is full (or SQLite stayed locked past its busy timeout). */
export function isDatabaseBusy(err: unknown): boolean {
  return matches(err, BUSY_CODES, BUSY_MESSAGES);
}

/** InnoDB's lock failures: the database is fine, this transaction lost a race for a row. */
const LOCK_TIMEOUT_CODES = new Set(["ER_LOCK_WAIT_TIMEOUT"]);
const DEADLOCK_CODES = new Set(["ER_LOCK_DEADLOCK"]);
const NO_MESSAGES = /(?!)/; // codes only

/** "LOCK_TIMEOUT" or "DEADLOCK" when the error (or one it wraps) is InnoDB's; else null. */
export function lockFailure(err: unknown): "LOCK_TIMEOUT" | "DEADLOCK" | null {
  if (matches(err, LOCK_TIMEOUT_CODES, NO_MESSAGES)) return "LOCK_TIMEOUT";
  if (matches(err, DEADLOCK_CODES, NO_MESSAGES)) return "DEADLOCK";
  return null;
}

export type Readiness = "ready" | "migrations pending" | "database unreachable";

/**
 * What the server knows about its database. Requests consult `available` (no I/O) so that, once the
 * database is known to be gone, they fail at once instead of each waiting on a connect timeout. While
 * it is not available, a probe checks again every second, so the server recovers by itself.
 */
export class DatabaseHealth {
  private down = false;
  private migrated = false;
  private probe?: NodeJS.Timeout;
  private probing = false;
  private readonly log = logger.child({ component: "db-health" });

  constructor(
    private readonly ds: DataSource,
    private readonly opts: { pingTimeoutMs: number; probeIntervalMs?: number },
  ) {}

  get available(): boolean {
    return !this.down && this.migrated;
  }

  /** The last known state, without I/O. */
  get state(): Readiness {
    return this.down ? "database unreachable" : this.migrated ? "ready" : "migrations pending";
  }

  /** Pings every time; checks migrations only until they are confirmed applied (the readiness route, the probe). */
  async check(): Promise<Readiness> {
    const state = await this.evaluate();
    if (state === "ready") this.stop();
    else this.startProbe();
    return state;
  }

  /** Called with every request error: a connection-class error closes the gate until a ping succeeds. */
  report(err: unknown): boolean {
    if (!isDatabaseUnavailable(err)) return false;
    this.markDown(err);
    this.startProbe();
    return true;
  }

  stop(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
  }

  private async evaluate(): Promise<Readiness> {
    try {
      await this.withTimeout(this.ping());
      // The build's migration list is fixed: once all are applied they stay applied for this process.
      if (!this.migrated) this.migrated = !(await this.withTimeout(this.ds.showMigrations()));
    } catch (err) {
      this.markDown(err);
      return "database unreachable";
    }
    if (this.down) this.log.info("database answers again");
    this.down = false;
    return this.migrated ? "ready" : "migrations pending";
  }

  /**
   * MySQL/MariaDB: on a connection of its own, never one from the pool, so that a pool busy with requests
   * (writers waiting on a row lock, say) is not mistaken for a database that cannot be reached.
   */
  private async ping(): Promise<void> {
    const url = this.ds.options.type === "mysql" ? this.ds.options.url : undefined;
    if (!url) {
      await this.ds.query("SELECT 1");
      return;
    }
    const conn = await mysql.createConnection({ uri: url, connectTimeout: this.opts.pingTimeoutMs });
    try {
      await conn.query("SELECT 1");
    } finally {
      conn.destroy();
    }
  }

  private async withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const err = Object.assign(new Error("database check timed out"), { code: "ETIMEDOUT" });
      timer = setTimeout(() => reject(err), this.opts.pingTimeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private markDown(err: unknown): void {
    if (!this.down) this.log.error({ err }, "database unavailable: failing requests fast until it answers again");
    this.down = true;
  }

  private startProbe(): void {
    this.probe ??= setInterval(() => {
      if (this.probing) return; // a check that hangs until its timeout must not pile up behind itself
      this.probing = true;
      void this.check().finally(() => (this.probing = false));
    }, this.opts.probeIntervalMs ?? 1000).unref();
  }
}
