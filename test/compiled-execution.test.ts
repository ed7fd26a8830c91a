import "reflect-metadata";
import { execute, parse, type OperationDefinitionNode } from "graphql";
import { DataSource } from "typeorm";
import { parseDatabaseUrl } from "../src/config";
import { createDataSource } from "../src/db/data-source";
import { buildExecutionSchemas, buildGuardedSchema } from "../src/schema/build-schema";
import { compiledExecutor } from "../src/http/compiled-execution";
import { createContext, referenceSnapshots } from "../src/context";
import { referenceDirectory } from "../src/disclosure/reference-directory";
import { ANONYMOUS, ViewerRole, type Viewer } from "../src/disclosure/viewer";

/**
 * src/http/compiled-execution.ts against graphql-js, on the same operations, schema code, data and viewer: the
 * compiled path answers exactly what graphql-js answers, and leaves every operation graphql-js answers with an
 * error (faults included) to graphql-js, so that errors are only ever graphql-js's own.
 */
const SECRETARIAT: Viewer = { ...ANONYMOUS, role: ViewerRole.SECRETARIAT, subject: "compiled-test" };
const NCP_KEN: Viewer = { ...ANONYMOUS, role: ViewerRole.NCP, subject: "compiled-test-ncp", member: "KEN" };

const OPERATIONS: Record<string, string> = {
  hierarchy: `{ dimensions { code outcomes { code kpis { code unit sdgTargets { code } instruments { code } } } } }`,
  members: `query M($r: ID = "ESA") { members(region: $r) { code name region { code } unions { code } } }`,
  results: `{ results(first: 20) { totalCount edges { node { id value withheld disclosure member { code } kpi { code } cycle { code } } } } }`,
  entities: `{ _entities(representations: [{ __typename: "Member", code: "KEN" }, { __typename: "Cycle", code: "2023" }]) { __typename ... on Member { code name } ... on Cycle { code } } }`,
  // Faults: a resolver's coded error on a non-null field, an unknown representation, a field the viewer may not read.
  badInput: `{ kpiTrends(kpis: ["NOPE"]) { groupCode } kpi(code: "TF.1.1") { code } }`,
  unknownEntity: `{ _entities(representations: [{ __typename: "Nope", code: "x" }]) { __typename } }`,
  forbidden: `{ _service { sdl } }`,
};

let ds: DataSource;
let broken: DataSource;
const apiSchema = buildGuardedSchema();
// As the server builds it: the Secretariat's operations run on the schema specialised for viewers who see everything.
const compiled = compiledExecutor({ executionSchema: buildExecutionSchemas(), maxCompiled: 50 });

beforeAll(async () => {
  ds = createDataSource(parseDatabaseUrl(process.env.PMM_TEST_DATABASE_URL));
  await ds.initialize();
  // A data source that was closed: every statement fails, as when the database goes away mid-request.
  broken = createDataSource(parseDatabaseUrl(process.env.PMM_TEST_DATABASE_URL));
  await broken.initialize();
  await broken.destroy();
});
afterAll(async () => {
  await ds?.destroy();
});

async function both(name: string, source: string, viewer: Viewer, dataSource = ds) {
  const directory = await referenceDirectory(ds);
  const snapshots = referenceSnapshots(dataSource, 0);
  const document = parse(source);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const js = await execute({
    schema: apiSchema,
    document,
    contextValue: createContext(dataSource, directory, snapshots, viewer),
  });
  const jit = await compiled({
    document,
    operation,
    queryHash: `${name}:${dataSource === ds}`,
    context: createContext(dataSource, directory, snapshots, viewer),
  });
  return { js: JSON.parse(JSON.stringify(js)), jit: jit && JSON.parse(JSON.stringify(jit)) };
}

describe.each([
  ["anonymous", ANONYMOUS],
  ["an NCP", NCP_KEN],
  ["the Secretariat", SECRETARIAT],
] as const)("as %s", (_label, viewer) => {
  it("answers every error-free query exactly as graphql-js, and leaves every other one to graphql-js", async () => {
    const names = Object.keys(OPERATIONS);
    expect(names.length).toBe(7);
    const answered: string[] = [];
    const deferred: string[] = [];
    for (const name of names) {
      const { js, jit } = await both(name, OPERATIONS[name], viewer);
      if (jit === null) {
        deferred.push(name);
        continue;
      }
      answered.push(name);
      expect({ name, errors: js.errors }).toEqual({ name, errors: undefined });
      expect({ name, result: jit }).toEqual({ name, result: js });
    }
    // What graphql-js answers with an error is never answered by the compiled path.
    expect(deferred.sort()).toEqual(["badInput", "forbidden", "unknownEntity"]);
    expect(answered.sort()).toEqual(["entities", "hierarchy", "members", "results"]);
  });
});

it("leaves a database fault to graphql-js (whose error Apollo codes and logs), on a lost database", async () => {
  const { js, jit } = await both("results", OPERATIONS.results, SECRETARIAT, broken);
  expect(js.errors?.length).toBeGreaterThan(0);
  expect(jit).toBeNull();
});

it("leaves mutations to graphql-js (not run here: only the compiled path is asked)", async () => {
  const document = parse(`mutation { closeCycle(cycle: "2023") { code } }`);
  const jit = await compiled({
    document,
    operation: document.definitions[0] as OperationDefinitionNode,
    queryHash: "mutation",
    context: createContext(ds, await referenceDirectory(ds), referenceSnapshots(ds, 0), SECRETARIAT),
  });
  expect(jit).toBeNull();
});

it("answers a query the same from the operation it compiled before", async () => {
  const first = await both("hierarchy", OPERATIONS.hierarchy, SECRETARIAT);
  const second = await both("hierarchy", OPERATIONS.hierarchy, SECRETARIAT);
  expect(first.jit).not.toBeNull();
  expect(second.jit).toEqual(first.jit);
});
