import { DataSource } from "typeorm";
import { engineOf } from "./data-source";

/**
 * Runs `fn` (migrations and first-start seeding) while holding a MySQL named lock, so that several
 * instances starting together against one database migrate one after another instead of racing
 * (MySQL DDL commits implicitly, so a losing racer would fail half-way). SQLite has a single writer.
 */
export async function withMigrationLock<T>(ds: DataSource, fn: () => Promise<T>, timeoutSeconds = 120): Promise<T> {
  if (engineOf(ds) !== "mysql") return fn();
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    const [{ db }] = await qr.query("SELECT DATABASE() AS db");
    // Named locks are server-wide: the database name keeps unrelated databases from waiting on each other.
    const name = `pmm_migrate:${db}`.slice(0, 64);
    const [{ got }] = await qr.query("SELECT GET_LOCK(?, ?) AS got", [name, timeoutSeconds]);
    if (Number(got) !== 1) throw new Error(`another instance has held the migration lock for over ${timeoutSeconds} s`);
    try {
      return await fn();
    } finally {
      await qr.query("SELECT RELEASE_LOCK(?)", [name]);
    }
  } finally {
    await qr.release();
  }
}
