import "reflect-metadata";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import jwt from "jsonwebtoken";
import { BenchServer, ROOT, startBenchServer } from "./bench-process";
import { parseFlags } from "./flags";
import { cannon, emptySample, requestBody, Sample } from "./bench-load";
import { SCENARIOS, ScenarioName, setFrameworkKpis } from "./bench-scenarios";
import v1 from "../src/framework/definitions/pmm-framework-v1.json";

/**
 * `npm run bench:compare -- --base REV --database URL`: what a change gave, as docs/benchmarks.md reports it.
 * The server built from REV (a git worktree under data/bench/compare/, built once) and the server built
 * here run side by side on the same database; one scenario's request is sent to each in turn, in short
 * slices, over several rounds and several pairs of fresh processes (the machine's speed drifts, and one
 * process's compiled code is not the next one's). Prints, per pair and over all, after/before of the
 * servers' CPU time per request and of time per request.
 */
interface Options {
  base: string;
  database: string;
  scenario: ScenarioName;
  pairs: number;
  rounds: number;
  slice: number;
  connections: number;
}

const USAGE = `npm run bench:compare -- --base REV --database URL [flags]
  --base REV         the revision to compare with (a commit, tag or branch)
  --database URL     a bench dataset, e.g. mysql://root@127.0.0.1:3306/mybench_m183
                     (made and kept by: npm run bench -- --reuse mybench --scenarios secretariat --duration 1 --rounds 1 --no-fail)
  --scenario NAME    dashboard, secretariat (default) or regional
  --pairs N          pairs of fresh server processes (default 3)
  --rounds N         slices per server and pair (default 4)
  --slice S          seconds per slice (default 3)
  --connections N    concurrent connections (default 8)`;

function readOptions(args: string[]): Options {
  const { values } = parseFlags(USAGE, {
    args,
    options: {
      base: { type: "string" },
      database: { type: "string" },
      scenario: { type: "string", default: "secretariat" },
      pairs: { type: "string", default: "3" },
      rounds: { type: "string", default: "4" },
      slice: { type: "string", default: "3" },
      connections: { type: "string", default: "8" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const count = (flag: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} takes a whole number of at least 1`);
    return n;
  };
  if (!(values.scenario in SCENARIOS)) throw new Error(`--scenario: one of ${Object.keys(SCENARIOS).join(", ")}`);
  if (!values.base || !values.database) throw new Error(`--base and --database are required\n${USAGE}`);
  return {
    base: values.base,
    database: values.database,
    scenario: values.scenario as ScenarioName,
    pairs: count("pairs", values.pairs),
    rounds: count("rounds", values.rounds),
    slice: count("slice", values.slice),
    connections: count("connections", values.connections),
  };
}

const log = (m: string) => process.stderr.write(`[compare] ${m}\n`);
const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

/** REV's build: a detached worktree with this checkout's node_modules, built once and kept. */
function baseBuild(rev: string): string {
  const sha = git("rev-parse", "--verify", `${rev}^{commit}`);
  const dir = path.join(ROOT, "data", "bench", "compare", sha.slice(0, 12));
  const main = path.join(dir, "dist", "main.js");
  if (fs.existsSync(main)) return main;
  if (!fs.existsSync(dir)) git("worktree", "add", "--detach", dir, sha);
  if (!fs.existsSync(path.join(dir, "node_modules")))
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  log(`building ${rev} (${sha.slice(0, 12)}) in ${path.relative(ROOT, dir)}`);
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    { cwd: dir, stdio: "inherit" },
  );
  return main;
}

async function main() {
  const o = readOptions(process.argv.slice(2));
  const before = baseBuild(o.base);
  const after = path.join(ROOT, "dist", "main.js");
  const scenario = SCENARIOS[o.scenario];
  if (o.scenario === "regional")
    setFrameworkKpis(v1.dimensions.flatMap((d) => d.outcomes.flatMap((oc) => oc.kpis.map((k) => k.code))));
  const secret = randomBytes(32).toString("hex");
  const token = jwt.sign({ sub: `compare-${scenario.name}`, ...scenario.claims }, secret, {
    algorithm: "HS256",
    expiresIn: 6 * 3600,
  });
  const body = requestBody(scenario);
  const env = {
    NODE_ENV: "production",
    PMM_DATABASE_URL: o.database,
    PMM_JWT_SECRET: secret,
    PMM_CACHE_MAX_AGE: "0",
    PMM_SEED_DEMO: "false",
    PMM_MIGRATE_ON_START: "false",
  };
  const logDir = path.join(ROOT, "data", "bench");
  fs.mkdirSync(logDir, { recursive: true });
  const perMs = (s: Sample) => s.cpuMs / Math.max(1, s.requests);
  const perReq = (s: Sample) => (s.seconds * 1000) / Math.max(1, s.requests);
  const total = { before: emptySample(), after: emptySample() };
  const cpuRatios: number[] = [];
  for (let p = 1; p <= o.pairs; p++) {
    const servers: Record<"before" | "after", BenchServer> = {
      before: await startBenchServer(env, path.join(logDir, "compare-before.log"), [], before),
      after: await startBenchServer(env, path.join(logDir, "compare-after.log"), [], after),
    };
    const pair = { before: emptySample(), after: emptySample() };
    try {
      for (const side of ["before", "after"] as const) await cannon(servers[side].url, token, body, 2, o.connections); // warm-up
      for (let r = 0; r < o.rounds; r++) {
        for (const side of r % 2 ? (["after", "before"] as const) : (["before", "after"] as const)) {
          await cannon(servers[side].url, token, body, o.slice, o.connections, pair[side], servers[side]);
        }
      }
    } finally {
      await Promise.all(Object.values(servers).map((s) => s.stop()));
    }
    for (const side of ["before", "after"] as const) {
      if (pair[side].failures)
        throw new Error(`${side}: ${pair[side].failures} failed requests (see data/bench/compare-${side}.log)`);
      for (const k of ["requests", "seconds", "cpuMs"] as const) total[side][k] += pair[side][k];
    }
    cpuRatios.push(perMs(pair.after) / perMs(pair.before));
    log(
      `pair ${p}/${o.pairs}: CPU per request ${perMs(pair.before).toFixed(3)} -> ${perMs(pair.after).toFixed(3)} ms (x${cpuRatios.at(-1)!.toFixed(3)})`,
    );
  }
  console.log(
    [
      `${o.scenario}, ${o.base} -> this build, ${o.pairs} pairs x ${o.rounds} slices of ${o.slice} s, ${o.connections} connections:`,
      `  server CPU per request: ${perMs(total.before).toFixed(3)} -> ${perMs(total.after).toFixed(3)} ms, after/before ${(perMs(total.after) / perMs(total.before)).toFixed(3)} (pairs: ${cpuRatios.map((r) => r.toFixed(3)).join(", ")})`,
      `  time per request:       ${perReq(total.before).toFixed(3)} -> ${perReq(total.after).toFixed(3)} ms, after/before ${(perReq(total.after) / perReq(total.before)).toFixed(3)}`,
    ].join("\n"),
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
