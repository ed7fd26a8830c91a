import type { Frac } from "./fraction";

/**
 * Linear algebra over the integers modulo a prime P < 2^26: a product of two residues is below 2^52, exact in a
 * double, so no BigInt is needed in the inner loops. A rational matrix has the same row space modulo P as over
 * the rationals unless P divides certain of its minors (and no coefficient's denominator is a multiple of P); the
 * audit runs its rank tests with two such primes and takes a vector as derivable when either finds it, which errs
 * only if both primes divide the same minors (docs/methods.md, section 12.4).
 */
export const PRIMES = [67108859, 67107863] as const;

export function modOf(x: bigint, p: number): number {
  const r = Number(((x % BigInt(p)) + BigInt(p)) % BigInt(p));
  return r;
}

export function inverse(a: number, p: number): number {
  // Extended Euclid on doubles: every intermediate stays below p.
  let [r0, r1] = [p, a];
  let [t0, t1] = [0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (r0 !== 1) throw new Error(`${a} has no inverse modulo ${p}`);
  return ((t0 % p) + p) % p;
}

export function fracMod(f: Frac, p: number): number {
  const den = modOf(f[1], p);
  if (den === 0) throw new Error(`denominator divisible by ${p}`);
  return mulMod(modOf(f[0], p), inverse(den, p), p);
}

export function mulMod(a: number, b: number, p: number): number {
  return (a * b) % p;
}

/** A sparse row: column -> nonzero residue. */
export type Row = Map<number, number>;

/**
 * A row space in reduced row echelon form, built one row at a time (Gauss-Jordan): each pivot row has 1 at its
 * pivot column and 0 at every other pivot column. A vector is in the row space exactly when reducing it by the
 * pivot rows leaves nothing; a unit vector e_j is in it exactly when some pivot row is e_j.
 */
export class RowSpace {
  readonly rows: Row[] = [];
  /**
   * Per pivot row, the combination of the rows given to `add` that makes it (index -> coefficient): which
   * published sums a derived vector comes from, so the audit suppresses one of those.
   */
  readonly origins: Row[] = [];
  /** pivot column -> index in rows */
  private readonly pivotOf = new Map<number, number>();
  /** column -> how many rows hold it; a typed array, grown on demand (a Map of Sets made the collector work). */
  private held = new Int32Array(1024);

  private added = 0;

  constructor(readonly p: number) {}

  private count(col: number): number {
    return col < this.held.length ? this.held[col] : 0;
  }

  private bump(col: number, by: number) {
    if (col >= this.held.length) {
      const next = new Int32Array(Math.max(col + 1, this.held.length * 2));
      next.set(this.held);
      this.held = next;
    }
    this.held[col] += by;
  }

  get rank(): number {
    return this.rows.length;
  }

  /** The vector reduced by the pivot rows (a new map; the input is left alone), and the combination used. */
  reduce(v: Row, origin: Row = new Map()): { row: Row; origin: Row } {
    const out = new Map(v);
    for (const [col] of v) {
      const at = this.pivotOf.get(col);
      if (at === undefined) continue;
      const c = out.get(col);
      if (!c) continue;
      this.axpy(out, this.rows[at], this.p - c);
      this.axpy(origin, this.origins[at], this.p - c);
    }
    return { row: out, origin };
  }

  /** Whether v is in the row space, and if so, the given rows it is a combination of (their indices). */
  derive(v: Row): number[] | null {
    const { row, origin } = this.reduce(v);
    if (row.size) return null;
    return [...origin.keys()];
  }

  contains(v: Row): boolean {
    return this.reduce(v).row.size === 0;
  }

  /** Adds a row (the `index`-th given); returns whether it raised the rank. */
  add(v: Row, index = this.added): boolean {
    this.added = index + 1;
    return this.addCombination(v, new Map([[index, 1]]));
  }

  /** Adds a row known to be the combination `of` of given rows (their indices -> coefficients). */
  addCombination(v: Row, of: Row): boolean {
    const { row: r, origin } = this.reduce(v, new Map(of));
    if (r.size === 0) return false;
    // The pivot: the column held by the fewest rows, to keep the fill-in small.
    let pivot = -1;
    let best = Infinity;
    for (const col of r.keys()) {
      const h = this.count(col);
      if (h < best) {
        best = h;
        pivot = col;
        if (h === 0) break;
      }
    }
    const inv = inverse(r.get(pivot)!, this.p);
    for (const [col, val] of r) r.set(col, mulMod(val, inv, this.p));
    for (const [k, val] of origin) origin.set(k, mulMod(val, inv, this.p));
    const at = this.rows.length;
    // Clear the new pivot column from every earlier row that holds it.
    if (best > 0)
      this.rows.forEach((row, i) => {
        const c = row.get(pivot);
        if (c === undefined) return;
        this.axpyTracked(row, r, this.p - c);
        this.axpy(this.origins[i], origin, this.p - c);
      });
    this.rows.push(r);
    this.origins.push(origin);
    this.pivotOf.set(pivot, at);
    for (const col of r.keys()) this.bump(col, 1);
    return true;
  }

  /** target += a * source */
  private axpy(target: Row, source: Row, a: number) {
    const p = this.p;
    for (const [col, val] of source) {
      const next = ((target.get(col) ?? 0) + mulMod(val, a, p)) % p;
      if (next === 0) target.delete(col);
      else target.set(col, next);
    }
  }

  /** axpy on a stored row, keeping the column index right. */
  private axpyTracked(target: Row, source: Row, a: number) {
    const p = this.p;
    for (const [col, val] of source) {
      const old = target.get(col);
      const next = ((old ?? 0) + mulMod(val, a, p)) % p;
      if (next === 0) {
        target.delete(col);
        if (old !== undefined) this.bump(col, -1);
      } else {
        target.set(col, next);
        if (old === undefined) this.bump(col, 1);
      }
    }
  }
}
