import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import type { TestDatabase } from "./test-database";

/** Runs one statement on a test's own database behind its server's back (to break or inspect it). */
export async function execSql(db: TestDatabase, sql: string): Promise<void> {
  if (db.engine === "mysql") {
    const conn = await mysql.createConnection(db.url);
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
    return;
  }
  const file = db.url.slice("sqlite:".length);
  const conn = new Database(file);
  try {
    conn.pragma("busy_timeout = 5000");
    conn.exec(sql);
  } finally {
    conn.close();
  }
}

/** Reads rows from a test's own database behind its server's back (to check what was really written). */
export async function querySql<T = Record<string, unknown>>(db: TestDatabase, sql: string): Promise<T[]> {
  if (db.engine === "mysql") {
    const conn = await mysql.createConnection(db.url);
    try {
      const [rows] = await conn.query(sql);
      return rows as T[];
    } finally {
      await conn.end();
    }
  }
  const conn = new Database(db.url.slice("sqlite:".length), { readonly: true });
  try {
    return conn.prepare(sql).all() as T[];
  } finally {
    conn.close();
  }
}
