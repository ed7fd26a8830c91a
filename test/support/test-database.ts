import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";

/**
 * A database of this run's own: `PMM_TEST_MYSQL_URL` (server URL, no database) selects MySQL/MariaDB,
 * otherwise a SQLite file in a fresh temp folder. Names carry the run id, so concurrent runs never collide.
 */
export interface TestDatabase {
  url: string;
  engine: "sqlite" | "mysql";
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const runId = `${Date.now().toString(36)}_${process.pid}_${randomBytes(3).toString("hex")}`;
  const server = process.env.PMM_TEST_MYSQL_URL;
  if (server) {
    const name = `pmm_test_${runId}`;
    const conn = await mysql.createConnection(server);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      engine: "mysql",
      drop: async () => {
        const c = await mysql.createConnection(server);
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pmm-test-${runId}-`));
  return {
    url: `sqlite:${path.join(dir, "pmm.sqlite")}`,
    engine: "sqlite",
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
