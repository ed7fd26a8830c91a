import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Things defined once in src/ and imported everywhere else (issue "One definition of each thing"): each test
 * names the one place and fails, listing the others, when a second definition appears. They read the sources as
 * text: a copy is found whatever it is called. (src/bench is the benchmark's, not the server's.)
 */
const ROOT = join(__dirname, "..", "..");
const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path.endsWith(join("src", "bench")) ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}
const files = sourceFiles(SRC).map((path) => ({
  file: relative(ROOT, path).split("\\").join("/"),
  lines: readFileSync(path, "utf8").split("\n"),
}));

/** `file:line` of every source line matching `pattern`, comments left out. */
function placesOf(pattern: RegExp): string[] {
  return files.flatMap(({ file, lines }) =>
    lines.flatMap((line, i) => {
      const code = line.trim();
      if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) return [];
      return pattern.test(line) ? [`${file}:${i + 1}`] : [];
    }),
  );
}
const filesOf = (places: string[]) => [...new Set(places.map((p) => p.replace(/:\d+$/, "")))].sort();

describe("one definition of each thing (small duplicates)", () => {
  it("refuses a stale version in one place: staleVersion in src/common/errors.ts", () => {
    expect(filesOf(placesOf(/STALE_VERSION/))).toEqual(["src/common/errors.ts"]);
  });

  it("parses global ids in one place: src/common/global-id.ts (node(id) tells malformed ids from unknown ones)", () => {
    expect(filesOf(placesOf(/\bfromGlobalId\(/))).toEqual(["src/common/global-id.ts", "src/common/node.resolver.ts"]);
  });

  it("rounds to the stored six decimals in one place: round in src/assessment/kpi-value.ts", () => {
    expect(filesOf(placesOf(/1e6|1e-6|1_000_000/))).toEqual(["src/assessment/kpi-value.ts"]);
  });

  it("accepts a caller's request id by one rule: requestIdOf in src/http/request-log.ts", () => {
    expect(filesOf(placesOf(/\{1,64\}\$\/\.test\(/))).toEqual(["src/http/request-log.ts"]);
    expect(filesOf(placesOf(/randomUUID\(\)/)).filter((f) => f !== "src/context.ts")).toEqual([
      "src/http/request-log.ts",
    ]);
  });
});

describe("one lookup per reference kind (README, 'Looking things up by code')", () => {
  const outside = (places: string[], allowed: RegExp) => filesOf(places).filter((f) => !allowed.test(f));

  it("reads Members, regions and unions from the database only to fill the ReferenceDirectory (and to seed)", () => {
    const reads = placesOf(
      /getRepository\((Member|Region|Union|UnionMembership)\)|\bem\.\w+\((Member|Region|Union|UnionMembership)\b|(leanSelect|leanById|loaderById|loaderByCode|loaderByParent)\(\w+(\.ds)?, (Member|Region|Union)\b|loaderThrough\(\w+\.ds, UnionMembership/,
    );
    expect(outside(reads, /^src\/db\/seed\//)).toEqual(["src/disclosure/reference-directory.ts"]);
  });

  it("reads cycles only through the shared cycle calendar, and cycle.service.ts inside its write transactions", () => {
    const reads = placesOf(
      /getRepository\(Cycle\)|\bem\.\w+\(Cycle\b|(leanSelect|leanById|loaderById|loaderByCode)\(\w+(\.ds)?, Cycle\b/,
    );
    expect(outside(reads, /^src\/db\/seed\//)).toEqual([
      "src/assessment/cycle-calendar.ts",
      "src/assessment/cycle.service.ts",
    ]);
  });

  it("turns KPI codes into KPIs in one place, in the active framework version: frameworkService", () => {
    // By code: reads of a result's own KPIs by id (an assessment's framework version) are not lookups.
    const reads = placesOf(/getRepository\(Kpi\)\.\w+\(\{ code|\bem\.\w+\(Kpi, \{[^}]*\bcode\b|loaders\.kpiByCode\(/);
    expect(outside(reads, /^src\/(db\/seed|framework)\//)).toEqual([]);
  });

  it("answers an unknown code given as an argument with the one refusal, naming the argument", () => {
    // Every "Unknown <kind>" message comes from unknownChoice (src/common/arguments.ts) or the filter's list.
    const refusals = placesOf(/`Unknown (cycle|Member|region|union|KPI|outcome|framework version)\b/);
    expect(filesOf(refusals)).toEqual([
      "src/assessment/capacity-need.service.ts",
      "src/framework/framework.service.ts",
    ]);
    expect(filesOf(placesOf(/notFound\(`Unknown/))).toEqual([]);
  });
});
