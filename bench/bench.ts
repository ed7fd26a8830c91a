import "reflect-metadata";
import "./quiet-logs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import jwt from "jsonwebtoken";
import mysql from "mysql2/promise";
import { stringify } from "yaml";
import Database from "better-sqlite3";
import { BenchDatabase, benchDatabase, Engine } from "./bench-data";
import { BenchServer, ROOT, startBenchServer } from "./bench-process";
import { parseFlags } from "./flags";
import {
  FloorDb,
  FloorReference,
  loadFloorReference,
  Scenario,
  ScenarioName,
  SCENARIOS,
  setFrameworkKpis,
} from "./bench-scenarios";
import {
  addSample,
  cannon,
  emptySample,
  floorLoad,
  Measured,
  pacedCannon,
  requestBody,
  Sample,
  summarise,
} from "./bench-load";

/**
 * `npm run bench`: the three user scenarios over HTTP against the built server (a child process per
 * dataset, scenario and rules setting), each next to its raw-SQL floor and to the same server without the
 * permission rules, on full-size data (183 Members and ~1,830), then the targets. Measurement slots of one
 * scenario are interleaved in rounds, so that load from elsewhere on the machine hits them alike.
 * Flags: see usage() below and README "Benchmark".
 */
interface Options {
  engines: Engine[];
  mysqlUrl: string;
  members: number[];
  scenarios: ScenarioName[];
  duration: number;
  rounds: number;
  warmup: number;
  connections: number;
  reuse?: string;
  keep: boolean;
  profile: boolean;
  rules: boolean;
  json: string;
  logLevel: string;
  failOnMiss: boolean;
  /** Also through Apollo Gateway (gateway/), for GATEWAY_SCENARIOS. */
  gateway: boolean;
}

/** The scenarios also measured through the gateway (issue "Federation, part 2"): a dashboard's and the Secretariat's. */
const GATEWAY_SCENARIOS: readonly ScenarioName[] = ["dashboard", "secretariat"];

function usage(): string {
  return `npm run bench -- [flags]
  --duration S       measured seconds per server and scenario, split over the rounds (default 10)
  --rounds N         interleaved rounds (default 5)
  --warmup S         warm-up seconds per server and for the floor (default 2)
  --connections N    concurrent connections, and concurrent floor workers (default 8)
  --members A,B      dataset sizes (default 183,1830: the reference Members, then ten times as many)
  --scenarios LIST   dashboard,secretariat,regional (default all)
  --sqlite           also run on SQLite;  --sqlite-only: SQLite alone
  --mysql-url URL    MariaDB/MySQL server (default $PMM_BENCH_MYSQL_URL or mysql://root@127.0.0.1:3306)
  --no-rules-ratio   skip the servers without permission rules
  --no-gateway       skip the dashboard and Secretariat scenarios through Apollo Gateway (npm run gateway)
  --reuse NAME       keep the datasets in databases NAME_m<members> and reuse them on later runs
  --keep             do not drop this run's databases
  --profile          run the servers with rules under --cpu-prof (profiles in data/bench/profiles)
  --log-level L      the servers' PMM_LOG_LEVEL (default info, as in production)
  --json FILE        where to write every number (default data/bench/last.json)
  --no-fail          exit 0 even when a target is missed`;
}

