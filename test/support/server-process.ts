import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

import { freePort } from "../../src/common/free-port";
export { freePort };

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  logFile: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /** What to run instead of `node dist/main.js` (e.g. the container entrypoint script). */
  command?: string[];
  /** The route that must answer 200 before the server counts as started. */
  waitFor?: "/readyz" | "/healthz";
  timeoutMs?: number;
}

/** Starts the built server (`dist/main.js`, as `npm start` does) and waits until /readyz says ready. */
export async function startServerProcess(
  env: Record<string, string>,
  logFile: string,
  opts: StartOptions = {},
): Promise<ServerProcess> {
  const {
    command = [process.execPath, path.join(ROOT, "dist", "main.js")],
    waitFor = "/readyz",
    timeoutMs = 90_000,
  } = opts;
  const port = await freePort();
  const out = fs.openSync(logFile, "a");
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", HOST: "127.0.0.1", PORT: String(port), PMM_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", out, out],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `server exited with ${child.exitCode}; see ${logFile}:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`,
      );
    try {
      const res = await fetch(`${baseUrl}${waitFor}`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server not ready after ${timeoutMs} ms; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    baseUrl,
    logFile,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
