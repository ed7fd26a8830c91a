/**
 * Apollo Gateway (the JavaScript engine of Apollo Federation) in front of PMM Graph and the other subgraphs of
 * gateway.yaml, for development, tests and the benchmark. Production runs the Apollo Router (docker/router.yaml).
 * It lives outside src/ so that the server's image never carries it (@apollo/gateway is a development dependency,
 * under the Elastic License 2.0).
 *
 * - The supergraph is static: composed once at start from the subgraph schema files (no polling of `_service`).
 * - Each subgraph gets the caller's `Authorization` only if configured to; PMM Graph gets the shared secret.
 * - A subgraph's error keeps its `extensions.code` and details through the hop (SubgraphDataSource).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "graphql";
import { composeServices } from "@apollo/composition";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { bodyErrorHandler } from "../src/http/limits";
import type { GatewayConfig, SubgraphConfig } from "./config";
import { GatewayContext, SubgraphDataSource } from "./subgraph-data-source";

/** PMM Graph's default (PMM_BODY_LIMIT): the gateway takes no more than the service behind it would. */
const BODY_LIMIT = "1mb";

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

/** Composes the supergraph from the configured schema files; throws with every composition error. */
export function composeSupergraph(subgraphs: readonly SubgraphConfig[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors?.length || !result.supergraphSdl) {
    const lines = (result.errors ?? []).map((e) => `  ${e.extensions?.code ?? "ERROR"}: ${e.message}`);
    throw new Error(`the subgraphs do not compose:\n${lines.join("\n")}`);
  }
  return result.supergraphSdl;
}

export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const byName = new Map(config.subgraphs.map((s) => [s.name, s]));
  const supergraphSdl = composeSupergraph(config.subgraphs);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const subgraph = byName.get(name);
      if (!subgraph || !url) throw new Error(`subgraph ${name} is not configured`);
      return new SubgraphDataSource({ ...subgraph, url });
    },
  });
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Stack traces and the subgraphs' internals stay in the log, as PMM Graph's own errors do.
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();
  // Live and ready are the same here: the supergraph was composed before the port opened (PMM Graph's /readyz
  // stays the readiness of each instance behind it).
  app.get(["/healthz", "/readyz"], (_req, res) => {
    res.json({ status: "ok" });
  });
  app.use(
    "/graphql",
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ authorization: req.headers.authorization }),
    }),
  );
  // A body too large or not JSON: a GraphQL-shaped error with its status, as PMM Graph answers it.
  app.use(bodyErrorHandler(BODY_LIMIT));
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}/graphql`,
    stop: () => apollo.stop(),
  };
}
