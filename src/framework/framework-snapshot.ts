import { DataSource } from "typeorm";
import { LRUCache } from "lru-cache";
import { leanSelect } from "../common/lean-find";
import { deepFreeze, SharedSnapshot } from "../common/shared-snapshot";
import { FrameworkVersion } from "./framework-version.entity";
import { Dimension } from "./dimension.entity";
import { Outcome } from "./outcome.entity";
import { Kpi } from "./kpi.entity";
import { entityColumns } from "../common/entity-columns";

const VERSION = entityColumns(FrameworkVersion, ["active", "code"]);
const DIMENSION = entityColumns(Dimension, ["pk", "frameworkVersionId", "position"]);
const OUTCOME = entityColumns(Outcome, ["pk", "frameworkVersionId"]);
const KPI = entityColumns(Kpi, ["pk", "frameworkVersionId"]);

/** One framework version's structure, as every request of the process shares it (see SharedSnapshot). */
export interface FrameworkSnapshot {
  /** Null: no such version (or, for the active one, none is loaded). */
  version: FrameworkVersion | null;
  /** By position. */
  dimensions: readonly Dimension[];
  /** In framework order (load order). */
  outcomes: readonly Outcome[];
  /** In framework order (load order). */
  kpis: readonly Kpi[];
  kpiByCode: ReadonlyMap<string, Kpi>;
  /** By dimension id, each by position (as Dimension.outcomes lists them). */
  outcomesByDimension: ReadonlyMap<number, readonly Outcome[]>;
  /** By outcome id, each by position (as Outcome.kpis lists them). */
  kpisByOutcome: ReadonlyMap<number, readonly Kpi[]>;
}

const NONE: FrameworkSnapshot = Object.freeze({
  version: null,
  dimensions: [],
  outcomes: [],
  kpis: [],
  kpiByCode: new Map(),
  outcomesByDimension: new Map(),
  kpisByOutcome: new Map(),
});

/** Children grouped by parent id, by position then id. */
function byParent<T extends { pk: number; position: number }>(
  items: readonly T[],
  parentOf: (t: T) => number,
): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const t of [...items].sort((a, b) => a.position - b.position || a.pk - b.pk)) {
    const list = out.get(parentOf(t));
    if (list) list.push(t);
    else out.set(parentOf(t), [t]);
  }
  for (const list of out.values()) Object.freeze(list);
  return out;
}

async function readVersion(ds: DataSource, code: string | null): Promise<FrameworkSnapshot> {
  const v = VERSION.of(ds).col;
  const [version] = await leanSelect(
    ds,
    FrameworkVersion,
    code === null ? `WHERE e.${v.active} = 1` : `WHERE e.${v.code} = ?`,
    code === null ? [] : [code],
  );
  if (!version) return NONE;
  const [d, o, k] = [DIMENSION.of(ds).col, OUTCOME.of(ds).col, KPI.of(ds).col];
  const [dimensions, outcomes, kpis] = await Promise.all([
    leanSelect(ds, Dimension, `WHERE e.${d.frameworkVersionId} = ? ORDER BY e.${d.position}, e.${d.pk}`, [version.pk]),
    leanSelect(ds, Outcome, `WHERE e.${o.frameworkVersionId} = ? ORDER BY e.${o.pk}`, [version.pk]),
    leanSelect(ds, Kpi, `WHERE e.${k.frameworkVersionId} = ? ORDER BY e.${k.pk}`, [version.pk]),
  ]);
  return deepFreeze({
    version,
    dimensions,
    outcomes,
    kpis,
    kpiByCode: new Map(kpis.map((k) => [k.code, k])),
    outcomesByDimension: byParent(outcomes, (o) => o.dimensionId),
    kpisByOutcome: byParent(kpis, (k) => k.outcomeId),
  });
}

/**
 * The process's snapshots of framework versions, by code (and the active one). Versions change only when the
 * framework loader runs (a CLI, another process): requests see a load within the snapshots' maximum age.
 */
export class FrameworkSnapshots {
  // The active version's, kept apart; named ones bounded (their codes come from requests).
  private readonly active: SharedSnapshot<FrameworkSnapshot>;
  private readonly byVersion = new LRUCache<string, SharedSnapshot<FrameworkSnapshot>>({ max: 32 });

  constructor(
    private readonly ds: DataSource,
    private readonly maxAgeMs: number,
  ) {
    this.active = new SharedSnapshot(() => readVersion(ds, null), maxAgeMs);
  }

  /** The version named, or the active one (null). */
  of(code: string | null): SharedSnapshot<FrameworkSnapshot> {
    if (code === null) return this.active;
    let s = this.byVersion.get(code);
    if (!s) {
      const created = new SharedSnapshot(async () => {
        const read = await readVersion(this.ds, code);
        // An unknown code is not kept: codes sent at random must not crowd out the versions that exist.
        if (!read.version && this.byVersion.get(code) === created) this.byVersion.delete(code);
        return read;
      }, this.maxAgeMs);
      s = created;
      this.byVersion.set(code, s);
    }
    return s;
  }
}

/**
 * The framework versions as one request sees them: each version's snapshot got once and kept, and read
 * again, once, when the request looks for something it lacks (a version or KPI loaded meanwhile).
 */
export function frameworkView(snapshots: FrameworkSnapshots) {
  const views = new Map<string, Promise<FrameworkSnapshot>>();
  const reread = new Set<string>();
  const byVersionId = new Map<number, FrameworkSnapshot>();
  const keep = (p: Promise<FrameworkSnapshot>) =>
    p.then((s) => {
      if (s.version) byVersionId.set(s.version.pk, s);
      return s;
    });
  const get = (code: string | null): Promise<FrameworkSnapshot> => {
    const key = code ?? "";
    let p = views.get(key);
    if (!p) {
      p = keep(snapshots.of(code).get());
      views.set(key, p);
      p.catch(() => views.delete(key));
    }
    return p;
  };
  /** The version's snapshot, read again once in this request if `has` is false of the one it holds. */
  const holding = async (code: string | null, has: (s: FrameworkSnapshot) => boolean): Promise<FrameworkSnapshot> => {
    const s = await get(code);
    if (has(s)) return s;
    const key = code ?? "";
    if (!reread.has(key)) {
      reread.add(key);
      const before = views.get(key);
      const again = keep(snapshots.of(code).refresh());
      views.set(key, again);
      again.catch(() => {
        // A failed read fails the lookup that asked for it; later ones go on from the first snapshot.
        if (before) views.set(key, before);
        else views.delete(key);
        reread.delete(key);
      });
    }
    return views.get(key)!;
  };
  /**
   * The snapshot of a version (by id) this request holds already, if any: the hierarchy below a version's
   * dimensions answers from it, with no statement per level.
   */
  const held = (versionId: number): FrameworkSnapshot | undefined => byVersionId.get(versionId);
  return { get, holding, held };
}
export type FrameworkView = ReturnType<typeof frameworkView>;
