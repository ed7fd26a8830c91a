import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/**
 * The one way to start the built server as a child process, for the test suite, scripts/ and the benchmark
 * (bench/bench-process.ts adds its CPU and memory readings on top). It lives with the tests, outside src/, so
 * the shipped server never carries it.
 */
/** The repository: the nearest folder above with a package.json (this file also runs compiled, from dist-bench/). */
export const ROOT = (function repositoryRoot(dir: string): string {
  if (fs.existsSync(path.join(dir, "package.json"))) return dir;
  const up = path.dirname(dir);
  if (up === dir) throw new Error(`no package.json above ${__dirname}`);
  return repositoryRoot(up);
})(__dirname);

/** A loopback port free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  logFile: string;
  /** Sends `signal` (SIGTERM by default), then SIGKILL if the process is still there after `killAfterMs`. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<number | null>;
}

export interface StartOptions {
  /** What to run instead of `node dist/main.js` (e.g. the container entrypoint script, another build). */
  command?: string[];
  /** The route that must answer 200 before the server counts as started. */
  waitFor?: "/readyz" | "/healthz";
  timeoutMs?: number;
  /**
   * The environment the server starts from, before `env`. Tests pass the caller's (the default) with
   * NODE_ENV=test and warnings-only logs; the benchmark passes only PATH, so that nothing of the calling shell
   * (a PMM_* left over) changes what is measured.
   */
  baseEnv?: Record<string, string | undefined>;
}

const TEST_ENV = { NODE_ENV: "test", PMM_LOG_LEVEL: "warn" };

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
    baseEnv = { ...process.env, ...TEST_ENV },
  } = opts;
  const port = await freePort();
  const out = fs.openSync(logFile, "a");
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...baseEnv, HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
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
    stop: async (signal = "SIGTERM", killAfterMs?: number) => {
      if (child.exitCode === null) child.kill(signal);
      const timer =
        killAfterMs === undefined
          ? undefined
          : setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), killAfterMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
