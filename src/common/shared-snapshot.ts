/**
 * One read of slow-changing reference data (the cycle calendar, a framework version's structure) shared by
 * every request of the process for at most `maxAgeMs`, so that a request for one KPI's results is one SQL
 * statement, not three. A request keeps the snapshot it first got (its answers are consistent), and re-reads
 * once when it looks for something its snapshot lacks (made meanwhile, possibly by another process). Writes made in
 * this process invalidate at once; writes made elsewhere (another instance, the framework loader CLI) are
 * seen within `maxAgeMs`. With `maxAgeMs` 0 every request reads for itself.
 *
 * Only reference data goes here: never results or anything the disclosure policy protects.
 */
export class SharedSnapshot<T> {
  private current?: { value: Promise<T>; startedAt: number };
  private generation = 0;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The shared snapshot, read again when it is older than `maxAgeMs` or was invalidated. */
  get(): Promise<T> {
    const c = this.current;
    if (c && this.now() - c.startedAt < this.maxAgeMs) return c.value;
    return this.refresh();
  }

  /** Drops the snapshot (after a write of this process): the next request reads again. */
  invalidate(): void {
    this.generation++;
    this.current = undefined;
  }

  /** A new read, which later `get` calls share (a request that missed something in the current one). */
  refresh(): Promise<T> {
    const generation = ++this.generation;
    const value = this.read();
    // Stamped when the read starts: a write committed during the read may or may not be in it.
    this.current = { value, startedAt: this.now() };
    value.catch(() => {
      if (this.generation === generation) this.current = undefined;
    });
    return value;
  }
}

/**
 * Freezes a snapshot's rows and what they hold (arrays, JSON columns): shared by concurrent requests, so a
 * resolver that changed one would change every request's answer. Maps and Dates are left as they are.
 */
export function deepFreeze<T>(value: T): T {
  if (
    value === null ||
    typeof value !== "object" ||
    Object.isFrozen(value) ||
    value instanceof Map ||
    value instanceof Date
  )
    return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
