import "reflect-metadata";
import http from "node:http";
import express from "express";
import { ApolloServer, ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { ValidationRule } from "graphql";
import { DataSource } from "typeorm";
import type { Config } from "./config";
import { buildExecutionSchemas, buildPmmSchema } from "./schema/build-schema";
import { compiledExecutionPlugin } from "./http/compiled-execution";
import { Context, contextFromRequest, referenceSnapshots } from "./context";
import { requestScope, RequestScope } from "./db/request-scope";
import { resolveEntityColumns } from "./common/entity-columns";
import { DatabaseHealth } from "./db/database-health";
import { formatError, UNAVAILABLE_MESSAGE } from "./common/format-error";
import { healthRoutes } from "./http/health";
import { Metrics } from "./http/metrics";
import { requestLog, requestLogPlugin } from "./http/request-log";
import { bodyErrorHandler, validationRules } from "./http/limits";
import { createSharedCache } from "./http/shared-cache";
import { PublicAnswers } from "./http/public-answers";
import { cacheControlPlugin, publicCacheHintsPlugin, sharedResponseCachePlugin } from "./http/response-cache";
import { databaseGatePlugin, guardContext } from "./http/database-gate";
import { queryCostPlugin } from "./http/query-cost";
import { countListItems, executionBudgetPlugin } from "./http/execution-budget";
import { JwksKeys } from "./disclosure/jwks";
import { hs256Key, type TokenKeys } from "./disclosure/token";
import { sqlStatsPlugin, testDelayPlugin } from "./http/diagnostics";
import { Drain } from "./http/drain";
import { subgraphSdlAccess } from "./federation/service-access";
import { corsMiddleware } from "./http/cors";
import { explorerRoutes } from "./http/explorer";
import { ReportJobs } from "./report/release.service";
import { reportFileRoutes } from "./report/report-files";

export interface PmmServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to PMM_SHUTDOWN_GRACE_MS), closes the cache. */
  stop(): Promise<void>;
}

/**
 * Listens before the database answers: liveness says the process is up, readiness says why it is not ready,
 * and GraphQL requests get 503 SERVICE_UNAVAILABLE, until startServer takes the same socket over.
 */
export async function listenWhileStarting(config: Config): Promise<http.Server> {
  const httpServer = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const [status, body] =
      path === "/healthz"
        ? [200, { status: "ok" }]
        : path === "/readyz"
          ? [503, { status: "database unreachable" }]
          : [503, { errors: [{ message: UNAVAILABLE_MESSAGE, extensions: { code: "SERVICE_UNAVAILABLE" } }] }];
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "retry-after": "5" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  return httpServer;
}

