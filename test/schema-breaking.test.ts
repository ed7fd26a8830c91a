import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./support/server-process";

/**
 * The CI check that keeps the schema from breaking the typed clients (and everyone else's): run as CI
 * runs it, against a temporary copy of the schema with a change made to it.
 */
const schema = fs.readFileSync(path.join(ROOT, "schema", "schema.graphql"), "utf8");
const changelog = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
const ISO2 = '  """ISO 3166-1 alpha-2 code."""\n  iso2: String!\n';

function check(files: { schema?: string; changelog?: string }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmm-breaking-"));
  const schemaFile = path.join(dir, "schema.graphql");
  const changelogFile = path.join(dir, "CHANGELOG.md");
  fs.writeFileSync(schemaFile, files.schema ?? schema);
  fs.writeFileSync(changelogFile, files.changelog ?? changelog);
  const res = spawnSync(
    path.join(ROOT, "node_modules", ".bin", "jiti"),
    ["scripts/schema-breaking.cli.ts", "--schema", schemaFile, "--changelog", changelogFile],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const listing = (entry: string, under = "## Unreleased\n\n### Breaking\n") =>
  changelog.replace(under, `${under}${entry}\n`);

describe("schema:breaking", () => {
  it("passes on the committed schema", () => {
    expect(schema).toContain(ISO2);
    const res = check({});
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
  });

  it("fails when a field is removed, naming the field", () => {
    const res = check({ schema: schema.replace(ISO2, "") });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("breaks clients built on schema/baseline.graphql");
    expect(res.stderr).toContain("Member.iso2  (FIELD_REMOVED: Member.iso2 was removed.)");
    expect(res.stderr).toContain('"## Unreleased" > "### Breaking"');
  });

  it("names arguments, enum values and changed types by their coordinates", () => {
    const changed = schema
      .replace('  """LANDLOCKED and COASTAL."""\n  LANDLOCKED\n', "")
      .replace("  loadedAt: DateTimeISO!\n", "  loadedAt: DateTimeISO\n")
      .replace("  kpis(\n", "  kpis(\n    onlyActive: Boolean!\n");
    const res = check({ schema: changed });
    expect(res.code).toBe(1);
    for (const coordinate of ["GroupBy.LANDLOCKED", "FrameworkVersion.loadedAt", "Query.kpis(onlyActive:)"])
      expect(res.stderr).toContain(`  ${coordinate}  (`);
  });

  it("passes once CHANGELOG.md lists the removal under Unreleased > Breaking, and only there", () => {
    const removed = schema.replace(ISO2, "");
    const owned = check({ schema: removed, changelog: listing("- `Member.iso2`: removed; use `Member.code`.") });
    expect(owned.code).toBe(0);
    expect(owned.stdout).toContain("breaking, listed in");
    // An entry under a released version, or under another heading, does not excuse a new break.
    expect(check({ schema: removed, changelog: listing("- `Member.iso2`: removed.", "## 0.1.0\n") }).code).toBe(1);
    expect(check({ schema: removed, changelog: listing("- `Member.iso2`: removed.", "### Added\n") }).code).toBe(1);
  });

  it("lets additions through", () => {
    const res = check({ schema: schema.replace("  iso2: String!\n", "  iso2: String!\n  iso3: String\n") });
    expect(res.code).toBe(0);
  });
});