function readOptions(args: string[]): Options {
  const { values: v } = parseFlags(usage(), {
    args,
    options: {
      duration: { type: "string" },
      rounds: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      members: { type: "string" },
      scenarios: { type: "string" },
      sqlite: { type: "boolean" },
      "sqlite-only": { type: "boolean" },
      "mysql-url": { type: "string" },
      "no-rules-ratio": { type: "boolean" },
      "no-gateway": { type: "boolean" },
      reuse: { type: "string" },
      keep: { type: "boolean" },
      profile: { type: "boolean" },
      "log-level": { type: "string" },
      json: { type: "string" },
      "no-fail": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (v.help) {
    console.log(usage());
    process.exit(0);
  }
  const positive = (flag: string, s: string) => {
    const n = Number(s);
    if (!(n > 0)) throw new Error(`--${flag} must be a positive number`);
    return n;
  };
  const o: Options = {
    // --sqlite-only wins over --sqlite, whatever their order (the hand parser took the last one given).
    engines: v["sqlite-only"] ? ["sqlite"] : v.sqlite ? ["mysql", "sqlite"] : ["mysql"],
    mysqlUrl: v["mysql-url"] ?? process.env.PMM_BENCH_MYSQL_URL ?? "mysql://root@127.0.0.1:3306",
    members: v.members
      ? v.members
          .split(",")
          .map((s) => Math.round(positive("members", s)))
          .sort((x, y) => x - y)
      : [183, 1830],
    scenarios: v.scenarios ? (v.scenarios.split(",") as ScenarioName[]) : ["dashboard", "secretariat", "regional"],
    duration: v.duration === undefined ? 10 : positive("duration", v.duration),
    rounds: v.rounds === undefined ? 5 : Math.round(positive("rounds", v.rounds)),
    warmup: v.warmup === undefined ? 2 : Number(v.warmup),
    connections: v.connections === undefined ? 8 : Math.round(positive("connections", v.connections)),
    keep: v.keep ?? false,
    profile: v.profile ?? false,
    rules: !v["no-rules-ratio"],
    json: path.resolve(v.json ?? path.join(ROOT, "data", "bench", "last.json")),
    logLevel: v["log-level"] ?? "info",
    failOnMiss: !v["no-fail"],
    gateway: !v["no-gateway"],
  };
  const bad = o.scenarios.filter((s) => !(s in SCENARIOS));
  if (bad.length) throw new Error(`unknown scenario ${bad.join(", ")}`);
  if (v.reuse !== undefined) {
    if (!/^\w{1,40}$/.test(v.reuse)) throw new Error("--reuse takes letters, digits and _");
    o.reuse = v.reuse;
  }
  return o;
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Seconds the servers behind a gateway slot are left without requests, to read their idle CPU. */
const IDLE_SECONDS = 5;

// ---------------------------------------------------------------------------------------------------------
// Floors

interface Floor {
  db: FloorDb;
  ref: FloorReference;
  close(): Promise<void>;
}

async function openFloor(d: BenchDatabase, connections: number): Promise<Floor> {
  let db: FloorDb;
  let close: () => Promise<void>;
  if (d.engine === "mysql") {
    const pool = mysql.createPool({ uri: d.url, connectionLimit: Math.max(connections, 10), timezone: "Z" });
    db = { all: async (sql, params) => (await pool.query(sql, params))[0] as Record<string, unknown>[] };
    close = () => pool.end();
  } else {
    const conn = new Database(d.url.slice("sqlite:".length), { readonly: true });
    const statements = new Map<string, Database.Statement>();
    db = {
      all: async (sql, params = []) => {
        let st = statements.get(sql);
        if (!st) statements.set(sql, (st = conn.prepare(sql)));
        return st.all(...params) as Record<string, unknown>[];
      },
    };
    close = async () => void conn.close();
  }
  return { db, ref: await loadFloorReference(db), close };
}

// ---------------------------------------------------------------------------------------------------------
// The run

type SlotKind = "prod" | "rules" | "norules" | "floor" | "gateway" | "paced";
interface Slot {
  label: string;
  db: BenchDatabase;
  kind: SlotKind;
  /** The process the slot's requests go to (for "gateway": the gateway). */
  server?: BenchServer;
  /** "gateway": the production PMM Graph behind it (the "prod" slot's), whose CPU the sample records. */
  pmm?: BenchServer;
  /** "gateway": its rate in the last measurement, which the "paced" slot after it sends directly. */
  lastRps?: number;
  /** "gateway": the gateway process's own CPU time over the measured rounds. */
  gatewayCpuMs?: number;
  /** "prod" (with a gateway slot) and "gateway": the process's CPU per second with no request, ms/s. */
  idleCpuMsPerS?: number;
  sample: Sample;
  responseBytes?: number;
  data?: string;
  peakRssMiB?: number;
}

export interface Row {
  engine: Engine;
  members: number;
  scenario: ScenarioName;
  /** The server as deployed (NODE_ENV=production, no diagnostics), with the permission rules. */
  server: Measured & { sqlStatements: number; responseBytes: number; peakRssMiB: number };
  /** NODE_ENV=test servers with and without the rules (the switch is refused in production). */
  withRules?: Measured & { peakRssMiB: number; sameResponse: boolean };
  withoutRules?: Measured & { peakRssMiB: number; sameResponse: boolean };
  floor: Measured & { responseBytes: number; sameAsResponse: boolean };
  /** Time per request (1 / throughput at the fixed concurrency) over the floor's. */
  vsFloor: number;
  /** Time per request with the rules over without them, minus one. */
  rulesCost?: number;
  /**
   * The same scenario through Apollo Gateway in front of the "prod" server, in the same rounds: time per request
   * end to end, PMM Graph's CPU per request when the gateway calls it, and the gateway's own.
   */
  gateway?: Measured & {
    /** PMM Graph's CPU per request when the gateway calls it (its CPU over the slot / requests). */
    pmmCpuMsPerRequest: number;
    /** The same server asked directly at the rate the gateway reached, in the same rounds ("paced" slot). */
    directSameRate: Measured;
    /** pmmCpuMsPerRequest over directSameRate's CPU per request: the target (at most 1.1). */
    pmmCpuRatio: number;
    /** pmmCpuMsPerRequest over the CPU per request of the direct slot at full rate (8 connections, closed loop). */
    fullRateCpuRatio: number;
    /**
     * The same, each net of what the server spends with no request at all (pmmIdleCpuMsPerS x the slot's seconds:
     * timers, the log flush, the database probe), which weighs more on each request at a lower rate.
     */
    netFullRateCpuRatio: number;
    pmmIdleCpuMsPerS: number;
    gatewayCpuMsPerRequest: number;
    gatewayIdleCpuMsPerS: number;
    gatewayPeakRssMiB: number;
    sameResponse: boolean;
    /** Time per request through the gateway over direct (full rate). */
    endToEnd: number;
  };
}

async function post(url: string, token: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
  return { status: res.status, text: await res.text() };
}

async function sampleRequest(
  url: string,
  token: string,
  body: string,
): Promise<{ sqlStatements: number; bytes: number; data: string }> {
  const { status, text } = await post(url, token, body);
  const json = JSON.parse(text) as { data?: unknown; errors?: unknown[]; extensions?: { sqlStatements?: number } };
  if (status !== 200 || json.errors) throw new Error(`scenario request failed (${status}): ${text.slice(0, 1000)}`);
  return {
    sqlStatements: json.extensions?.sqlStatements ?? NaN,
    bytes: Buffer.byteLength(text),
    data: JSON.stringify(json.data),
  };
}

/** Where two JSON texts first differ (to explain a floor that does not match the response). */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(Math.max(0, i - 60), i + 60)}… vs …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

interface Run {
  o: Options;
  secret: string;
  runId: string;
  floors: Map<BenchDatabase, Floor>;
  /** Per dataset: a server with PMM_SQL_STATS=true (NODE_ENV=test), asked once per scenario, never timed. */
  stats: Map<BenchDatabase, BenchServer>;
}

const logDir = path.join(ROOT, "data", "bench");

function serverEnv(run: Run, db: BenchDatabase, kind: "prod" | "rules" | "norules" | "stats"): Record<string, string> {
  return {
    NODE_ENV: kind === "prod" ? "production" : "test",
    PMM_DATABASE_URL: db.url,
    PMM_JWT_SECRET: run.secret,
    PMM_CACHE_MAX_AGE: "0",
    PMM_SEED_DEMO: "false",
    PMM_LOG_LEVEL: run.o.logLevel,
    ...(kind === "stats" ? { PMM_SQL_STATS: "true" } : {}),
    ...(kind === "norules" ? { PMM_BENCH_WITHOUT_RULES: "true" } : {}),
  };
}

/**
 * `npm run gateway` in front of one server: a configuration of this run's own (PMM Graph alone, given the viewer's
 * token as gateway/gateway.yaml does), run as its npm script runs it (with jiti), as in production (NODE_ENV).
 */
async function startBenchGateway(run: Run, pmm: BenchServer, name: string): Promise<BenchServer> {
  const config = path.join(logDir, `gateway-${run.runId}-${name}.yaml`);
  fs.writeFileSync(
    config,
    stringify({
      subgraphs: [
        {
          name: "pmm",
          url: pmm.url,
          schema: path.join(ROOT, "schema", "subgraph.graphql"),
          forwardAuthorization: true,
        },
      ],
    }),
  );
  return startBenchServer(
    { NODE_ENV: "production", PMM_GATEWAY_CONFIG: config },
    path.join(logDir, `gateway-${run.runId}-${name}.log`),
    [path.join(ROOT, "node_modules", "jiti", "lib", "jiti-cli.mjs")],
    path.join(ROOT, "gateway", "main.ts"),
  );
}

async function runScenario(run: Run, scenario: Scenario, dbs: BenchDatabase[]): Promise<Row[]> {
  const { o } = run;
  const token = jwt.sign({ sub: `bench-${scenario.name}`, ...scenario.claims }, run.secret, {
    algorithm: "HS256",
    expiresIn: 6 * 3600,
  });
  const body = requestBody(scenario);
  const slots: Slot[] = [];
  const profileDir = path.join(logDir, "profiles");
  if (o.profile) fs.mkdirSync(profileDir, { recursive: true });
  const kinds: ("prod" | "rules" | "norules")[] = o.rules ? ["prod", "rules", "norules"] : ["prod"];
  const statements = new Map<BenchDatabase, number>();
  const reference = new Map<BenchDatabase, string>();
  try {
    for (const db of dbs) {
      // Statements and the reference response from the diagnostics server (second request: the first
      // also loads the process's reference directory).
      const stats = run.stats.get(db)!;
      await sampleRequest(stats.url, token, body);
      const sample = await sampleRequest(stats.url, token, body);
      statements.set(db, sample.sqlStatements);
      reference.set(db, sample.data);
      for (const kind of kinds) {
        const label = `${db.engine} ${db.members} ${scenario.name} ${kind}`;
        log(`starting server: ${label}`);
        const server = await startBenchServer(
          serverEnv(run, db, kind),
          path.join(logDir, `server-${run.runId}-${db.engine}-${db.members}-${scenario.name}-${kind}.log`),
          o.profile && kind === "prod"
            ? [
                "--cpu-prof",
                "--cpu-prof-dir",
                profileDir,
                "--cpu-prof-name",
                `${run.runId}-${db.engine}-${db.members}-${scenario.name}.cpuprofile`,
              ]
            : [],
        );
        const first = await sampleRequest(server.url, token, body);
        slots.push({ label, db, kind, server, sample: emptySample(), responseBytes: first.bytes, data: first.data });
        if (kind === "prod" && o.gateway && GATEWAY_SCENARIOS.includes(scenario.name)) {
          const gwLabel = `${db.engine} ${db.members} ${scenario.name} gateway`;
          log(`starting gateway: ${gwLabel}`);
          const gateway = await startBenchGateway(run, server, `${db.engine}-${db.members}-${scenario.name}`);
          const viaGateway = await sampleRequest(gateway.url, token, body);
          slots.push({
            label: gwLabel,
            db,
            kind: "gateway",
            server: gateway,
            pmm: server,
            gatewayCpuMs: 0,
            sample: emptySample(),
            responseBytes: viaGateway.bytes,
            data: viaGateway.data,
          });
          // The same server asked directly at the rate the gateway reached: CPU per request depends on the rate (the
          // server's idle work is shared by fewer requests, fewer requests share each wake-up), so this is the
          // comparison that shows whether a request from the gateway costs the server more.
          slots.push({
            label: `${db.engine} ${db.members} ${scenario.name} direct at the gateway's rate`,
            db,
            kind: "paced",
            server,
            sample: emptySample(),
          });
        }
      }
      const floor = run.floors.get(db)!;
      const floorJson = await scenario.floor(floor.db, floor.ref);
      slots.push({
        label: `${db.engine} ${db.members} ${scenario.name} floor`,
        db,
        kind: "floor",
        sample: emptySample(),
        responseBytes: Buffer.byteLength(floorJson),
        data: JSON.stringify((JSON.parse(floorJson) as { data: unknown }).data),
      });
    }
    const measure = async (slot: Slot, seconds: number, into?: Sample) => {
      if (slot.kind === "floor")
        return floorLoad(
          () => scenario.floor(run.floors.get(slot.db)!.db, run.floors.get(slot.db)!.ref),
          seconds,
          o.connections,
          into,
        );
      if (slot.kind === "gateway") {
        // The sample records PMM Graph's CPU (the process behind the gateway); the gateway's own is read around it.
        const g0 = slot.server!.cpuMs();
        const one = emptySample();
        await cannon(slot.server!.url, token, body, seconds, o.connections, one, slot.pmm);
        slot.lastRps = one.requests / one.seconds;
        if (into) {
          addSample(into, one);
          slot.gatewayCpuMs! += slot.server!.cpuMs() - g0;
        }
        return;
      }
      if (slot.kind === "paced") {
        const gw = slots.find((x) => x.kind === "gateway" && x.pmm === slot.server)!;
        return pacedCannon(slot.server!.url, token, body, seconds, gw.lastRps!, o.connections, into, slot.server!);
      }
      return cannon(slot.server!.url, token, body, seconds, o.connections, into, slot.server);
    };
    if (o.warmup > 0) for (const slot of slots) await measure(slot, o.warmup);
    // What the production server and the gateway spend with no request at all, after the warm-up has settled.
    const idleSlots = slots.filter(
      (x) => x.kind === "gateway" || (x.kind === "prod" && slots.some((g) => g.pmm === x.server)),
    );
    if (idleSlots.length) {
      await sleep(1000);
      const before = idleSlots.map((x) => x.server!.cpuMs());
      const t0 = process.hrtime.bigint();
      await sleep(IDLE_SECONDS * 1000);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      idleSlots.forEach((x, i) => (x.idleCpuMsPerS = (x.server!.cpuMs() - before[i]) / seconds));
    }
    const perRound = o.duration / o.rounds;
    for (let r = 1; r <= o.rounds; r++) {
      log(`${scenario.name}: round ${r}/${o.rounds}`);
      // Each round starts one slot further on: in a fixed order each slot always follows the same neighbour,
      // whose server is still finishing its last requests and collecting their garbage. On a loaded machine, the
      // Secretariat's rules against no rules, when both ran the same code, measured -11% to +63% (median +26%,
      // 8 runs) in a fixed order: docs/benchmarks.md, "The Secretariat's rules cost".
      const k = (r - 1) % slots.length;
      for (const slot of [...slots.slice(k), ...slots.slice(0, k)]) await measure(slot, perRound, slot.sample);
    }
    for (const slot of slots) if (slot.server) slot.peakRssMiB = slot.server.peakRssMiB();
  } finally {
    // A "paced" slot shares the "prod" slot's server.
    for (const slot of slots) if (slot.kind !== "paced") await slot.server?.stop();
  }
  return dbs.map((db) => {
    const slot = (kind: SlotKind) => slots.find((s) => s.db === db && s.kind === kind);
    const ref = reference.get(db)!;
    const prod = slot("prod")!;
    const floor = slot("floor")!;
    const server = {
      ...summarise(prod.sample),
      sqlStatements: statements.get(db)!,
      responseBytes: prod.responseBytes!,
      peakRssMiB: prod.peakRssMiB!,
    };
    if (prod.data !== ref)
      log(
        `note: ${scenario.name} ${db.members}: the production server's response differs from the diagnostics server's`,
      );
    const f = { ...summarise(floor.sample), responseBytes: floor.responseBytes!, sameAsResponse: floor.data === ref };
    if (!f.sameAsResponse)
      log(
        `note: ${scenario.name} ${db.members}: floor output differs from the response ${firstDifference(floor.data!, ref)}`,
      );
    const row: Row = {
      engine: db.engine,
      members: db.members,
      scenario: scenario.name,
      server,
      floor: f,
      vsFloor: server.msPerRequest / f.msPerRequest,
    };
    const rules = slot("rules");
    const norules = slot("norules");
    if (rules && norules) {
      row.withRules = { ...summarise(rules.sample), peakRssMiB: rules.peakRssMiB!, sameResponse: rules.data === ref };
      row.withoutRules = {
        ...summarise(norules.sample),
        peakRssMiB: norules.peakRssMiB!,
        sameResponse: norules.data === ref,
      };
      row.rulesCost = row.withRules.msPerRequest / row.withoutRules.msPerRequest - 1;
    }
    const gw = slot("gateway");
    const paced = slot("paced");
    if (gw && paced) {
      const m = summarise(gw.sample);
      const same = summarise(paced.sample);
      const idle = prod.idleCpuMsPerS!;
      const net = (x: Sample) => (x.cpuMs - idle * x.seconds) / Math.max(1, x.requests);
      row.gateway = {
        ...m,
        pmmCpuMsPerRequest: m.cpuMsPerRequest,
        directSameRate: same,
        pmmCpuRatio: m.cpuMsPerRequest / same.cpuMsPerRequest,
        fullRateCpuRatio: m.cpuMsPerRequest / server.cpuMsPerRequest,
        netFullRateCpuRatio: net(gw.sample) / net(prod.sample),
        pmmIdleCpuMsPerS: idle,
        gatewayCpuMsPerRequest: gw.gatewayCpuMs! / Math.max(1, m.requests),
        gatewayIdleCpuMsPerS: gw.idleCpuMsPerS!,
        gatewayPeakRssMiB: gw.peakRssMiB!,
        sameResponse: gw.data === ref,
        endToEnd: m.msPerRequest / server.msPerRequest,
      };
    }
    return row;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Report

interface Target {
  what: string;
  measured: string;
  met: boolean;
}

function targets(rows: Row[]): Target[] {
  const out: Target[] = [];
  const engines = [...new Set(rows.map((r) => r.engine))];
  for (const engine of engines) {
    const mine = rows.filter((r) => r.engine === engine);
    const sizes = [...new Set(mine.map((r) => r.members))].sort((a, b) => a - b);
    const small = sizes[0];
    const large = sizes[sizes.length - 1];
    const at = (scenario: ScenarioName, members: number) =>
      mine.find((r) => r.scenario === scenario && r.members === members);
    for (const scenario of [...new Set(mine.map((r) => r.scenario))]) {
      const a = at(scenario, small)!;
      const b = at(scenario, large)!;
      if (sizes.length > 1) {
        out.push({
          what: `${engine} ${scenario}: SQL statements per request do not grow from ${small} to ${large} Members`,
          measured: `${a.server.sqlStatements} -> ${b.server.sqlStatements}`,
          met: b.server.sqlStatements <= a.server.sqlStatements,
        });
      }
      for (const r of [a, b].filter((x, i, xs) => xs.indexOf(x) === i)) {
        if (r.rulesCost !== undefined) {
          out.push({
            what: `${engine} ${scenario} ${r.members}: disclosure layer at most 15% slower than without it`,
            measured: `${(r.rulesCost * 100).toFixed(1)}%`,
            met: r.rulesCost <= 0.15,
          });
        }
      }
    }
    for (const r of mine.filter((x) => x.gateway)) {
      out.push({
        what: `${engine} ${r.scenario} ${r.members}: PMM Graph's CPU per request through the gateway at most 1.1x direct at the same rate`,
        measured: `${r.gateway!.pmmCpuRatio.toFixed(2)}x (${f2(r.gateway!.pmmCpuMsPerRequest)} vs ${f2(r.gateway!.directSameRate.cpuMsPerRequest)} ms at ${f1(r.gateway!.rps)} vs ${f1(r.gateway!.directSameRate.rps)} req/s; vs direct at full rate ${r.gateway!.fullRateCpuRatio.toFixed(2)}x, net of idle ${r.gateway!.netFullRateCpuRatio.toFixed(2)}x)`,
        met: r.gateway!.pmmCpuRatio <= 1.1,
      });
    }
    const s1 = at("secretariat", small);
    const s2 = at("secretariat", large);
    if (s1 && s2) {
      for (const r of s1 === s2 ? [s1] : [s1, s2]) {
        out.push({
          what: `${engine} secretariat ${r.members}: time per request at most 2x its raw floor`,
          measured: `${r.vsFloor.toFixed(2)}x`,
          met: r.vsFloor <= 2,
        });
      }
      if (s1 !== s2) {
        const growth = s2.server.msPerRequest / s1.server.msPerRequest;
        out.push({
          what: `${engine} secretariat: time per request at ${large} Members at most 11x the time at ${small}`,
          measured: `${growth.toFixed(2)}x (${(large / small).toFixed(1)}x the Members)`,
          met: growth <= 11,
        });
      }
      out.push({
        what: `${engine} secretariat ${large}: peak server memory below 512 MiB`,
        measured: `${s2.server.peakRssMiB.toFixed(0)} MiB`,
        met: s2.server.peakRssMiB < 512,
      });
    }
  }
  return out;
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i < 3 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`,
    ...body.map(line),
  ].join("\n");
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "-");
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "-");

/** The scenarios through the gateway beside the same scenarios direct (same rounds, same PMM Graph process). */
function gatewayReport(rows: Row[]): string {
  const header = [
    "engine",
    "Members",
    "scenario",
    "direct req/s",
    "gateway req/s",
    "end-to-end",
    "gateway p50 ms",
    "PMM CPU ms/req direct",
    "direct at gateway's rate: req/s",
    "CPU ms/req",
    "PMM CPU ms/req via gateway",
    "ratio same rate",
    "ratio full rate",
    "net of idle",
    "PMM idle ms/s",
    "gateway CPU ms/req",
    "gateway peak RSS MiB",
  ];
  const body = rows
    .filter((r) => r.gateway)
    .map((r) => {
      const g = r.gateway!;
      return [
        r.engine === "mysql" ? "MariaDB" : "SQLite",
        String(r.members),
        r.scenario,
        f1(r.server.rps),
        f1(g.rps),
        `${g.endToEnd.toFixed(2)}x`,
        f1(g.p50),
        f2(r.server.cpuMsPerRequest),
        f1(g.directSameRate.rps),
        f2(g.directSameRate.cpuMsPerRequest),
        f2(g.pmmCpuMsPerRequest),
        `${g.pmmCpuRatio.toFixed(2)}x`,
        `${g.fullRateCpuRatio.toFixed(2)}x`,
        `${g.netFullRateCpuRatio.toFixed(2)}x`,
        f1(g.pmmIdleCpuMsPerS),
        f2(g.gatewayCpuMsPerRequest),
        f0(g.gatewayPeakRssMiB),
      ];
    });
  return table(header, body);
}

function report(rows: Row[]): string {
  const header = [
    "engine",
    "Members",
    "scenario",
    "req/s",
    "p50 ms",
    "p99 ms",
    "SQL/req",
    "resp KB",
    "peak RSS MiB",
    "CPU ms/req",
    "floor req/s",
    "floor p50 ms",
    "x floor",
    "test: rules req/s",
    "no rules req/s",
    "rules cost",
  ];
  const body = rows.map((r) => [
    r.engine === "mysql" ? "MariaDB" : "SQLite",
    String(r.members),
    r.scenario,
    f1(r.server.rps),
    f1(r.server.p50),
    f1(r.server.p99),
    String(r.server.sqlStatements),
    f1(r.server.responseBytes / 1024),
    f0(r.server.peakRssMiB),
    f1(r.server.cpuMsPerRequest),
    f1(r.floor.rps),
    f1(r.floor.p50),
    `${r.vsFloor.toFixed(2)}x`,
    r.withRules ? f1(r.withRules.rps) : "-",
    r.withoutRules ? f1(r.withoutRules.rps) : "-",
    r.rulesCost !== undefined ? `${r.rulesCost >= 0 ? "+" : ""}${(r.rulesCost * 100).toFixed(1)}%` : "-",
  ]);
  return table(header, body);
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const o = readOptions(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, "dist", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` (npm run bench does)");
  const runId = `${Date.now().toString(36)}_${randomBytes(2).toString("hex")}`;
  const secret = randomBytes(32).toString("hex");
  const dataDir = logDir;
  fs.mkdirSync(dataDir, { recursive: true });
  log(
    `run ${runId}: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, ` +
      `${o.connections} connections, ${o.warmup} s warm-up, ${o.duration} s in ${o.rounds} rounds per server`,
  );
  const rows: Row[] = [];
  const dbs: BenchDatabase[] = [];
  const floors = new Map<BenchDatabase, Floor>();
  try {
    for (const engine of o.engines) {
      const mine: BenchDatabase[] = [];
      for (const members of o.members) {
        const db = await benchDatabase({
          engine,
          members,
          mysqlUrl: o.mysqlUrl,
          sqliteDir: dataDir,
          runId,
          reuse: o.reuse,
          keep: o.keep,
          log,
        });
        dbs.push(db);
        mine.push(db);
        floors.set(db, await openFloor(db, o.connections));
      }
      const kpis = await floors
        .get(mine[0])!
        .db.all(
          "SELECT k.code FROM kpi k JOIN framework_version v ON v.id = k.frameworkVersionId WHERE v.active = 1 ORDER BY k.id",
        );
      setFrameworkKpis(kpis.map((k) => String(k.code)));
      const run: Run = { o, secret, runId, floors, stats: new Map() };
      try {
        for (const db of mine) {
          log(`starting diagnostics server (PMM_SQL_STATS): ${engine} ${db.members}`);
          run.stats.set(
            db,
            await startBenchServer(
              serverEnv(run, db, "stats"),
              path.join(logDir, `server-${runId}-${engine}-${db.members}-stats.log`),
            ),
          );
        }
        for (const name of o.scenarios) rows.push(...(await runScenario(run, SCENARIOS[name], mine)));
      } finally {
        for (const s of run.stats.values()) await s.stop();
      }
    }
  } finally {
    for (const f of floors.values()) await f.close().catch(() => undefined);
    for (const db of dbs) await db.drop().catch((err) => log(`could not drop ${db.name}: ${err}`));
  }

  const checks = targets(rows);
  const out = [
    "",
    report(rows),
    "",
    "req/s .. x floor: the server as deployed (NODE_ENV=production); SQL/req from a twin with PMM_SQL_STATS=true. x floor: time per request",
    "(1 / throughput at the fixed concurrency) over the raw-SQL floor's. rules cost: NODE_ENV=test servers with and without the permission rules.",
    ...(rows.some((r) => r.gateway)
      ? [
          "",
          "Through Apollo Gateway (gateway/, NODE_ENV=production) in front of the same production server, in the same rounds:",
          gatewayReport(rows),
          "end-to-end: time per request through the gateway over direct. PMM CPU: the server's CPU per request direct (8 connections),",
          "direct at the rate the gateway reached (open loop, same rounds) and when the gateway calls it. ratio same rate: via gateway over",
          "direct at the gateway's rate (the target, at most 1.1x); full rate: over direct at 8 connections, as read and net of the",
          "server's idle CPU (PMM idle ms/s x seconds). gateway CPU: the gateway process's own CPU per request.",
        ]
      : []),
    "",
    "Targets:",
    ...checks.map((c) => `  [${c.met ? "met " : "MISS"}] ${c.what}: ${c.measured}`),
  ];
  for (const r of rows) {
    if (r.withoutRules && !r.withoutRules.sameResponse)
      out.push(
        `  note: ${r.engine} ${r.members} ${r.scenario}: the response without rules differs from the one with them`,
      );
    const failed = r.server.failures + (r.withRules?.failures ?? 0) + (r.withoutRules?.failures ?? 0);
    if (r.gateway && !r.gateway.sameResponse)
      out.push(
        `  note: ${r.engine} ${r.members} ${r.scenario}: the response through the gateway differs from the direct one`,
      );
    if (r.gateway?.failures)
      out.push(
        `  note: ${r.engine} ${r.members} ${r.scenario}: ${r.gateway.failures} failed requests through the gateway`,
      );
    if (failed || r.floor.failures)
      out.push(
        `  note: ${r.engine} ${r.members} ${r.scenario}: ${failed} failed requests, ${r.floor.failures} failed floor runs`,
      );
  }
  console.log(out.join("\n"));
  fs.mkdirSync(path.dirname(o.json), { recursive: true });
  fs.writeFileSync(
    o.json,
    JSON.stringify(
      {
        runId,
        date: new Date().toISOString(),
        machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
        options: o,
        rows,
        targets: checks,
      },
      null,
      2,
    ),
  );
  log(`numbers written to ${path.relative(process.cwd(), o.json)}`);
  const missed = checks.filter((c) => !c.met).length;
  if (missed) log(`${missed} target(s) missed`);
  return missed && o.failOnMiss ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);
