import fs from "node:fs";
import path from "node:path";
import { parseCli, usageError } from "../src/common/cli-args";
import { computeRelease, viewerKinds } from "../src/report";
import type { Level, ReportInput, ReportKpi } from "../src/report";

/**
 * `npx jiti scripts/report-cost.cli.ts [--members N]`: the cost of computing and auditing a full cycle's release
 * (docs/benchmarks.md, "Report releases"): every Member of the reference data (plus synthetic ones up to
 * `members`, 186 by default, the WCO's count) taking part, every KPI of framework V1, levels, not-used flags and
 * needs drawn like the demo data's, every viewer kind of rule 8. A measurement, not a test.
 */
const ROOT = path.join(__dirname, "..");
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), "utf8"));

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fullCycle(count = 186, seed = 1): ReportInput {
  const rand = prng(seed);
  const ref = read("src/db/seed/reference/members.json");
  const members = ref.members.map((m: { code: string; region: string; incomeGroup: string; landlocked: boolean }) => ({
    code: m.code,
    region: m.region,
    incomeGroup: m.incomeGroup ?? null,
    landlocked: m.landlocked ?? null,
  }));
  members.splice(count);
  for (let i = members.length; i < count; i++)
    members.push({ code: `X${i}`, region: "AP", incomeGroup: null, landlocked: null });
  const unions = read("src/db/seed/reference/unions.json").unions.map((u: { code: string; members: string[] }) => ({
    code: u.code,
    members: u.members,
  }));
  const framework = read("src/framework/definitions/pmm-framework-v1.json");
  const kpis: ReportKpi[] = [];
  for (const d of framework.dimensions)
    for (const o of d.outcomes)
      for (const k of o.kpis)
        kpis.push({
          code: k.code,
          outcome: o.code,
          dimension: d.code,
          scoring: k.scoring ?? null,
          instruments: k.instruments ?? [],
          sdgTargets: k.sdgTargets ?? [],
        });
  const levels: [Level, number][] = [
    ["PUBLIC", 0.35],
    ["WCO", 0.25],
    ["UNION", 0.2],
    ["COUNTRY", 0.2],
  ];
  const pick = () => {
    let x = rand();
    for (const [l, w] of levels) if ((x -= w) < 0) return l;
    return "COUNTRY" as Level;
  };
  const results: ReportInput["results"] = [];
  const needs: ReportInput["needs"] = [];
  for (const m of members) {
    const own = pick();
    for (const k of kpis) {
      const notUsed = rand() < 0.07;
      results.push({
        member: m.code,
        kpi: k.code,
        level: rand() < 0.7 ? own : pick(),
        notUsed,
        value: notUsed ? null : Math.round(rand() * 100_000_000) / 1_000_000,
      });
    }
    if (rand() < 0.6) needs.push({ member: m.code, outcome: kpis[Math.floor(rand() * kpis.length)].outcome });
  }
  const reviewers = [1, 2, 3, 4, 5].map((r) => ({
    reviewer: `reviewer-${r}`,
    members: [members[(r * 7) % members.length].code, members[(r * 11) % members.length].code],
  }));
  return {
    cycle: { code: "2023", phase: "CLOSED" },
    members,
    unions,
    participants: members.map((m: { code: string }) => m.code),
    kpis,
    results,
    needs,
    reviewers,
    thresholds: { minContributors: 5, minForQuantiles: 10 },
  };
}

const CLI = {
  usage: "npx jiti scripts/report-cost.cli.ts [--members N] [VIEWER-ID-PREFIX...]",
  help: `Computes and audits one release of a synthetic full cycle and prints its cost and cell counts as JSON
(docs/benchmarks.md, "Report releases"). A measurement, not a test.

  --members N            Members taking part (default 186, the WCO's count; synthetic ones beyond the
                         reference data)
  VIEWER-ID-PREFIX...    audit only the viewer kinds whose id starts with one of these (for profiling),
                         e.g. ANONYMOUS NCP:KEN`,
  options: { members: { type: "string" } },
  positionals: { max: 1000, name: "viewer-id prefix" },
} as const;

if (process.argv[1]?.endsWith("report-cost.cli.ts")) {
  const { values, positionals } = parseCli(CLI);
  const count = Number(values.members ?? 186);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) usageError(CLI, "--members: a whole number, 1 to 10000");
  const input = fullCycle(count);
  if (positionals.length > 0) {
    input.viewers = viewerKinds(input.members, input.unions, input.reviewers).filter((v) =>
      positionals.some((prefix) => v.id.startsWith(prefix)),
    );
  }
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const release = computeRelease(input);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const controlled = release.cells.filter((c) => !["NEEDS", "PARTICIPATION"].includes(c.table));
  const by = (s: string) => controlled.filter((c) => c.status === s).length;
  console.log(
    JSON.stringify(
      {
        members: input.members.length,
        kpis: input.kpis.length,
        results: input.results.length,
        viewerKinds: release.audit.viewers.length,
        cells: release.cells.length,
        controlled: controlled.length,
        F: by("F"),
        C: by("C"),
        D: by("D"),
        quantilesF: controlled.filter((c) => c.quantileStatus === "F").length,
        rounds: release.audit.rounds,
        maxUnknowns: Math.max(...release.audit.checks.map((c) => c.unknowns)),
        maxRank: Math.max(...release.audit.checks.map((c) => c.rank)),
        wallMs: Math.round(ms),
        cpuMs: Math.round(cpuMs),
      },
      null,
      2,
    ),
  );
}
