import DataLoader from "dataloader";
import { DataSource, EntityTarget, In, ObjectLiteral } from "typeorm";
import { leanById } from "./lean-find";
import type { SharedSnapshot } from "./shared-snapshot";

/**
 * Loader factories shared by every concept: each relation field is batched into one statement per
 * request and level, whatever the number of parents.
 */
type WithPk = ObjectLiteral & { pk: number };

/**
 * Makes a request's loaders on first use. A request uses a handful of the forty or so (one KPI's results:
 * three), and making every DataLoader, with its cache and batch state, for every request was a visible
 * share of a small request's time. `makers` is fixed at startup; each maker gets the request's dependencies
 * and the loaders themselves (for loaders built on others).
 */
export function lazyLoaders<D, T extends object>(makers: { [K in keyof T]: (deps: D, loaders: T) => T[K] }): (
  deps: D,
) => T {
  class Lazy {
    readonly made: Partial<T> = {};
    constructor(readonly deps: D) {}
  }
  for (const key of Object.keys(makers) as (keyof T & string)[]) {
    Object.defineProperty(Lazy.prototype, key, {
      enumerable: true,
      get(this: Lazy) {
        return (this.made[key] ??= makers[key](this.deps, this as unknown as T));
      },
    });
  }
  return (deps) => new Lazy(deps) as unknown as T;
}

/** A by-id loader that can also answer synchronously for ids it has already loaded in this request. */
export type PeekableLoader<E> = DataLoader<number, E | null> & {
  /** The entity if this request has loaded it already (null: loaded, not found), else undefined. */
  peek(id: number): E | null | undefined;
};

export type RememberingLoader<E> = PeekableLoader<E> & {
  /** Adds an entity read by another statement of this request (e.g. by code), so it costs no second read. */
  remember(e: E): void;
};

export function loaderById<E extends WithPk>(ds: DataSource, entity: EntityTarget<E>): RememberingLoader<E> {
  const loaded = new Map<number, E | null>();
  const loader = new DataLoader<number, E | null>(async (ids) => {
    const rows = await leanById(ds, entity, ids);
    const byId = new Map(rows.map((r) => [r.pk, r]));
    return ids.map((id) => {
      const e = byId.get(id) ?? null;
      loaded.set(id, e);
      return e;
    });
  });
  const remember = (e: E) => {
    loaded.set(e.pk, e);
    loader.prime(e.pk, e);
  };
  return Object.assign(loader, { peek: (id: number) => loaded.get(id), remember });
}

/**
 * A by-id loader over a map held in memory for the process (reference data no API changes): no statement,
 * and every id answers synchronously through `peek`.
 */
export function loaderFromMap<E extends WithPk>(byId: ReadonlyMap<number, E>): PeekableLoader<E> {
  const loader = new DataLoader<number, E | null>(async (ids) => ids.map((id) => byId.get(id) ?? null));
  return Object.assign(loader, { peek: (id: number) => byId.get(id) ?? null });
}

/**
 * A by-id (and by-code) loader over a small table read whole and shared between requests (cycles: a handful
 * of rows, one every two years; see SharedSnapshot). The request keeps the snapshot it first got, and reads
 * again, once, when it looks for an id or code that snapshot lacks, so a row made meanwhile is found.
 */
export function loaderOverSnapshot<E extends WithPk & { code: string }>(
  snapshot: SharedSnapshot<readonly E[]>,
): SnapshotLoader<E> {
  interface View {
    all: readonly E[];
    byId: Map<number, E>;
    byCode: Map<string, E>;
    /** Read again after a miss: what it lacks does not exist. */
    final: boolean;
  }
  let view: Promise<View> | undefined;
  let seen: View | undefined;
  let reread = false;
  const viewOf = (rows: Promise<readonly E[]>, final: boolean) =>
    rows.then(
      (all) =>
        (seen = { all, byId: new Map(all.map((r) => [r.pk, r])), byCode: new Map(all.map((r) => [r.code, r])), final }),
    );
  const current = () => {
    if (!view) {
      view = viewOf(snapshot.get(), false);
      view.catch(() => (view = undefined));
    }
    return view;
  };
  const holding = async (has: (v: View) => boolean): Promise<View> => {
    const v = await current();
    if (has(v)) return v;
    if (!reread) {
      reread = true;
      const before = view;
      view = viewOf(snapshot.refresh(), true);
      // What was loaded from the first snapshot is dropped, so the request does not answer from both.
      view
        .then(() => loader.clearAll())
        .catch(() => {
          // A failed read fails the lookup that asked for it; later ones go on from the first snapshot.
          view = before;
          reread = false;
        });
    }
    return view!;
  };
  const loader = new DataLoader<number, E | null>(async (ids) => {
    const v = await holding((v) => ids.every((id) => v.byId.has(id)));
    return ids.map((id) => v.byId.get(id) ?? null);
  });
  return Object.assign(loader, {
    // Unknown to the request's snapshot: undefined (ask the loader, which reads again) until read again.
    peek: (id: number) => seen?.byId.get(id) ?? (seen?.final ? null : undefined),
    all: async () => (await current()).all,
    byCode: async (code: string) => (await holding((v) => v.byCode.has(code))).byCode.get(code) ?? null,
  });
}

