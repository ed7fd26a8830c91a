import { DataSource, EntityManager } from "typeorm";
import { engineOf } from "./data-source";

const queues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * A write transaction. SQLite (one connection for the whole process) runs them one at a time: TypeORM
 * cannot nest or interleave transactions on a single connection. MySQL runs them concurrently, each on
 * its own pooled connection, with row locks doing the serialising.
 */
export function writeTransaction<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  if (engineOf(ds) !== "sqlite") return ds.transaction(fn);
  const prior = queues.get(ds) ?? Promise.resolve();
  const run = prior.then(() => ds.transaction(fn));
  queues.set(
    ds,
    run.catch(() => undefined),
  );
  return run;
}
