import "reflect-metadata";
import http from "node:http";
import express from "express";
import { ApolloServer, ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { DataSource } from "typeorm";
import type { Config } from "./config";
import { buildPmmSchema } from "./schema/build-schema";
import { Context, contextFromRequest } from "./context";
import { requestScope, RequestScope } from "./db/request-scope";
import { formatError } from "./common/format-error";

export interface PmmServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  url: string;
  stop(): Promise<void>;
}

/** Adds `extensions.sqlStatements` to every response (tests and the benchmark count statements per request). */
const sqlStatsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const scope = requestScope.getStore();
        if (scope && response.body.kind === "single") {
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: scope.sqlStatements };
        }
      },
    };
  },
};

export async function startServer(config: Config, ds: DataSource): Promise<PmmServer> {
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const production = config.env === "production";
  const apollo = new ApolloServer<Context>({
    schema: buildPmmSchema(),
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, { production }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      ...(config.sqlStats ? [sqlStatsPlugin] : []),
    ],
  });
  await apollo.start();

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await ds.query("SELECT 1");
      const pending = await ds.showMigrations();
      res.status(pending ? 503 : 200).json({ status: pending ? "migrations pending" : "ready" });
    } catch {
      res.status(503).json({ status: "database unreachable" });
    }
  });

  app.use(
    "/graphql",
    (req, _res, next) => {
      // Everything this request runs (resolvers, loaders, SQL) sees the same scope.
      const scope: RequestScope = { sqlStatements: 0 };
      requestScope.run(scope, () => next());
    },
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, { context: ({ req }) => contextFromRequest({ ds, jwtSecret: config.jwtSecret, maxPageSize: config.maxPageSize }, req) }),
  );

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const addr = httpServer.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}/graphql`;
  return {
    app,
    httpServer,
    apollo,
    url,
    stop: async () => {
      await apollo.stop();
    },
  };
}