export type SnapshotLoader<E> = PeekableLoader<E> & {
  /** Every row of the request's snapshot, in the snapshot's order. */
  all(): Promise<readonly E[]>;
  byCode(code: string): Promise<E | null>;
};

/**
 * A relation field's value: synchronously when the request has loaded it already (no promise, no
 * microtask per field on large lists), else through the batching loader.
 */
export function loadRelation<E extends WithPk>(loader: PeekableLoader<E>, id: number): E | Promise<E> {
  const hit = loader.peek(id);
  return hit ?? (loader.load(id) as Promise<E>);
}

/** Children grouped by a foreign key column, ordered by `orderBy` (then pk). */
export function loaderByParent<E extends WithPk>(
  ds: DataSource,
  entity: EntityTarget<E>,
  parentColumn: keyof E & string,
  orderBy: keyof E & string = "pk",
): DataLoader<number, E[]> {
  return new DataLoader(async (parentIds) => {
    const rows = await ds.getRepository(entity).find({
      where: { [parentColumn]: In([...parentIds]) } as never,
      order: { [orderBy]: "ASC", pk: "ASC" } as never,
    });
    const groups = new Map<number, E[]>(parentIds.map((id) => [id, []]));
    for (const r of rows) groups.get(r[parentColumn] as number)?.push(r);
    return parentIds.map((id) => groups.get(id)!);
  });
}

/**
 * Many-to-many through a join table: one statement for the join rows, then the targets through
 * their own by-id loader (batched with every other use of it in the request). Targets come in pk order.
 */
export function loaderThrough<J extends ObjectLiteral, T extends WithPk>(
  ds: DataSource,
  join: EntityTarget<J>,
  ownerKey: keyof J & string,
  targetKey: keyof J & string,
  targets: DataLoader<number, T | null>,
): DataLoader<number, T[]> {
  return new DataLoader(async (ownerIds) => {
    const links = await ds.getRepository(join).findBy({ [ownerKey]: In([...ownerIds]) } as never);
    const found = await targets.loadMany([...new Set(links.map((l) => l[targetKey] as number))]);
    const byId = new Map<number, T>();
    for (const t of found) if (t && !(t instanceof Error)) byId.set(t.pk, t);
    const groups = new Map<number, T[]>(ownerIds.map((id) => [id, []]));
    for (const l of links) {
      const t = byId.get(l[targetKey] as number);
      if (t) groups.get(l[ownerKey] as number)?.push(t);
    }
    return ownerIds.map((id) => groups.get(id)!.sort((a, b) => a.pk - b.pk));
  });
}

/**
 * A by-code loader (reference data with a unique `code`): one statement for every code asked in the same tick,
 * and each row found is remembered by its by-id loader, so relation fields pointing at it cost nothing more.
 */
export function loaderByCode<E extends WithPk & { code: string }>(
  ds: DataSource,
  entity: EntityTarget<E>,
  byId: RememberingLoader<E>,
): DataLoader<string, E | null> {
  return new DataLoader<string, E | null>(async (codes) => {
    const rows = await ds.getRepository(entity).findBy({ code: In([...codes]) } as never);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return codes.map((c) => {
      const e = byCode.get(c) ?? null;
      if (e) byId.remember(e);
      return e;
    });
  });
}
