/**
 * `npm run schema:breaking`: fails when schema/schema.graphql breaks a client written against
 * schema/baseline.graphql (the schema as released), unless CHANGELOG.md owns up to each break.
 *
 * A break is acknowledged by naming its schema coordinate in backticks under `## Unreleased` >
 * `### Breaking`: `Type`, `Type.field`, `Type.field(arg:)` or `Enum.VALUE`. Anything else in the
 * changelog (older releases, other headings) does not count, so an old entry cannot excuse a new break.
 *
 * Options: --schema FILE --baseline FILE --changelog FILE (defaults: the repository's own).
 */
import fs from "node:fs";
import path from "node:path";
import { parseCli } from "../src/common/cli-args";
import { buildSchema, findBreakingChanges, findDangerousChanges } from "graphql";

export interface SchemaChange {
  type: string;
  description: string;
  /** The schema coordinate a changelog line must name. */
  coordinate: string;
}

const COORDINATES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^(\w+)\.(\w+) arg (\w+) /, (m) => `${m[1]}.${m[2]}(${m[3]}:)`],
  [/^An? (?:required|optional) arg (\w+) on (\w+)\.(\w+) /, (m) => `${m[2]}.${m[3]}(${m[1]}:)`],
  [/^An? (?:required|optional) field (\w+) on input type (\w+) /, (m) => `${m[2]}.${m[1]}`],
  [/^(\w+) was (?:removed from|added to) enum type (\w+)/, (m) => `${m[2]}.${m[1]}`],
  [/^(\w+) was (?:removed from|added to) union type (\w+)/, (m) => m[2]!],
  [/^(\w+) no longer implements interface (\w+)/, (m) => m[1]!],
  [/^(\w+)\.(\w+) /, (m) => `${m[1]}.${m[2]}`],
  [/^(\w+) /, (m) => m[1]!],
];

/** graphql-js describes each change in a sentence that starts with the element it is about. */
export function coordinateOf(description: string): string {
  for (const [re, build] of COORDINATES) {
    const m = description.match(re);
    if (m) return build(m);
  }
  return description;
}

/** The coordinates in backticks under "## Unreleased" > "### Breaking". */
export function acknowledgedBreaks(changelog: string): Set<string> {
  const found = new Set<string>();
  let release = "";
  let section = "";
  let fenced = false;
  for (const line of changelog.split(/\r?\n/)) {
    // An example inside a fenced block (as in the changelog's own instructions) is not an entry.
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const h2 = line.match(/^##\s+(.*?)\s*$/);
    const h3 = line.match(/^###\s+(.*?)\s*$/);
    if (h2 && !line.startsWith("###")) [release, section] = [h2[1]!.toLowerCase(), ""];
    else if (h3) section = h3[1]!.toLowerCase();
    else if (release === "unreleased" && section === "breaking" && /^\s*[-*]\s/.test(line)) {
      for (const m of line.matchAll(/`([^`]+)`/g)) found.add(m[1]!.trim());
    }
  }
  return found;
}

export function compareSchemas(
  baselineSdl: string,
  currentSdl: string,
): { breaking: SchemaChange[]; dangerous: SchemaChange[] } {
  const before = buildSchema(baselineSdl);
  const after = buildSchema(currentSdl);
  const withCoordinate = (c: { type: string; description: string }) => ({
    type: c.type,
    description: c.description,
    coordinate: coordinateOf(c.description),
  });
  return {
    breaking: findBreakingChanges(before, after).map(withCoordinate),
    dangerous: findDangerousChanges(before, after).map(withCoordinate),
  };
}

export function main(args: string[]): number {
  const root = path.resolve(__dirname, "..");
  // Strict: a mistyped flag is refused rather than silently checking the default files.
  const flags = parseCli(
    {
      usage: "npm run schema:breaking [-- --schema FILE --baseline FILE --changelog FILE]",
      help: `Fails when the schema breaks a client written against the released one, unless CHANGELOG.md names each break
(its schema coordinate in backticks under "## Unreleased" > "### Breaking").

  --schema     the schema to check (default schema/schema.graphql)
  --baseline   the released schema (default schema/baseline.graphql)
  --changelog  the changelog (default CHANGELOG.md)`,
      options: { schema: { type: "string" }, baseline: { type: "string" }, changelog: { type: "string" } },
    },
    args,
  ).values;
  const schemaFile = path.resolve(flags.schema ?? path.join(root, "schema", "schema.graphql"));
  const baselineFile = path.resolve(flags.baseline ?? path.join(root, "schema", "baseline.graphql"));
  const changelogFile = path.resolve(flags.changelog ?? path.join(root, "CHANGELOG.md"));
  const rel = (f: string) => (path.relative(process.cwd(), f).startsWith("..") ? f : path.relative(process.cwd(), f));

  let changes: ReturnType<typeof compareSchemas>;
  try {
    changes = compareSchemas(fs.readFileSync(baselineFile, "utf8"), fs.readFileSync(schemaFile, "utf8"));
  } catch (err) {
    console.error(
      `[schema:breaking] cannot compare ${rel(schemaFile)} with ${rel(baselineFile)}: ${err instanceof Error ? err.message : String(err)}`,
    );
    return 2;
  }
  const { breaking, dangerous } = changes;
  const acknowledged = fs.existsSync(changelogFile)
    ? acknowledgedBreaks(fs.readFileSync(changelogFile, "utf8"))
    : new Set<string>();
  const line = (c: SchemaChange) => `  ${c.coordinate}  (${c.type}: ${c.description})`;

  for (const c of dangerous)
    console.log(`[schema:breaking] note, may affect clients: ${c.coordinate} (${c.type}: ${c.description})`);
  const owned = breaking.filter((c) => acknowledged.has(c.coordinate));
  const unowned = breaking.filter((c) => !acknowledged.has(c.coordinate));
  if (owned.length)
    console.log(`[schema:breaking] breaking, listed in ${rel(changelogFile)}:\n${owned.map(line).join("\n")}`);
  if (unowned.length) {
    console.error(
      `[schema:breaking] ${rel(schemaFile)} breaks clients built on ${rel(baselineFile)}:\n${unowned.map(line).join("\n")}\n` +
        `Restore ${unowned.length === 1 ? "it" : "them"}, deprecate instead of removing (@deprecated), or list each coordinate ` +
        `under "## Unreleased" > "### Breaking" in ${rel(changelogFile)}, e.g.\n  - \`${unowned[0]!.coordinate}\`: why, and what clients use instead.`,
    );
    return 1;
  }
  console.log(
    `[schema:breaking] no unlisted breaking change against ${rel(baselineFile)} (${breaking.length} listed, ${dangerous.length} notes)`,
  );
  return 0;
}