export async function startServer(
  config: Config,
  ds: DataSource,
  opts: { listening?: http.Server } = {},
): Promise<PmmServer> {
  const app = express();
  app.disable("x-powered-by");
  const httpServer = opts.listening ?? http.createServer(app);
  if (opts.listening) {
    httpServer.removeAllListeners("request");
    httpServer.on("request", app);
  }
  // Idle kept-alive connections stay open longer than the clients' and load balancers' own idle timeouts
  // (commonly 60 s): a server that closes first races the client's next request on that connection, which
  // then fails with "other side closed" although the server would have answered it.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const production = config.env === "production";
  const health = new DatabaseHealth(ds, { pingTimeoutMs: config.dbConnectTimeoutMs });
  await health.check();
  const metrics = new Metrics(ds, () => health.available);
  const shared = createSharedCache({ redisUrl: config.redisUrl, prefix: config.redisPrefix });
  const publicAnswers = new PublicAnswers(shared.cache);
  const drain = new Drain(httpServer);
  const lifecycle = drain;
  const keys: TokenKeys = {
    secret: hs256Key(config.jwtSecret),
    jwks: config.jwksUrl ? new JwksKeys(config.jwksUrl) : undefined,
  };
  // SQL written by hand names its columns from the entities: a column no entity declares stops the start here.
  resolveEntityColumns(ds);
  const snapshots = referenceSnapshots(ds, config.referenceMaxAgeMs);
  const mayReadSubgraphSdl = subgraphSdlAccess({ production, secret: config.federationSecret });
  const reports = new ReportJobs(ds, { thresholds: config.sdc, staleAfterMs: config.reportStaleAfterS * 1000 });

  // Every operation passes these besides graphql's own rules; the cost limit needs variables: queryCostPlugin below.
  const rules: ValidationRule[] = [...validationRules(config)];
  // Order matters: public hints before cache control (see response-cache.ts); the response cache
  // answers before the database gate, so cached public responses outlive a database outage.
  const plugins: ApolloServerPlugin<Context>[] = [
    // Apollo's landing pages load from a CDN: the explorer is served by explorerRoutes instead (PMM_EXPLORER).
    ApolloServerPluginLandingPageDisabled(),
    // Apollo turns on federated tracing (ftv1) for a subgraph schema: a hook on every field of every request,
    // and resolver timings for any caller sending the header. Not wanted: off.
    ApolloServerPluginInlineTraceDisabled(),
    requestLogPlugin,
    ...(config.cacheMaxAge > 0 ? [publicCacheHintsPlugin(config.cacheMaxAge)] : []),
    cacheControlPlugin(),
    sharedResponseCachePlugin(shared.cache, publicAnswers),
    queryCostPlugin(config.maxCost),
    databaseGatePlugin(health),
    ...(config.sqlStats ? [sqlStatsPlugin] : []),
    ...(config.testDelayMs ? [testDelayPlugin(config.testDelayMs)] : []),
    executionBudgetPlugin(config.executionBudget),
    // Last: every plugin above that may answer an operation (response cache, database gate) answers first.
    compiledExecutionPlugin<Context>({
      // One schema for viewers who see everything (the Secretariat: no per-row rule), one for the others.
      executionSchema: buildExecutionSchemas({ withoutRules: config.benchWithoutRules }),
      maxCompiled: 500,
    }),
  ];
  const apollo = new ApolloServer<Context>({
    schema: countListItems(buildPmmSchema({ withoutRules: config.benchWithoutRules })),
    introspection: config.introspection,
    // No "Did you mean ...?" field suggestions when the schema is not meant to be discoverable.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: it stops this server, then closes the database, then exits.
    stopOnTerminationSignals: false,
    // Automatic persisted queries and the response cache share this (memory, or Redis across instances).
    cache: shared.cache,
    validationRules: rules,
    formatError: (formatted, error) =>
      formatError(formatted, error, { production, hideSuggestions: !config.introspection }),
    plugins,
  });
  await apollo.start();

  app.use(drain.middleware());
  app.use(healthRoutes(health, lifecycle));
  app.get("/metrics", metrics.handler());
  app.use(reportFileRoutes(ds));
  const graphql = [
    requestLog(metrics),
    // Statement counting needs an AsyncLocalStorage around the request, and on Node 20 an active one costs
    // a hook on every promise the request creates: only when the diagnostics are on (never in production).
    ...(config.sqlStats
      ? [
          (_req: express.Request, _res: express.Response, next: express.NextFunction) => {
            // Everything this request runs (resolvers, loaders, SQL) sees the same scope.
            const scope: RequestScope = { sqlStatements: 0 };
            requestScope.run(scope, () => next());
          },
        ]
      : []),
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        guardContext(health, async () => ({
          ...(await contextFromRequest({ ds, snapshots, keys, maxPageSize: config.maxPageSize }, req)),
          mayReadSubgraphSdl: mayReadSubgraphSdl(req.headers),
          reports,
          publicAnswers,
        })),
    }),
  ];
  // POST answers get no ETag: only GET and HEAD requests are conditional (RFC 9110), and express would hash
  // every response body for it. GET answers (public ones are cacheable) keep theirs, for revalidation.
  // A mounted app inherits the main one's settings except those express sets on every app (x-powered-by).
  const posts = express();
  posts.disable("x-powered-by");
  posts.set("etag", false);
  posts.post(/.*/, ...graphql);
  app.use("/graphql", ...corsMiddleware(config.corsOrigins));
  // After CORS (which answers every preflight: an Express router before it would answer OPTIONS /graphql itself,
  // with Allow and no CORS headers), before Apollo: a browser's GET for HTML gets the page, the rest goes on.
  if (config.explorer) app.use(explorerRoutes());
  app.use("/graphql", posts);
  app.use("/graphql", ...graphql);
  app.use("/graphql", bodyErrorHandler(config.bodyLimit));

  if (!opts.listening) await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const addr = httpServer.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}/graphql`;
  return {
    app,
    httpServer,
    apollo,
    url,
    stop: async () => {
      try {
        await drain.stop(config.shutdownGraceMs);
        await apollo.stop();
        await reports.stop();
      } finally {
        health.stop();
        await shared.close();
      }
    },
  };
}
