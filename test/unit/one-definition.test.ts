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
