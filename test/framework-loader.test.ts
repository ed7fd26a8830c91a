import v1 from "../src/framework/definitions/pmm-framework-v1.json";
import { data } from "./support/graphql";
import { runCli, writeTempJson } from "./support/cli";

const LOAD = "framework/framework-load.cli.js";
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

async function versionCodes(): Promise<string[]> {
  const { frameworkVersions } = await data(`{ frameworkVersions { code } }`);
  return frameworkVersions.map((v: any) => v.code);
}

describe("npm run framework:load", () => {
  it("reports every problem of a broken file at once, with its path, and writes nothing", async () => {
    const broken: any = clone(v1);
    broken.version = "VBROKEN";
    broken.dimensions[0].outcomes[0].kpis[0].unit = "FURLONGS";
    broken.dimensions[0].outcomes[1].kpis[1].code = "TF.1.1";
    broken.dimensions[1].outcomes[0].sdgTargets.push("99.9");
    broken.dimensions[2].outcomes[0].kpis[0].instruments.push("NO_SUCH_TOOL");
    broken.dimensions[3].outcomes[0].kpis = [];
    const res = runCli(LOAD, [writeTempJson("broken.json", broken)]);
    expect(res.code).toBe(1);
    const lines = res.stderr;
    expect(lines).toContain("5 problem(s); nothing was written");
    expect(lines).toMatch(/dimensions\[0\]\.outcomes\[0\]\.kpis\[0\]\.unit: unknown unit 'FURLONGS'/);
    expect(lines).toMatch(/dimensions\[0\]\.outcomes\[1\]\.kpis\[1\]\.code: duplicate code 'TF\.1\.1'/);
    expect(lines).toMatch(/dimensions\[1\]\.outcomes\[0\]\.sdgTargets\[\d+\]: unknown SDG target '99\.9'/);
    expect(lines).toMatch(
      /dimensions\[2\]\.outcomes\[0\]\.kpis\[0\]\.instruments\[\d+\]: unknown instrument 'NO_SUCH_TOOL'/,
    );
    expect(lines).toMatch(/dimensions\[3\]\.outcomes\[0\]\.kpis: outcome 'OD\.1' has no KPIs/);
    expect(await versionCodes()).not.toContain("VBROKEN");
  });

  it("reports structural problems (missing fields, wrong types) with their paths", async () => {
    const broken: any = clone(v1);
    broken.version = "VSHAPE";
    delete broken.dimensions[0].name;
    broken.dimensions[1].outcomes[0].kpis[0].direction = "SIDEWAYS";
    const res = runCli(LOAD, [writeTempJson("shape.json", broken)]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/dimensions\[0\]\.name:/);
    expect(res.stderr).toMatch(/dimensions\[1\]\.outcomes\[0\]\.kpis\[0\]\.direction:/);
    expect(await versionCodes()).not.toContain("VSHAPE");
  });

  it("changes nothing when the same file is loaded again", async () => {
    const file = writeTempJson("v1.json", v1);
    const res = runCli(LOAD, [file]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("framework V1 is already loaded with this definition: nothing changed");
  });

  it("updates a loaded version by code, then treats the same edited file as a no-op", async () => {
    const staged: any = clone(v1);
    staged.version = "VTEST-EDIT";
    const first = runCli(LOAD, [writeTempJson("staged.json", staged), "--inactive"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("framework VTEST-EDIT loaded: 79 inserted");
    staged.dimensions[0].outcomes[0].kpis[0].name = "Rate of electronic declarations (revised)";
    staged.dimensions[0].outcomes[0].kpis[0].sdgTargets = ["9.c"];
    const file = writeTempJson("edited.json", staged);
    const second = runCli(LOAD, [file, "--inactive"]);
    expect(second.stdout).toContain("0 inserted, 1 updated, 0 mappings added, 1 removed");
    const third = runCli(LOAD, [file, "--inactive"]);
    expect(third.stdout).toContain("nothing changed");
    const { kpi, active } = await data(`{
      kpi(code: "TF.1.1", framework: "VTEST-EDIT") { name sdgTargets { code } }
      active: kpi(code: "TF.1.1") { name }
    }`);
    expect(kpi).toEqual({ name: "Rate of electronic declarations (revised)", sdgTargets: [{ code: "9.c" }] });
    expect(active).toEqual({ name: "Rate of electronic declarations" });
  });

  it("refuses to drop items from a loaded version and leaves it as it was", async () => {
    const staged: any = clone(v1);
    staged.version = "VTEST-EDIT";
    staged.dimensions[0].outcomes[0].kpis.pop();
    staged.dimensions[0].outcomes[0].name = "Renamed in the same file";
    const res = runCli(LOAD, [writeTempJson("dropped.json", staged), "--inactive"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("KPI 'TF.1.2' of loaded version VTEST-EDIT is missing from the file");
    const { outcome } = await data(`{ outcome(code: "TF.1", framework: "VTEST-EDIT") { name kpis { code } } }`);
    expect(outcome).toEqual({ name: "Paperless trade", kpis: [{ code: "TF.1.1" }, { code: "TF.1.2" }] });
  });

  it("explains how to call it when no file is named", () => {
    const res = runCli(LOAD, []);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("usage: npm run framework:load -- FILE");
  });
});

describe("DataLoader batching", () => {
  const HIERARCHY = `query($v: ID) { dimensions(framework: $v) { code outcomes { code sdgTargets { code } instruments { code }
    kpis { code sdgTargets { code goal { number } } instruments { code } } } } }`;

  it("runs the full hierarchy query in a number of SQL statements that does not grow with the number of KPIs", async () => {
    const big: any = clone(v1);
    big.version = "VTEST-BIG";
    for (const d of big.dimensions)
      for (const o of d.outcomes)
        o.kpis = [0, 1, 2, 3].flatMap((n) => o.kpis.map((k: any) => ({ ...k, code: `${k.code}.x${n}` })));
    const res = runCli(LOAD, [writeTempJson("big.json", big), "--inactive"]);
    expect(res.code).toBe(0);

    const { gql } = await import("./support/graphql");
    const small = await gql(HIERARCHY, { v: "V1" });
    const large = await gql(HIERARCHY, { v: "VTEST-BIG" });
    const count = (r: any) => r.data.dimensions.flatMap((d: any) => d.outcomes.flatMap((o: any) => o.kpis)).length;
    expect(count(small)).toBe(51);
    expect(count(large)).toBe(204);
    expect(small.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
    // One statement per level and relation: version, dimensions, outcomes, KPIs, 2 per mapping list, goals.
    expect(small.extensions?.sqlStatements).toBeLessThanOrEqual(12);
  });
});
