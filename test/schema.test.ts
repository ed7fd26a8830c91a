import { runCli } from "./support/cli";

describe("schema/schema.graphql", () => {
  it("is the schema the code emits (run `npm run schema:emit` after changing a type)", () => {
    const res = runCli("schema/emit-schema.cli.js", ["--check"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
  });
});
