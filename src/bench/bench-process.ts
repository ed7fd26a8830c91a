import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The built server (`dist/main.js`) as a child process on a free loopback port, as the test suite starts it. */
export const ROOT = path.resolve(__dirname, "..", "..");

import { freePort } from "../common/free-port";
export { freePort };

export interface BenchServer {
  pid: number;
  url: string;
  /** Peak resident set size of the process so far (VmHWM), MiB. */
  peakRssMiB(): number;
  /** User + system CPU time of the process so far, ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function procStatus(pid: number, key: string): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${key}:`));
  return line ? Number(line.split(/\s+/)[1]) : NaN;
}

/** `main`: another build's entry point (`npm run bench:compare` runs a revision's build beside this one). */
export async function startBenchServer(
  env: Record<string, string>,
  logFile: string,
  nodeArgs: string[] = [],
  main = path.join(ROOT, "dist", "main.js"),
): Promise<BenchServer> {
  const port = await freePort();
  const out = fs.openSync(logFile, "a");
  // Only PATH and the server's own variables: nothing of the calling shell (no PMM_* left over) leaks in.
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "development", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `server exited with ${child.exitCode}; see ${logFile}:\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`,
      );
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server not ready after 120 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid!;
  return {
    pid,
    url: `${base}/graphql`,
    peakRssMiB: () => procStatus(pid, "VmHWM") / 1024,
    cpuMs: () => {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
