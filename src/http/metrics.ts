import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { DataSource } from "typeorm";

export type Outcome = "ok" | "client_error" | "server_error" | "unavailable";

/** Client-chosen operation names are label values: past this many distinct ones, the rest count as "_other". */
const MAX_OPERATION_NAMES = 200;

/** mysql2's pool keeps its counts in fields it does not document; read defensively, absent on SQLite. */
interface Mysql2PoolInternals {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

export class Metrics {
  readonly registry = new Registry();
  private readonly known = new Set<string>();
  private readonly requests: Counter<"operation" | "outcome">;
  private readonly duration: Histogram<"operation" | "outcome">;
  readonly inFlight: Gauge;

  constructor(ds: DataSource, dbAvailable: () => boolean) {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: "pmm_graphql_requests_total",
      help: "GraphQL requests by operation name and outcome (ok, client_error, server_error, unavailable)",
      labelNames: ["operation", "outcome"],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: "pmm_graphql_request_duration_seconds",
      help: "GraphQL request latency, from the request's arrival to the end of its response",
      labelNames: ["operation", "outcome"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.inFlight = new Gauge({
      name: "pmm_graphql_requests_in_flight",
      help: "GraphQL requests being served now",
      registers: [this.registry],
    });
    new Gauge({
      name: "pmm_db_available",
      help: "1 while the database answers and its migrations are applied, else 0",
      registers: [this.registry],
      collect() {
        this.set(dbAvailable() ? 1 : 0);
      },
    });
    new Gauge({
      name: "pmm_db_pool_connections",
      help: "Database pool connections by state (MySQL/MariaDB only)",
      labelNames: ["state"],
      registers: [this.registry],
      collect() {
        const pool = (ds.driver as unknown as { pool?: Mysql2PoolInternals }).pool;
        if (!pool?._allConnections) return;
        this.set({ state: "open" }, pool._allConnections.length);
        this.set({ state: "idle" }, pool._freeConnections?.length ?? 0);
        this.set({ state: "waiting_requests" }, pool._connectionQueue?.length ?? 0);
      },
    });
  }

  observe(operation: string, outcome: Outcome, seconds: number): void {
    if (!this.known.has(operation)) {
      if (this.known.size >= MAX_OPERATION_NAMES) operation = "_other";
      else this.known.add(operation);
    }
    this.requests.inc({ operation, outcome });
    this.duration.observe({ operation, outcome }, seconds);
  }

  handler(): RequestHandler {
    return async (_req, res) => {
      res.set("content-type", this.registry.contentType);
      res.set("cache-control", "no-store");
      res.send(await this.registry.metrics());
    };
  }
}
