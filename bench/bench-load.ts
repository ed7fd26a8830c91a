import http from "node:http";
import type { BenchServer } from "./bench-process";
import type { Scenario } from "./bench-scenarios";

/** Load generation and its numbers, for `npm run bench` (bench.ts) and `npm run bench:compare` (compare.ts). */
export interface Sample {
  requests: number;
  seconds: number;
  latencies: number[];
  failures: number;
  cpuMs: number;
}
export const emptySample = (): Sample => ({ requests: 0, seconds: 0, latencies: [], failures: 0, cpuMs: 0 });

export function requestBody(s: Scenario): string {
  return JSON.stringify({ operationName: s.operationName, query: s.query, variables: s.variables });
}

/**
 * Closed-loop load: `connections` workers, each starting its next call as soon as the previous one has
 * finished, for a fixed time (what autocannon does, without its dependency and with every latency kept for
 * exact percentiles over the rounds). `cpuMs` reads the CPU time of whatever does the work.
 */
async function closedLoop(
  call: () => Promise<void>,
  seconds: number,
  connections: number,
  cpuMs: () => number,
  into?: Sample,
): Promise<void> {
  const cpu0 = cpuMs();
  const t0 = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  let requests = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const s = process.hrtime.bigint();
        try {
          await call();
          requests++;
          latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
        } catch {
          failures++;
        }
      }
    }),
  );
  if (!into) return;
  into.seconds += Number(process.hrtime.bigint() - t0) / 1e9;
  into.requests += requests;
  into.failures += failures;
  into.latencies.push(...latencies);
  into.cpuMs += cpuMs() - cpu0;
}

/**
 * One POST of the bench's GraphQL request on a keep-alive agent, the response read in full: `done` gets whether it
 * was a 200, or the error (a 60 s timeout included).
 */
function post(
  agent: http.Agent,
  target: URL,
  payload: Buffer,
  token: string,
  done: (ok: boolean, err?: Error) => void,
) {
  const req = http.request(
    {
      agent,
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": payload.length,
        authorization: `Bearer ${token}`,
      },
    },
    (res) => {
      res.on("data", () => undefined);
      res.on("end", () =>
        done(res.statusCode === 200, res.statusCode === 200 ? undefined : new Error(`HTTP ${res.statusCode}`)),
      );
      res.on("error", (err) => done(false, err));
    },
  );
  req.setTimeout(60_000, () => req.destroy(new Error("timeout")));
  req.on("error", (err) => done(false, err));
  req.end(payload);
}

/** The server's requests: keep-alive connections, each response read in full; anything but 200 is a failure. */
export async function cannon(
  url: string,
  token: string,
  body: string,
  seconds: number,
  connections: number,
  into?: Sample,
  server?: BenchServer,
): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const payload = Buffer.from(body);
  const once = () =>
    new Promise<void>((resolve, reject) =>
      post(agent, target, payload, token, (ok, err) => (ok ? resolve() : reject(err ?? new Error("failed")))),
    );
  try {
    await closedLoop(once, seconds, connections, () => server?.cpuMs() ?? 0, into);
  } finally {
    agent.destroy();
  }
}

/** Adds one measurement to a sample (a slot measured in parts). */
export function addSample(into: Sample, one: Sample): void {
  into.requests += one.requests;
  into.seconds += one.seconds;
  into.failures += one.failures;
  into.cpuMs += one.cpuMs;
  into.latencies.push(...one.latencies);
}

/**
 * Open-loop load at a fixed rate: a request every 1000 / rps ms (at most `connections` in flight), to compare a
 * server at the same request rate as another slot reached (the direct twin of the gateway slot).
 */
export async function pacedCannon(
  url: string,
  token: string,
  body: string,
  seconds: number,
  rps: number,
  connections: number,
  into: Sample | undefined,
  server: BenchServer,
): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const payload = Buffer.from(body);
  const latencies: number[] = [];
  let requests = 0;
  let failures = 0;
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const once = () =>
    new Promise<void>((resolve) => {
      const s = process.hrtime.bigint();
      inFlight++;
      const done = (ok: boolean) => {
        inFlight--;
        if (ok) {
          requests++;
          latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
        } else failures++;
        resolve();
      };
      post(agent, target, payload, token, (ok) => done(ok));
    });
  const cpu0 = server.cpuMs();
  const t0 = process.hrtime.bigint();
  const interval = 1000 / rps;
  const start = Date.now();
  for (let i = 0; ; i++) {
    const due = start + i * interval;
    if (due >= start + seconds * 1000) break;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight < connections) pending.push(once());
  }
  await Promise.all(pending);
  agent.destroy();
  if (!into) return;
  addSample(into, {
    requests,
    failures,
    latencies,
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    cpuMs: server.cpuMs() - cpu0,
  });
}

/** The floor's runs, in this process (its CPU time is this process's). */
export async function floorLoad(
  fn: () => Promise<string>,
  seconds: number,
  connections: number,
  into?: Sample,
): Promise<void> {
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const once = async () => {
    if (!(await fn()).length) throw new Error("empty");
  };
  await closedLoop(once, seconds, connections, cpuMs, into);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export interface Measured {
  rps: number;
  msPerRequest: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  cpuMsPerRequest: number;
}

export function summarise(s: Sample): Measured {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const rps = s.requests / s.seconds;
  return {
    rps,
    msPerRequest: 1000 / rps,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    requests: s.requests,
    failures: s.failures,
    cpuMsPerRequest: s.cpuMs / Math.max(1, s.requests),
  };
}
