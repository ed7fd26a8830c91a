import fs from "node:fs";
import path from "node:path";
import { ROOT, startServerProcess } from "../test/support/server-process";

export { ROOT };

/** A server started by the one spawner the tests use, with the readings the benchmark takes of its process. */
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
  const server = await startServerProcess(env, logFile, {
    command: [process.execPath, ...nodeArgs, main],
    timeoutMs: 120_000,
    // Only PATH and the server's own variables: nothing of the calling shell (no PMM_* left over) leaks in.
    baseEnv: { PATH: process.env.PATH ?? "", NODE_ENV: "development" },
  });
  const pid = server.child.pid!;
  return {
    pid,
    url: `${server.baseUrl}/graphql`,
    peakRssMiB: () => procStatus(pid, "VmHWM") / 1024,
    cpuMs: () => {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
    },
    stop: async () => {
      await server.stop("SIGTERM", 20_000);
    },
  };
}
