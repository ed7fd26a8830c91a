import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { getOperationAST } from "graphql";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { logger } from "../common/logger";
import type { Metrics, Outcome } from "./metrics";

/** What one GraphQL HTTP exchange has learnt by the time its response is finished. */
interface Exchange {
  operation?: string;
  errorCodes: string[];
}
/**
 * The exchange travels on the request object, and the GraphQL context carries it to the plugin below (an
 * AsyncLocalStorage would do the same, but on Node 20 an active one runs a hook on every promise created).
 */
const EXCHANGE = Symbol("pmm.exchange");
type WithExchange = IncomingMessage & { [EXCHANGE]?: Exchange };
export function exchangeOf(req: IncomingMessage): Exchange | undefined {
  return (req as WithExchange)[EXCHANGE];
}
export type { Exchange };

/**
 * The request's id: the caller's X-Request-Id when it is sane (letters, digits, _ . -, at most 64), kept for
 * tracing across services, else a new one. The request log assigns it first and writes it back into the header,
 * so the GraphQL context (contextFromRequest) reads the same id.
 */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === "string" && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
}
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

function outcomeOf(status: number, codes: string[]): Outcome {
  if (status === 503 || codes.includes("SERVICE_UNAVAILABLE")) return "unavailable";
  if (status >= 500 || codes.includes("INTERNAL_SERVER_ERROR")) return "server_error";
  if (status >= 400 || codes.length) return "client_error";
  return "ok";
}

/**
 * One log line and one metric sample per GraphQL request, whatever ends it (Apollo, the body parser,
 * CSRF prevention). The line holds the request id, operation name, status, outcome, error codes and
 * duration; never headers, variables, the query text or the response body (they can carry a token or
 * a protected value).
 */
export function requestLog(metrics: Metrics): RequestHandler {
  const log = logger.child({ component: "http" });
  return (req, res, next) => {
    const requestId = requestIdOf(req.headers["x-request-id"]);
    // The GraphQL context reads the id from this header: assigning it here keeps one id per request.
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    const started = process.hrtime.bigint();
    const ex: Exchange = { errorCodes: [] };
    metrics.inFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      metrics.inFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = res.writableFinished ? res.statusCode : 499; // 499: the client went away first
      const outcome = outcomeOf(status, ex.errorCodes);
      metrics.observe(ex.operation ?? "_none", outcome, seconds);
      log.info(
        {
          requestId,
          method: req.method,
          operationName: ex.operation ?? null,
          status,
          outcome,
          ...(ex.errorCodes.length ? { errorCodes: [...new Set(ex.errorCodes)] } : {}),
          durationMs: Math.round(seconds * 1000),
        },
        "graphql request",
      );
    };
    res.once("finish", finish);
    res.once("close", finish);
    (req as WithExchange)[EXCHANGE] = ex;
    next();
  };
}

/** Tells the exchange its operation name and the codes of the errors actually sent. */
export const requestLogPlugin: ApolloServerPlugin<BaseContext & { exchange?: Exchange }> = {
  async requestDidStart({ contextValue }) {
    const ex = contextValue.exchange;
    if (!ex) return;
    return {
      async willSendResponse({ operationName, document, request, response }) {
        // A document that failed validation still names its operation; without a document, only the
        // client's claim is known, kept if it is a GraphQL name.
        const named =
          operationName ?? (document ? getOperationAST(document, request.operationName)?.name?.value : undefined);
        const claimed =
          request.operationName && GRAPHQL_NAME.test(request.operationName) ? request.operationName : undefined;
        ex.operation = named ?? claimed ?? "_anonymous";
        if (response.body.kind === "single") {
          for (const e of response.body.singleResult.errors ?? [])
            ex.errorCodes.push(String(e.extensions?.code ?? "UNKNOWN"));
        }
      },
    };
  },
};
