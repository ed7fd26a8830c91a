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
  /** pivot column -> index in rows */
  private readonly pivotOf = new Map<number, number>();
  /** column -> the rows that hold it (pivot rows only), to clear a new pivot column from them. */
  private readonly holders = new Map<number, Set<number>>();

  constructor(readonly p: number) {}

  get rank(): number {
    return this.rows.length;
  }

  /** The vector reduced by the pivot rows (a new map; the input is left alone). */
  reduce(v: Row): Row {
    const out = new Map(v);
    for (const [col] of v) {
      const at = this.pivotOf.get(col);
      if (at === undefined) continue;
      const c = out.get(col);
      if (!c) continue;
      this.axpy(out, this.rows[at], this.p - c);
    }
    return out;
  }

  contains(v: Row): boolean {
    return this.reduce(v).size === 0;
  }

  /** Adds a row; returns whether it raised the rank. */
  add(v: Row): boolean {
    const r = this.reduce(v);
    if (r.size === 0) return false;
    // The pivot: the column held by the fewest rows, to keep the fill-in small.
    let pivot = -1;
    let best = Infinity;
    for (const col of r.keys()) {
      const h = this.holders.get(col)?.size ?? 0;
      if (h < best) {
        best = h;
        pivot = col;
        if (h === 0) break;
      }
    }
    const inv = inverse(r.get(pivot)!, this.p);
    for (const [col, val] of r) r.set(col, mulMod(val, inv, this.p));
    const index = this.rows.length;
    // Clear the new pivot column from every earlier row that holds it.
    for (const i of [...(this.holders.get(pivot) ?? [])]) {
      const row = this.rows[i];
      const c = row.get(pivot)!;
      this.axpyTracked(i, row, r, this.p - c);
    }
    this.rows.push(r);
    this.pivotOf.set(pivot, index);
    for (const col of r.keys()) this.hold(col, index);
    return true;
  }

  private hold(col: number, row: number) {
    let set = this.holders.get(col);
    if (!set) this.holders.set(col, (set = new Set()));
    set.add(row);
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
  private axpyTracked(index: number, target: Row, source: Row, a: number) {
    const p = this.p;
    for (const [col, val] of source) {
      const had = target.has(col);
      const next = ((target.get(col) ?? 0) + mulMod(val, a, p)) % p;
      if (next === 0) {
        target.delete(col);
        if (had) this.holders.get(col)?.delete(index);
      } else {
        target.set(col, next);
        if (!had) this.hold(col, index);
      }
    }
  }
}
