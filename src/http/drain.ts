import type http from "node:http";
import type { RequestHandler, Response } from "express";

const PROBES = new Set(["/healthz", "/readyz"]);
const SHUTTING_DOWN_MESSAGE = "The server is shutting down; send the request again (another instance will answer).";

/**
 * A graceful stop that never executes a request whose answer will not be sent. When it begins, the
 * listening socket closes, idle kept-alive connections close, requests in flight finish and are answered
 * with `Connection: close`, and a request that still arrives on a kept-alive connection is answered at once
 * with 503 SERVICE_UNAVAILABLE and `Connection: close`, before anything executes it. After the grace period
 * the connections still open are closed.
 */
export class Drain {
  stopping = false;
  private readonly inFlight = new Set<Response>();
  private idle?: () => void;

  constructor(private readonly httpServer: http.Server) {}

  /** First in the chain, so that nothing runs for a request refused while draining. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      if (this.stopping) {
        res.set("connection", "close");
        // The probes answer for themselves (readiness says "shutting down"); they execute nothing.
        if (PROBES.has(req.path)) return next();
        res.set("retry-after", "1");
        res
          .status(503)
          .json({ errors: [{ message: SHUTTING_DOWN_MESSAGE, extensions: { code: "SERVICE_UNAVAILABLE" } }] });
        return;
      }
      this.inFlight.add(res);
      res.once("close", () => {
        this.inFlight.delete(res);
        if (this.stopping && this.inFlight.size === 0) this.idle?.();
      });
      next();
    };
  }

  /** Resolves when every request in flight is answered, or after `graceMs` with the rest cut off. */
  async stop(graceMs: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const res of this.inFlight) if (!res.headersSent) res.set("connection", "close");
    const closed = new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
    this.httpServer.closeIdleConnections();
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.idle = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    this.httpServer.closeAllConnections();
    await closed;
  }
}
