import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, TestDatabase } from "./test-database";
import { ROOT, ServerProcess, StartOptions, startServerProcess } from "./server-process";
import { TEST_JWT_SECRET } from "./constants";

/**
 * A server process of one test file's own, on a database of its own, for what the shared server must
 * not be put through (signals, database faults, production settings, a log level of its own).
 */
export interface OwnServer {
  server: ServerProcess;
  db: TestDatabase;
  baseUrl: string;
  logFile: string;
  /** The server's log so far, one parsed JSON object per line (non-JSON lines are skipped). */
  logLines(): Array<Record<string, any>>;
  /** SIGTERM (unless already gone), then drop the database; resolves to the exit code. */
  close(): Promise<number | null>;
}

export function testLogFile(name: string): string {
  const dir = path.join(ROOT, ".test-runs");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}-${process.pid}-${Date.now()}.log`);
}

export async function startOwnServer(
  name: string,
  env: Record<string, string> = {},
  opts: StartOptions & { db?: TestDatabase } = {},
): Promise<OwnServer> {
  const db = opts.db ?? (await createTestDatabase());
  const logFile = testLogFile(name);
  let server: ServerProcess;
  try {
    server = await startServerProcess(
      { PMM_DATABASE_URL: db.url, PMM_SEED_DEMO: "false", PMM_JWT_SECRET: TEST_JWT_SECRET, ...env },
      logFile,
      opts,
    );
  } catch (err) {
    if (!opts.db) await db.drop(); // a database passed in belongs to the caller
    throw err;
  }
  return {
    server,
    db,
    baseUrl: server.baseUrl,
    logFile,
    logLines: () =>
      fs
        .readFileSync(logFile, "utf8")
        .split("\n")
        .flatMap((line) => {
          try {
            return [JSON.parse(line)];
          } catch {
            return [];
          }
        }),
    close: async () => {
      const code = await server.stop("SIGTERM");
      await db.drop();
      return code;
    },
  };
}

/** POSTs one GraphQL request to a server, as a client would. */
export async function post(baseUrl: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as Record<string, any> };
}

/** A query over GET, with the header Apollo's CSRF prevention asks of clients that send no JSON body. */
export async function get(baseUrl: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/graphql?${new URLSearchParams(params)}`, {
    headers: {
      accept: "application/graphql-response+json, application/json",
      "apollo-require-preflight": "true",
      ...headers,
    },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as Record<string, any> };
}

/** Polls `check` until it holds (every 100 ms, at most `attempts` times); fails the test otherwise. */
export async function waitUntil(what: string, check: () => Promise<boolean>, attempts = 150): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting until ${what}`);
}

/** The value of one series on /metrics (labels given as they are printed, e.g. `operation="X",outcome="ok"`). */
export async function metric(baseUrl: string, name: string, labels?: string): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const series = labels ? `${name}{${labels}}` : name;
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
}
