import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

/**
 * Reads a V8 CPU profile (`node --cpu-prof`, which `npm run bench -- --profile` passes to the servers) and
 * prints where the time went: the functions with the most self time, and self time by package or source
 * folder. `node dist-bench/bench/cpu-profile.js FILE.cpuprofile [--top N]`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function where(url: string): string {
  if (!url) return "(native)";
  const p = url.replace(/^file:\/\//, "");
  const nm = p.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = p.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (p.startsWith("node:")) return "node:internal";
  const dist = p.indexOf("/dist/");
  if (dist >= 0) return `dist/${path.dirname(p.slice(dist + 6))}`;
  return p;
}

export function summariseProfile(file: string, top = 30): string {
  const prof = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++)
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const name = `${f.functionName || "(anonymous)"}  ${f.url ? `${f.url.replace(/^.*node_modules\//, "").replace(/^.*\/dist\//, "dist/")}:${f.lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const place = where(f.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const pct = (us: number) =>
    `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms`;
  const lines = [`${file}: ${(total / 1000).toFixed(0)} ms sampled`, "", "self time by package / folder:"];
  for (const [k, v] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 20)) lines.push(`  ${pct(v)}  ${k}`);
  lines.push("", `top ${top} functions by self time:`);
  for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`);
  // Inclusive ("total") time: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!f.url) continue;
      const name = `${f.functionName || "(anonymous)"}  ${f.url.replace(/^.*node_modules\//, "").replace(/^.*\/dist\//, "dist/")}:${f.lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  lines.push("", `top ${top} functions by total time (self and callees):`);
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`);
  return lines.join("\n");
}

if (require.main === module) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string" } } });
  const top = Number(values.top ?? 30);
  if (!positionals.length || !Number.isInteger(top) || top < 1) {
    console.error("usage: node dist-bench/bench/cpu-profile.js FILE.cpuprofile... [--top N]");
    process.exit(1);
  }
  for (const f of positionals) console.log(summariseProfile(f, top) + "\n");
}
