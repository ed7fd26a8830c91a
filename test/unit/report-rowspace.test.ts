import { RowSpace, mulMod, type Row } from "../../src/report/modular";

/**
 * The audit's two fast paths on row spaces (src/report/modular.ts), against the plain path, an elimination from
 * scratch: `projected` (a signed-in viewer's space from BASIC's) and `remove` (a suppressed cell's sums taken out).
 * Random sparse systems modulo a small prime, so that dependent rows, lost pivots and redundant rows are common.
 */
const P = 101;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

function randomRows(rand: () => number, count: number, columns: number, density: number): Row[] {
  return Array.from({ length: count }, () => {
    const row: Row = new Map();
    for (let c = 0; c < columns; c++) if (rand() < density) row.set(c, 1 + Math.floor(rand() * (P - 1)));
    return row;
  });
}

function eliminate(rows: Row[], indices = rows.map((_, i) => i)): RowSpace {
  const space = new RowSpace(P);
  rows.forEach((row, k) => space.add(row, indices[k]));
  return space;
}

/** Same row space: same rank, and every row of each is in the other. */
function expectSameSpace(a: RowSpace, b: RowSpace) {
  expect(a.rank).toBe(b.rank);
  for (const row of a.rows) expect(b.contains(row)).toBe(true);
  for (const row of b.rows) expect(a.contains(row)).toBe(true);
}

/** Reduced row echelon form: each row has a pivot column at 1 where every other row has 0. */
function expectReduced(space: RowSpace) {
  const pivots = space.rows.map((row) =>
    [...row].find(([col, x]) => x === 1 && space.rows.every((o) => o === row || !o.has(col))),
  );
  expect(pivots.every((p) => p !== undefined)).toBe(true);
}

/** Each row is the combination its origin says of the given rows. */
function expectOrigins(space: RowSpace, given: Map<number, Row>) {
  space.rows.forEach((row, i) => {
    const sum: Row = new Map();
    for (const [k, c] of space.origins[i])
      for (const [col, x] of given.get(k)!) sum.set(col, ((sum.get(col) ?? 0) + mulMod(x, c, P)) % P);
    for (const [col, x] of sum) if (x === 0) sum.delete(col);
    expect(sum).toEqual(row);
  });
}

describe("RowSpace fast paths against an elimination from scratch", () => {
  it.each([1, 2, 3, 4, 5, 6])("projected: dropping columns a viewer knows (seed %i)", (seed) => {
    const rand = prng(seed);
    const rows = randomRows(rand, 30, 40, 0.12);
    const base = eliminate(rows);
    const known = new Set(Array.from({ length: 40 }, (_, c) => c).filter(() => rand() < 0.3));
    const keep = (col: number) => !known.has(col);
    const fast = base.projected(keep);
    const drop = (row: Row) => new Map([...row].filter(([col]) => keep(col)));
    const plain = eliminate(rows.map(drop));
    expectSameSpace(fast, plain);
    expectReduced(fast);
    expectOrigins(fast, new Map(rows.map((row, k) => [k, drop(row)])));
    // The base is left as it was (its rows are shared, copied before a change).
    expectSameSpace(base, eliminate(rows));
  });

  it.each([1, 2, 3, 4, 5, 6])("remove: taking given rows out, some redundant (seed %i)", (seed) => {
    const rand = prng(100 + seed);
    // More rows than columns: many are redundant, and some depend on the rows removed.
    const rows = randomRows(rand, 45, 30, 0.1);
    const space = eliminate(rows);
    const gone = new Set<number>();
    for (let round = 0; round < 4; round++) {
      const batch = rows.map((_, k) => k).filter((k) => !gone.has(k) && rand() < 0.15);
      batch.forEach((k) => gone.add(k));
      space.remove(batch);
      const left = rows.map((_, k) => k).filter((k) => !gone.has(k));
      expectSameSpace(
        space,
        eliminate(
          left.map((k) => rows[k]),
          left,
        ),
      );
      expectReduced(space);
      expectOrigins(space, new Map(left.map((k) => [k, rows[k]])));
    }
  });

  it("a projection keeps its rows when the space it came from later changes the rows they share", () => {
    const rows: Row[] = [
      new Map([
        [0, 1],
        [1, 1],
      ]),
      new Map([
        [1, 1],
        [2, 1],
      ]),
      new Map([
        [2, 1],
        [3, 1],
      ]),
    ];
    const base = eliminate(rows);
    const all = base.projected(() => true);
    const before = all.rows.map((r) => [...r].sort());
    base.remove([1]);
    expect(all.rows.map((r) => [...r].sort())).toEqual(before);
    expectSameSpace(all, eliminate(rows));
  });

  it("remove: a row that only a removed row's combination held comes back from the redundant ones", () => {
    // r2 = r0 + r1 adds nothing; removing r0 must leave the space of r1 and r2, of rank 2.
    const rows: Row[] = [
      new Map([[0, 1]]),
      new Map([[1, 1]]),
      new Map([
        [0, 1],
        [1, 1],
      ]),
    ];
    const space = eliminate(rows);
    expect(space.rank).toBe(2);
    space.remove([0]);
    expect(space.rank).toBe(2);
    expect(space.contains(new Map([[0, 1]]))).toBe(true);
    space.remove([1]);
    expect(space.rank).toBe(1);
    expect(space.contains(new Map([[0, 1]]))).toBe(false);
    expect(
      space.derive(
        new Map([
          [0, 1],
          [1, 1],
        ]),
      ),
    ).toEqual([2]);
  });
});
