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
  /** index in rows -> its pivot column */
  private readonly pivots: number[] = [];
  /**
   * index in rows -> whether this space may change the row and its origin in place; false for those shared with a
   * space projected from it or that it was projected from (`projected`), which are copied before their first change.
   */
  private readonly owned: boolean[] = [];
  /** column -> how many rows hold it; a typed array, grown on demand (a Map of Sets made the collector work). */
  private held = new Int32Array(1024);

  private added = 0;
  /**
   * The given rows that added nothing (combinations of earlier ones), by index: when a row they depend on is
   * removed, they may add to the rank again.
   */
  private readonly redundant = new Map<number, Row>();

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

  /**
   * The vector reduced by the pivot rows (a new map; the input is left alone), and the combination used (when
   * `origin` is given: it is updated in place).
   */
  reduce(v: Row, origin?: Row): { row: Row; origin?: Row } {
    const out = new Map(v);
    for (const [col] of v) {
      const at = this.pivotOf.get(col);
      if (at === undefined) continue;
      const c = out.get(col);
      if (!c) continue;
      this.axpy(out, this.rows[at], this.p - c);
      if (origin) this.axpy(origin, this.origins[at], this.p - c);
    }
    return { row: out, origin };
  }

  /** Whether v is in the row space, and if so, the given rows it is a combination of (their indices). */
  derive(v: Row): number[] | null {
    // Most vectors tested are not in the space: the combination, as dense as the rows it mixes, only for those.
    if (!this.contains(v)) return null;
    return [...this.reduce(v, new Map()).origin!.keys()];
  }

  contains(v: Row): boolean {
    return this.reduce(v).row.size === 0;
  }

  /** Adds a row (the `index`-th given); returns whether it raised the rank. */
  add(v: Row, index = this.added): boolean {
    this.added = index + 1;
    const raised = this.addCombination(v, new Map([[index, 1]]));
    if (!raised) this.redundant.set(index, v);
    return raised;
  }

  /**
   * Takes given rows out (their indices), leaving the row space of the others in reduced row echelon form, at the
   * cost of the rows that involve them rather than of an elimination from scratch. For a given row that raised the
   * rank: among the pivot rows whose combination uses it, the sparsest is subtracted from the others until none
   * but it uses the row, and is dropped. It has 0 at every other pivot and the others 0 at its pivot, so every
   * remaining row keeps its pivot and the zeros at the others. The given rows that were redundant are then added
   * again: one of them may have depended on a removed row.
   */
  remove(indices: Iterable<number>) {
    let dropped = false;
    for (const j of indices) {
      if (this.redundant.delete(j)) continue;
      let star = -1;
      for (let i = 0; i < this.rows.length; i++)
        if (this.origins[i].has(j) && (star < 0 || this.rows[i].size < this.rows[star].size)) star = i;
      if (star < 0) continue;
      const row = this.rows[star];
      const origin = this.origins[star];
      const inv = inverse(origin.get(j)!, this.p);
      for (let i = 0; i < this.rows.length; i++) {
        const c = i === star ? undefined : this.origins[i].get(j);
        if (c === undefined) continue;
        this.own(i);
        const a = this.p - mulMod(c, inv, this.p);
        this.axpyTracked(this.rows[i], row, a);
        this.axpy(this.origins[i], origin, a);
      }
      for (const col of row.keys()) this.bump(col, -1);
      this.pivotOf.delete(this.pivots[star]);
      const last = this.rows.length - 1;
      if (star !== last) {
        this.rows[star] = this.rows[last];
        this.origins[star] = this.origins[last];
        this.pivots[star] = this.pivots[last];
        this.owned[star] = this.owned[last];
        this.pivotOf.set(this.pivots[star], star);
      }
      this.rows.pop();
      this.origins.pop();
      this.pivots.pop();
      this.owned.pop();
      dropped = true;
    }
    if (!dropped) return;
    for (const [k, v] of this.redundant) if (this.addCombination(v, new Map([[k, 1]]))) this.redundant.delete(k);
  }

  /** Copies a row shared with the space this one was projected from, before its first change. */
  private own(i: number) {
    if (this.owned[i]) return;
    this.rows[i] = new Map(this.rows[i]);
    this.origins[i] = new Map(this.origins[i]);
    this.owned[i] = true;
  }

  /** Adds a row known to be the combination `of` of given rows (their indices -> coefficients). */
  addCombination(v: Row, of: Row): boolean {
    const origin = new Map(of);
    const { row: r } = this.reduce(v, origin);
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
    // Clear the new pivot column from every earlier row that holds it.
    if (best > 0)
      this.rows.forEach((row, i) => {
        const c = row.get(pivot);
        if (c === undefined) return;
        this.own(i);
        this.axpyTracked(this.rows[i], r, this.p - c);
        this.axpy(this.origins[i], origin, this.p - c);
      });
    this.push(r, origin, pivot, true);
    for (const col of r.keys()) this.bump(col, 1);
    return true;
  }

  private push(row: Row, origin: Row, pivot: number, owned: boolean) {
    this.pivotOf.set(pivot, this.rows.length);
    this.rows.push(row);
    this.origins.push(origin);
    this.pivots.push(pivot);
    this.owned.push(owned);
  }

  /**
   * The row space with the columns `keep` rejects dropped from every row (a linear projection: what a viewer who
   * knows those columns can still derive), in reduced row echelon form, at the cost of the rows it changes.
   * Dropping entries creates no nonzero, so a row untouched by the drop is still a pivot row with 0 at every
   * other pivot, and is shared, not copied; a touched row keeps its pivot unless the pivot is dropped; the rows
   * that lose it are added again, which picks a new pivot and clears it from the others.
   */
  projected(keep: (col: number) => boolean): RowSpace {
    const out = new RowSpace(this.p);
    out.held = this.held.slice();
    const lost: { row: Row; origin: Row }[] = [];
    this.rows.forEach((row, i) => {
      let touched = false;
      for (const col of row.keys())
        if (!keep(col)) {
          touched = true;
          break;
        }
      // Shared both ways: neither space changes a row or origin the other holds without copying it first.
      this.owned[i] = false;
      if (!touched) {
        out.push(row, this.origins[i], this.pivots[i], false);
        return;
      }
      const kept: Row = new Map();
      for (const [col, x] of row) {
        if (keep(col)) kept.set(col, x);
        out.held[col]--;
      }
      if (!kept.size) return;
      if (keep(this.pivots[i])) {
        out.push(kept, this.origins[i], this.pivots[i], false);
        for (const col of kept.keys()) out.held[col]++;
      } else lost.push({ row: kept, origin: this.origins[i] });
    });
    for (const { row, origin } of lost) out.addCombination(row, origin);
    return out;
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
