/**
 * The test subgraph of test/federation/projects.graphql as a running service: another WCO service (capacity-building
 * programmes) that owns CapacityBuildingProject and adds Member.projects. It stands beside PMM Graph behind the
 * gateway in the end-to-end tests (test/gateway.test.ts) and for `npm run gateway` in development:
 *
 *   PORT=4001 npx jiti test/federation/projects-subgraph.cli.ts
 *
 * Its data is fixed (PROJECTS below). It records the headers the gateway may forward that it was sent (GET
 * /received-headers), so that a test can show that the viewer's token and PMM Graph's shared secret do not
 * reach a service that is not configured to receive them.
 */
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { parse } from "graphql";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { buildSubgraphSchema } from "@apollo/subgraph";
import express from "express";

export interface Project {
  id: string;
  title: string;
  status: "PLANNED" | "UNDER_WAY" | "COMPLETED";
  member: string;
}

/** Two projects in Kenya, one each in Uganda, France and Japan. */
export const PROJECTS: readonly Project[] = [
  { id: "P1", title: "Single window for Mombasa", status: "UNDER_WAY", member: "KEN" },
  { id: "P2", title: "Risk management training", status: "COMPLETED", member: "KEN" },
  { id: "P3", title: "Time release study", status: "PLANNED", member: "UGA" },
  { id: "P4", title: "AEO programme review", status: "UNDER_WAY", member: "FRA" },
  { id: "P5", title: "Post-clearance audit", status: "PLANNED", member: "JPN" },
];

/** Headers of interest to the tests: their values on the last GraphQL request (null: not sent). */
const WATCHED = ["authorization", "x-pmm-federation-secret"] as const;

export async function startProjectsSubgraph(port: number, host = "127.0.0.1"): Promise<http.Server> {
  const typeDefs = parse(fs.readFileSync(path.join(__dirname, "projects.graphql"), "utf8"));
  const toProject = (p: Project) => ({ ...p, member: { code: p.member } });
  const schema = buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: {
        projects: () => PROJECTS.map(toProject),
        project: (_: unknown, { id }: { id: string }) => {
          const p = PROJECTS.find((x) => x.id === id);
          return p ? toProject(p) : null;
        },
      },
      CapacityBuildingProject: {
        __resolveReference: (ref: { id: string }) => {
          const p = PROJECTS.find((x) => x.id === ref.id);
          return p ? toProject(p) : null;
        },
      },
      Member: {
        __resolveReference: (ref: { code: string }) => ref,
        projects: (m: { code: string }) => PROJECTS.filter((p) => p.member === m.code).map(toProject),
      },
    },
  });
  const apollo = new ApolloServer({
    schema,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  let received: Record<string, string | null> = {};
  const app = express();
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/received-headers", (_req, res) => {
    res.json(received);
  });
  app.use(
    "/graphql",
    (req, _res, next) => {
      received = Object.fromEntries(WATCHED.map((h) => [h, req.get(h) ?? null]));
      next();
    },
    express.json(),
    expressMiddleware(apollo),
  );
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}
