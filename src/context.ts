import { randomUUID } from "node:crypto";
import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { createFrameworkLoaders } from "./framework/framework.loaders";
import { createMembersLoaders } from "./members/members.loaders";
import { loaderById } from "./common/loaders";
import { Cycle } from "./assessment/cycle.entity";
import type { Node } from "./common/node.type";
import type { IncomingMessage } from "node:http";
import { logger, type Logger } from "./common/logger";

/** Per-request loaders: one cache per request, so nothing leaks between viewers. */
export function createLoaders(ds: DataSource) {
  const framework = createFrameworkLoaders(ds);
  const members = createMembersLoaders(ds);
  const cycle = loaderById(ds, Cycle);
  const loaders = { ...framework, ...members, cycle };
  /** By GraphQL type name: what `node(id)` can fetch. */
  const nodes: Record<string, DataLoader<number, Node | null>> = {
    FrameworkVersion: framework.frameworkVersion,
    Dimension: framework.dimension,
    Outcome: framework.outcome,
    Kpi: framework.kpi,
    SdgGoal: framework.sdgGoal,
    SdgTarget: framework.sdgTarget,
    Instrument: framework.instrument,
    Region: members.region,
    Member: members.member,
    Union: members.union,
    Cycle: cycle,
  };
  return { ...loaders, nodes };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  requestId: string;
  ds: DataSource;
  loaders: Loaders;
  log: Logger;
  /** Memoised per request: the framework version served when a query names none. */
  memo: Map<string, Promise<unknown>>;
}

export function createContext(ds: DataSource, log: Logger, requestId: string = randomUUID()): Context {
  return { requestId, ds, loaders: createLoaders(ds), log: log.child({ requestId }), memo: new Map() };
}

/** The context of one HTTP request: its id (a sane X-Request-Id is kept, for tracing across services). */
export async function contextFromRequest(ds: DataSource, req: IncomingMessage): Promise<Context> {
  const header = req.headers["x-request-id"];
  const requestId = typeof header === "string" && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
  return createContext(ds, logger, requestId);
}

export function memoize<T>(ctx: Context, key: string, fn: () => Promise<T>): Promise<T> {
  let p = ctx.memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = fn();
    ctx.memo.set(key, p);
  }
  return p;
}
