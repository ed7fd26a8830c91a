import mysql from "mysql2/promise";
import { DataSource } from "typeorm";

/**
 * Runs `fn` (migrations and first-start seeding) while holding a MySQL named lock, so that several
 * instances starting together against one database migrate one after another instead of racing
 * (MySQL DDL commits implicitly, so a losing racer would fail half-way). SQLite has a single writer.
 * The lock is held on a connection of its own, not one from the pool, which the migrations need whole
 * (with PMM_DB_POOL_SIZE=1 a pooled lock holder would wait forever for the migrations' connection).
 */
export async function withMigrationLock<T>(ds: DataSource, fn: () => Promise<T>, timeoutSeconds = 120): Promise<T> {
  if (ds.options.type !== "mysql" || !ds.options.url) return fn();
  const conn = await mysql.createConnection({ uri: ds.options.url });
  const query = async (sql: string, params: unknown[] = []) =>
    (await conn.query(sql, params))[0] as Record<string, unknown>[];
  try {
    const [{ db }] = await query("SELECT DATABASE() AS db");
    // Named locks are server-wide: the database name keeps unrelated databases from waiting on each other.
    const name = `pmm_migrate:${db}`.slice(0, 64);
    const [{ got }] = await query("SELECT GET_LOCK(?, ?) AS got", [name, timeoutSeconds]);
    if (Number(got) !== 1) throw new Error(`another instance has held the migration lock for over ${timeoutSeconds} s`);
    try {
      return await fn();
    } finally {
      await query("SELECT RELEASE_LOCK(?)", [name]);
    }
  } finally {
    await conn.end();
  }
}
