import { Router } from "express";
import type { DatabaseHealth } from "../db/database-health";

/**
 * Probes for orchestrators and load balancers, outside /graphql so that CSRF prevention and the
 * request log leave them alone. Liveness says only that the process serves HTTP (restarting it
 * would not bring a database back); readiness says whether this instance should get traffic.
 */
export function healthRoutes(health: DatabaseHealth, lifecycle: { stopping: boolean }): Router {
  const router = Router();
  router.use(["/healthz", "/readyz"], (_req, res, next) => {
    res.set("cache-control", "no-store");
    next();
  });
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    // Draining: tell the load balancer to stop sending new work while in-flight requests finish.
    if (lifecycle.stopping) {
      res.status(503).json({ status: "shutting down" });
      return;
    }
    const state = await health.check();
    res.status(state === "ready" ? 200 : 503).json({ status: state });
  });
  return router;
}
