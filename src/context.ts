import type { PublicAnswers } from "./http/public-answers";
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { frameworkLoaders } from "./framework/framework.loaders";
import { membersLoaders } from "./members/members.loaders";
import { assessmentLoaders } from "./assessment/assessment.loaders";
import { lazyLoaders, loaderOverSnapshot } from "./common/loaders";
import { cycleCalendar, type CycleCalendar } from "./assessment/cycle-calendar";
import { FrameworkSnapshots } from "./framework/framework-snapshot";
import type { Node } from "./common/node.type";
import { logger, type Logger } from "./common/logger";
import { referenceDirectory, ReferenceDirectory } from "./disclosure/reference-directory";
import { TokenKeys, viewerFromAuthorization } from "./disclosure/token";
import { ANONYMOUS, Viewer, ViewerRole } from "./disclosure/viewer";
import { PeerReview, PeerReviewAssignment, PeerReviewStatus } from "./review/peer-review.entity";
import { Member } from "./members/member.entity";
import { DisclosureScope, scopeFor } from "./disclosure/policy";
import { exchangeOf, requestIdOf, type Exchange } from "./http/request-log";
import type { ReportJobs } from "./report/release.service";

/**
 * Reference data shared by the requests of the process for at most `maxAgeMs` (see SharedSnapshot): the
 * cycle calendar and the framework versions' structure. Members are in the ReferenceDirectory.
 */
export interface ReferenceSnapshots {
  calendar: CycleCalendar;
  frameworks: FrameworkSnapshots;
}

export function referenceSnapshots(ds: DataSource, maxAgeMs: number): ReferenceSnapshots {
  return { calendar: cycleCalendar(ds, maxAgeMs), frameworks: new FrameworkSnapshots(ds, maxAgeMs) };
}

/** What per-request loaders are made from: the process's data source and reference data. */
export interface LoaderDeps {
  ds: DataSource;
  directory: ReferenceDirectory;
  snapshots: ReferenceSnapshots;
}

/** Loaders by id of the types `node(id)` fetches. */
const NODE_TYPES = [
  "frameworkVersion",
  "dimension",
  "outcome",
  "kpi",
  "sdgGoal",
  "sdgTarget",
  "instrument",
  "region",
  "member",
  "union",
  "cycle",
  "assessment",
  "kpiResult",
  "capacityNeed",
  "peerReview",
] as const;

const loaderMakers = {
  ...frameworkLoaders,
  ...membersLoaders,
  ...assessmentLoaders,
  cycle: (d: LoaderDeps) => loaderOverSnapshot(d.snapshots.calendar),
  /** By GraphQL type name (the loader's name, capitalised): what `node(id)` can fetch. */
  nodes: (_: LoaderDeps, l: NodeSources): Record<string, DataLoader<number, Node | null>> =>
    Object.fromEntries(NODE_TYPES.map((k) => [k[0].toUpperCase() + k.slice(1), l[k]])),
};
type NodeSources = Record<(typeof NODE_TYPES)[number], DataLoader<number, Node | null>>;

/** Per-request loaders, each made on first use: one cache per request, so nothing leaks between viewers. */
export type Loaders = { readonly [K in keyof typeof loaderMakers]: ReturnType<(typeof loaderMakers)[K]> };
export const createLoaders: (deps: LoaderDeps) => Loaders = lazyLoaders<LoaderDeps, Loaders>(loaderMakers);

export interface Context {
  requestId: string;
  ds: DataSource;
  loaders: Loaders;
  log: Logger;
  /** Established once per request from the bearer token; everything that discloses asks `scope`. */
  viewer: Viewer;
  scope: DisclosureScope;
  directory: ReferenceDirectory;
  /** The process's shared reference reads: writes to cycles invalidate the calendar. */
  snapshots: ReferenceSnapshots;
  /** Per-request promises by key (memoize): work several resolvers of one request share, e.g. a results narrowing. */
  memo: Map<string, unknown>;
  maxPageSize: number;
  /** May read federation's `_service { sdl }` (outside production, or the gateway's secret presented). */
  mayReadSubgraphSdl?: boolean;
  /** What the request log learns about this HTTP exchange (operation, error codes); absent outside HTTP. */
  exchange?: Exchange;
  /** The process's report draft computations (set by the server; absent elsewhere). */
  reports?: ReportJobs;
  /** The shared response cache's public answers, for a write that must hide them at once (set by the server). */
  publicAnswers?: PublicAnswers;
}

export interface ContextDeps {
  ds: DataSource;
  snapshots: ReferenceSnapshots;
  keys: TokenKeys;
  maxPageSize: number;
}

export function createContext(
  ds: DataSource,
  directory: ReferenceDirectory,
  snapshots: ReferenceSnapshots,
  viewer: Viewer = ANONYMOUS,
  requestId: string = randomUUID(),
  maxPageSize = 1000,
): Context {
  return {
    requestId,
    ds,
    loaders: createLoaders({ ds, directory, snapshots }),
    log: logger.child({ requestId }),
    viewer,
    scope: scopeFor(viewer, directory),
    directory,
    snapshots,
    memo: new Map(),
    maxPageSize,
  };
}

/** The context of one HTTP request: its id (a sane X-Request-Id is kept, for tracing) and its viewer. */
export async function contextFromRequest(deps: ContextDeps, req: IncomingMessage): Promise<Context> {
  const requestId = requestIdOf(req.headers["x-request-id"]);
  const directory = await referenceDirectory(deps.ds);
  const claimed = await viewerFromAuthorization(req.headers.authorization, deps.keys, directory);
  const viewer = claimed.role === ViewerRole.PEER_REVIEWER ? await withAssignedReviews(deps.ds, claimed) : claimed;
  return {
    ...createContext(deps.ds, directory, deps.snapshots, viewer, requestId, deps.maxPageSize),
    exchange: exchangeOf(req),
  };
}

/**
 * A peer reviewer acts for the Members in its token's `reviews` claim and for those whose open reviews the
 * Secretariat assigned it to (by its `sub`): assignment is what grants sight of COUNTRY-level results.
 */
async function withAssignedReviews(ds: DataSource, viewer: Viewer): Promise<Viewer> {
  if (!viewer.subject) return viewer;
  const rows: { code: string }[] = await ds
    .createQueryBuilder()
    .select("m.code", "code")
    .from(PeerReviewAssignment, "pa")
    .innerJoin(PeerReview, "p", "p.pk = pa.reviewId")
    .innerJoin(Member, "m", "m.pk = p.memberId")
    .where("pa.reviewer = :sub AND p.status <> :closed", { sub: viewer.subject, closed: PeerReviewStatus.CLOSED })
    .getRawMany();
  if (!rows.length) return viewer;
  return { ...viewer, reviews: [...new Set([...viewer.reviews, ...rows.map((r) => r.code)])] };
}

export function memoize<T>(ctx: Context, key: string, fn: () => Promise<T>): Promise<T> {
  let p = ctx.memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = fn();
    ctx.memo.set(key, p);
  }
  return p;
}
