import { DataSource, EntityManager } from "typeorm";
import { domainError } from "../common/errors";
import { logger } from "../common/logger";
import { engineOf } from "./data-source";
import { lockFailure } from "./database-health";

/** How write transactions behave on MySQL/MariaDB, per data source (set by createDataSource). */
export interface WritePolicy {
  /** Seconds one statement waits for a row lock before the write is answered CONFLICT/LOCK_TIMEOUT. */
  lockWaitTimeoutS: number;
  /** Write transactions that may hold a pooled connection at once; the rest of the pool stays free for reads. */
  writeSlots: number;
  /** Write transactions that may wait for a slot; beyond this the request is answered 503 (too busy). */
  writeQueueLimit: number;
}

const policies = new WeakMap<DataSource, { policy: WritePolicy; slots: Slots }>();
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();
/** Pooled connections whose session already has this process's lock wait timeout. */
const preparedSessions = new WeakSet<object>();
const log = logger.child({ component: "write-transaction" });

export function setWritePolicy(ds: DataSource, policy: WritePolicy): void {
  policies.set(ds, { policy, slots: new Slots(policy.writeSlots, policy.writeQueueLimit) });
}

/**
 * A write transaction.
 *
 * SQLite (one connection for the whole process) runs them one at a time: TypeORM cannot nest or interleave
 * transactions on a single connection.
 *
 * MySQL/MariaDB runs them concurrently, each on its own pooled connection, with row locks doing the
 * serialising, under three guards so that one hot row never stalls the server:
 * - at most `writeSlots` transactions hold a connection at once, so reads (and the rest of the server) always
 *   find one even while writers queue behind a lock;
 * - each session waits at most `lockWaitTimeoutS` for a row lock, answered CONFLICT with reason LOCK_TIMEOUT;
 * - a deadlock is retried once (InnoDB has rolled the victim back whole), then answered CONFLICT/DEADLOCK.
 * Services take their row locks in one canonical order (ascending primary key, see lockResults), so edits of
 * the same rows named in different orders queue instead of deadlocking.
 */
export function writeTransaction<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  if (engineOf(ds) === "sqlite") {
    const prior = sqliteQueues.get(ds) ?? Promise.resolve();
    const run = prior.then(() => ds.transaction(fn));
    sqliteQueues.set(
      ds,
      run.catch(() => undefined),
    );
    return run;
  }
  const entry = policies.get(ds) ?? { policy: DEFAULT_POLICY, slots: defaultSlots };
  return entry.slots.run(() => withLockPolicy(() => ds.transaction((em) => inSession(em, entry.policy, fn)), log));
}

async function inSession<T>(em: EntityManager, policy: WritePolicy, fn: (em: EntityManager) => Promise<T>) {
  const connection = (em.queryRunner as unknown as { databaseConnection?: object } | undefined)?.databaseConnection;
  if (connection && !preparedSessions.has(connection)) {
    // A session setting, so it is set once per pooled connection; a whole number of seconds (InnoDB's unit).
    await em.query(`SET SESSION innodb_lock_wait_timeout = ${Math.trunc(policy.lockWaitTimeoutS)}`);
    preparedSessions.add(connection);
  }
  return fn(em);
}

/**
 * Runs one transaction attempt, and a second after a deadlock; lock failures become the documented CONFLICT.
 * Exported for its unit test.
 */
export async function withLockPolicy<T>(
  attempt: () => Promise<T>,
  logTo: { warn(obj: object, msg: string): void },
): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    const kind = lockFailure(err);
    if (kind === "LOCK_TIMEOUT") throw lockConflict(kind);
    if (kind !== "DEADLOCK") throw err;
    logTo.warn({ reason: kind }, "deadlock: retrying the transaction once");
  }
  try {
    return await attempt();
  } catch (err) {
    const kind = lockFailure(err);
    if (kind) throw lockConflict(kind);
    throw err;
  }
}

function lockConflict(reason: "LOCK_TIMEOUT" | "DEADLOCK") {
  return domainError(
    "CONFLICT",
    reason === "LOCK_TIMEOUT"
      ? "The record is being changed by another request and stayed locked; nothing was changed. Retry shortly."
      : "The change collided with another change of the same records; nothing was changed. Retry shortly.",
    { reason },
  );
}

/** A counting semaphore with a bounded queue (first come, first served). */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(
    size: number,
    private readonly queueLimit: number,
  ) {
    this.free = Math.max(1, size);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else {
      if (this.waiting.length >= this.queueLimit) {
        throw Object.assign(new Error("write queue limit reached"), { code: "PMM_WRITE_QUEUE_FULL" });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/** For a data source made without createDataSource's policy (none in the server; a safety net for scripts). */
const DEFAULT_POLICY: WritePolicy = { lockWaitTimeoutS: 5, writeSlots: 5, writeQueueLimit: 100 };
const defaultSlots = new Slots(DEFAULT_POLICY.writeSlots, DEFAULT_POLICY.writeQueueLimit);
