/**
 * `npm run supergraph`: composes PMM Graph's schema/subgraph.graphql with the small test subgraph in
 * test/federation/projects.graphql (another WCO service, owning CapacityBuildingProject and Member.projects) using
 * @apollo/composition, prints every error and hint, and writes test/federation/supergraph.graphql.
 * `--check` writes nothing and also fails when the committed supergraph is stale. Exit 1 on any composition error.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "graphql";
import { composeServices } from "@apollo/composition";
import { parseCli } from "../src/common/cli-args";

export interface Composed {
  errors: string[];
  hints: string[];
  supergraphSdl?: string;
}

export function composeWithTestSubgraph(pmmSdl: string, root: string): Composed {
  const projects = fs.readFileSync(path.join(root, "test", "federation", "projects.graphql"), "utf8");
  const result = composeServices([
    { name: "pmm", url: "http://pmm-graph:4000/graphql", typeDefs: parse(pmmSdl) },
    { name: "projects", url: "http://projects:4001/graphql", typeDefs: parse(projects) },
  ]);
  return {
    errors: (result.errors ?? []).map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`),
    hints: (result.hints ?? []).map((h) => `${h.definition.code}: ${h.message}`),
    supergraphSdl: result.supergraphSdl,
  };
}

export function main(args: string[], root = path.resolve(__dirname, "..")): number {
  const { check } = parseCli(
    {
      usage: "npm run supergraph [-- --check]",
      help: `Composes schema/subgraph.graphql with the test subgraph of test/federation/ (Apollo Federation 2), prints every
error and hint, and writes test/federation/supergraph.graphql; exit 1 on a composition error.

  --check  write nothing; also exit 1 when the committed supergraph is stale`,
      options: { check: { type: "boolean" } },
    },
    args,
  ).values;
  const pmm = fs.readFileSync(path.join(root, "schema", "subgraph.graphql"), "utf8");
  const out = path.join(root, "test", "federation", "supergraph.graphql");
  const composed = composeWithTestSubgraph(pmm, root);
  for (const h of composed.hints) console.log(`[supergraph] hint ${h}`);
  for (const e of composed.errors) console.error(`[supergraph] error ${e}`);
  if (composed.errors.length || !composed.supergraphSdl) {
    console.error(`[supergraph] composition failed: ${composed.errors.length} error(s)`);
    return 1;
  }
  const sdl = composed.supergraphSdl.trimEnd() + "\n";
  const rel = path.relative(process.cwd(), out);
  if (check) {
    const committed = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "";
    if (committed !== sdl) {
      console.error(`[supergraph] ${rel} is stale: run \`npm run supergraph\` and commit it`);
      return 1;
    }
    console.log(`[supergraph] composes (${composed.hints.length} hint(s)); ${rel} is current`);
    return 0;
  }
  fs.writeFileSync(out, sdl);
  console.log(`[supergraph] composes (${composed.hints.length} hint(s)); wrote ${rel}`);
  return 0;
}
