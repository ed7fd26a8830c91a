import { fracMod, PRIMES, RowSpace, type Row } from "./modular";
import { buildTables, type CellData, type Tables } from "./tables";
import type {
  AuditRow,
  ConfStatus,
  ReleaseResult,
  ReportCell,
  ReportInput,
  Suppression,
  ViewerKind,
} from "./report.types";
import { viewerKinds, visibilityOf } from "./viewers";

/**
 * The disclosure-control engine of report releases (docs/methods.md, section 12): the tables of a closed cycle
 * over every contribution, primary suppression per audited viewer kind, secondary suppression within additive
 * sets, and a linear audit of everything each viewer kind knows, repeated with further suppression until the
 * release passes. Pure: data in, data out.
 */

export class ReportRefused extends Error {
  constructor(
    readonly reason: "CYCLE_NOT_CLOSED" | "THRESHOLD",
    message: string,
  ) {
    super(message);
  }
}

/** What a viewer kind cannot see in a cell: Members with a hidden result, and those among them contributing. */
interface Hidden {
  participants: number;
  contributors: number;
}

interface State {
  tables: Tables;
  viewers: ViewerKind[];
  /** per viewer: per result, 1 when the viewer sees it */
  sees: Uint8Array[];
  suppressions: Suppression[];
  t: number;
  tq: number;
  /** The cells suppressed so far, in order: the published set changed when it grew. */
  log: CellData[];
  /** The audit's row spaces, across its passes (see `eliminated`). */
  spaces: SpaceCache;
}

const MAX_ROUNDS = 1000;

export function computeRelease(input: ReportInput): ReleaseResult {
  if (input.cycle.phase !== "CLOSED")
    throw new ReportRefused(
      "CYCLE_NOT_CLOSED",
      `A release is computed only for a CLOSED cycle; ${input.cycle.code} is in phase ${input.cycle.phase}`,
    );
  const { minContributors: t, minForQuantiles: tq } = input.thresholds;
  if (!Number.isInteger(t) || !Number.isInteger(tq) || t < 3 || tq < t)
    throw new ReportRefused(
      "THRESHOLD",
      "Thresholds must be whole numbers, at least 3, quantiles at least contributors",
    );
  const viewers = input.viewers ?? viewerKinds(input.members, input.unions, input.reviewers);
  const tables = buildTables(input);
  const sees = viewers.map((v) => {
    const f = visibilityOf(v);
    return Uint8Array.from(tables.levels, (r) => (f(r) ? 1 : 0));
  });
  const state: State = { tables, viewers, sees, suppressions: [], t, tq, log: [], spaces: new Map() };
  primary(state);
  const earlier = (input.earlier ?? []).flatMap((r) => r.basis);
  let rounds = 0;
  let checks: ReleaseResult["audit"]["checks"];
  for (;;) {
    rounds++;
    secondary(state);
    // Rounds of suppression test with one prime; the release passes once a pass with each prime, on the same
    // published set, finds nothing.
    const result = audit(state, earlier, PRIMES.slice(0, 1));
    if (!result.suppressed && !audit(state, earlier, PRIMES.slice(1)).suppressed) {
      checks = result.checks;
      break;
    }
    if (rounds >= MAX_ROUNDS) throw new Error("disclosure control did not converge");
  }
  const cells: ReportCell[] = tables.cells.map(({ cell }) => published(cell));
  return {
    cycle: input.cycle.code,
    thresholds: { minContributors: t, minForQuantiles: tq },
    cells,
    audit: { viewers: viewers.map((v) => v.id), rounds, suppressions: state.suppressions, checks },
    basis: basisOf(tables),
  };
}

/** A cell as published: n and figures only where the status is F. */
function published(c: ReportCell): ReportCell {
  const out = { ...c };
  if (c.status !== "F") Object.assign(out, { n: null, mean: null });
  if (c.status !== "F" || c.quantileStatus !== "F") Object.assign(out, { q1: null, median: null, q3: null });
  return out;
}

function hiddenIn(state: State, viewer: number, data: CellData): Hidden {
  const sees = state.sees[viewer];
  let participants = 0;
  let contributors = 0;
  for (const p of data.participants) {
    if (p.results.every((i) => sees[i])) continue;
    participants++;
    if (p.contributes && !p.contributing.every((i) => sees[i])) contributors++;
  }
  return { participants, contributors };
}

/** The rule: nothing hidden, or at least the threshold of hidden contributions (a hidden participant alone, marked not used, would be revealed by n). */
const passes = (h: Hidden, threshold: number) => h.participants === 0 || h.contributors >= threshold;

function suppress(state: State, data: CellData, status: "C" | "D", s: Omit<Suppression, "cell" | "status" | "figure">) {
  const cell = data.cell;
  if (cell.status !== "F") return;
  cell.status = status;
  state.log.push(data);
  state.suppressions.push({ cell: cell.id, figure: "MEAN", status, ...s });
  if (cell.quantileStatus === "F") cell.quantileStatus = status;
}

function primary(state: State) {
  state.viewers.forEach((v, vi) => {
    for (const data of state.tables.cells) {
      if (!data.controlled) continue;
      const h = hiddenIn(state, vi, data);
      if (data.cell.status === "F" && !passes(h, state.t))
        suppress(state, data, "C", {
          viewer: v.id,
          rule: "PRIMARY",
          reason: `${h.participants} participants hidden from ${v.id}, ${h.contributors} contributing: fewer than ${state.t}`,
        });
      if (data.cell.quantileStatus === "F" && !passes(h, state.tq)) {
        data.cell.quantileStatus = "C";
        state.suppressions.push({
          cell: data.cell.id,
          figure: "QUANTILES",
          status: "C",
          viewer: v.id,
          rule: "PRIMARY",
          reason: `${h.contributors} hidden contributions for ${v.id}: fewer than ${state.tq} for order statistics`,
        });
      }
    }
  });
}

/** The additive sets: groups of one grouping of one subject, adding up to its WORLD cell. */
function additiveSets(tables: Tables): { world: CellData; groups: CellData[]; key: string }[] {
  const sets = new Map<string, { world?: CellData; groups: CellData[] }>();
  for (const data of tables.cells) {
    if (!data.controlled) continue;
    for (const key of data.sets) {
      const set = sets.get(key) ?? { groups: [] };
      if (data.cell.groupBy === "WORLD") set.world = data;
      else set.groups.push(data);
      sets.set(key, set);
    }
  }
  return [...sets].map(([key, s]) => ({ key, world: s.world!, groups: s.groups }));
}

/** Suppressed cells of an additive set must pass the rule together (else WORLD minus the others gives them). */
function secondary(state: State) {
  const sets = additiveSets(state.tables);
  for (let changed = true; changed;) {
    changed = false;
    state.viewers.forEach((v, vi) => {
      for (const set of sets) {
        for (;;) {
          if (set.world.cell.status !== "F") break;
          const hidden = set.groups.filter((g) => g.cell.status !== "F");
          if (!hidden.length) break;
          const h = hidden
            .map((g) => hiddenIn(state, vi, g))
            .reduce((a, b) => ({
              participants: a.participants + b.participants,
              contributors: a.contributors + b.contributors,
            }));
          if (passes(h, state.t)) break;
          const open = set.groups
            .filter((g) => g.cell.status === "F")
            .sort((a, b) => (a.cell.n ?? 0) - (b.cell.n ?? 0) || a.cell.id.localeCompare(b.cell.id));
          const next = open[0] ?? set.world;
          suppress(state, next, "D", {
            viewer: v.id,
            rule: "ADDITIVE_RESIDUAL",
            reason: `the suppressed cells of ${set.key} hide ${h.contributors} contributions from ${v.id} together: fewer than ${state.t}`,
          });
          changed = true;
        }
      }
    });
  }
}

// ---- the linear audit ----

const KIND = { v: 0, s: 1, u: 2 } as const;

interface Columns {
  /** column -> its result (for visibility and Member) */
  resultOf: number[];
  col(result: number, kind: keyof typeof KIND): number;
  /** the column of an earlier release's term key */
  fromKey(key: string): number;
}

function columns(tables: Tables): Columns {
  const resultOf: number[] = [];
  tables.results.forEach((_, i) => resultOf.push(i, i, i));
  const index = new Map(tables.results.map((r, i) => [`${r.member}|${r.kpi}`, i]));
  const stale = new Map<string, number>();
  return {
    resultOf,
    col: (result, kind) => result * 3 + KIND[kind],
    fromKey(key) {
      const [member, kpi, kind, val] = key.split("|");
      const i = index.get(`${member}|${kpi}`);
      if (i !== undefined && val === keyValue(tables, i, kind as keyof typeof KIND)) return i * 3 + KIND[kind as "v"];
      // A value a correction changed (or a result gone): an unknown of its own, hidden as the result is.
      let c = stale.get(key);
      if (c === undefined) {
        c = resultOf.length;
        resultOf.push(i ?? -1);
        stale.set(key, c);
      }
      return c;
    },
  };
}

function keyValue(tables: Tables, i: number, kind: keyof typeof KIND): string {
  const r = tables.results[i];
  if (kind === "v") return String(r.value);
  if (kind === "s") return String(r.score);
  return String(tables.levels[i].notUsed);
}

function termKey(tables: Tables, i: number, kind: keyof typeof KIND): string {
  const r = tables.results[i];
  return `${r.member}|${r.kpi}|${kind}|${keyValue(tables, i, kind)}`;
}

/** The rows of the published cells, for the audit of later releases. */
function basisOf(tables: Tables): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const data of tables.cells) {
    if (!data.controlled || data.cell.status !== "F") continue;
    rows.push({
      cell: data.cell.id,
      terms: data.terms.map((t) => [termKey(tables, t.result, t.kind), String(t.coef[0]), String(t.coef[1])]),
    });
    if (data.flagResults.length)
      rows.push({ cell: `${data.cell.id}:n`, terms: data.flagResults.map((i) => [termKey(tables, i, "u"), "1", "1"]) });
  }
  return rows;
}

interface Leak {
  /** The cells of this release whose published sums the leak is a combination of. */
  sources: CellData[];
  what: string;
}

/** A cell's linear terms as columns and residues modulo one prime (worked out once per prime). */
interface CellVector {
  cols: Int32Array;
  coefs: Float64Array;
  flagCols: Int32Array;
}

const vectorCache = new WeakMap<CellData, Map<number, CellVector>>();

function cellVector(data: CellData, p: number, cols: Columns): CellVector {
  let byPrime = vectorCache.get(data);
  if (!byPrime) vectorCache.set(data, (byPrime = new Map()));
  let v = byPrime.get(p);
  if (!v) {
    v = {
      cols: Int32Array.from(data.terms, (t) => cols.col(t.result, t.kind)),
      coefs: Float64Array.from(data.terms, (t) => fracMod(t.coef, p)),
      flagCols: Int32Array.from(data.flagResults, (i) => cols.col(i, "u")),
    };
    byPrime.set(p, v);
  }
  return v;
}

/**
 * One pass of the audit over every viewer kind: for each, the row space of what it knows about the unknowns
 * hidden from it (every published sum of this release and of earlier ones, its visible values substituted), and
 * the checks of docs/methods.md 12.4. A viewer with a leak gets a suppression and is audited again at once.
 * Returns whether the pass suppressed anything (then the caller passes again: a suppression can open a leak
 * for a viewer audited before it).
 */
function audit(
  state: State,
  earlier: AuditRow[],
  primes: readonly number[],
): { suppressed: boolean; checks: ReleaseResult["audit"]["checks"] } {
  const { tables } = state;
  const cols = columns(tables);
  const earlierCols = earlier.map((row) => ({
    cols: row.terms.map(([key]) => cols.fromKey(key)),
    coefs: row.terms.map(([, num, den]) => [BigInt(num), BigInt(den)] as const),
  }));
  const sets = additiveSets(tables);
  const checks: ReleaseResult["audit"]["checks"] = [];
  let suppressed = false;
  state.viewers.forEach((v, vi) => {
    for (;;) {
      const { leaks, check } = auditViewer(state, vi, cols, earlierCols, sets, primes, state.spaces);
      if (!leaks.length) {
        checks.push(check);
        return;
      }
      // For each leak, suppress the published cell with the fewest contributors among the sums of this release
      // it is derived from (once per cell), then audit this viewer again.
      const touched = new Set<CellData>();
      for (const leak of leaks) {
        if (leak.sources.some((d) => touched.has(d))) continue;
        const candidates = leak.sources
          .filter((d) => d.cell.status === "F")
          .sort((a, b) => (a.cell.n ?? 0) - (b.cell.n ?? 0) || a.cell.id.localeCompare(b.cell.id));
        if (!candidates.length)
          throw new Error(
            `${v.id} can derive ${leak.what} from earlier releases alone; nothing in this one can hide it`,
          );
        suppress(state, candidates[0], "D", {
          viewer: v.id,
          rule: "LINEAR_AUDIT",
          reason: `${v.id} could derive ${leak.what}`,
        });
        touched.add(candidates[0]);
      }
      suppressed = true;
      secondary(state);
    }
  });
  return { suppressed, checks };
}

/**
 * Row spaces eliminated from the published sums, per viewer and prime, kept up to date as cells are suppressed (the
 * suppressed cells' sums are taken out, `RowSpace.remove`): a viewer audited again, and every kind projected from
 * BASIC's, reuse them instead of eliminating again.
 */
type SpaceCache = Map<
  string,
  { applied: number; space: RowSpace; given: (CellData | null)[]; rowsOf: Map<CellData, number[]> }
>;

function eliminated(state: State, vi: number, cols: Columns, earlierCols: EarlierCols, p: number, cache: SpaceCache) {
  const key = `${vi}|${p}`;
  let entry = cache.get(key);
  if (!entry) {
    const given = givenRows(state, vi, cols, earlierCols, p, vectorsFor(state, vi, cols, p));
    const space = new RowSpace(p);
    const rowsOf = new Map<CellData, number[]>();
    given.forEach((g, i) => {
      space.add(g.row, i);
      if (g.source) rowsOf.set(g.source, [...(rowsOf.get(g.source) ?? []), i]);
    });
    entry = { applied: state.log.length, space, given: given.map((g) => g.source), rowsOf };
    cache.set(key, entry);
  }
  if (entry.applied < state.log.length) {
    const gone = state.log.slice(entry.applied).flatMap((data) => entry!.rowsOf.get(data) ?? []);
    entry.space.remove(gone);
    entry.applied = state.log.length;
  }
  return entry;
}

type EarlierCols = { cols: number[]; coefs: (readonly [bigint, bigint])[] }[];

/** The published sums (this release's and earlier ones) over the unknowns hidden from viewer `vi`. */
function givenRows(
  state: State,
  vi: number,
  cols: Columns,
  earlierCols: EarlierCols,
  p: number,
  vectorOf: (data: CellData) => { values: Row; flags: Row },
): { row: Row; source: CellData | null }[] {
  const sees = state.sees[vi];
  const given: { row: Row; source: CellData | null }[] = [];
  for (const data of state.tables.cells) {
    if (!data.controlled || data.cell.status !== "F") continue;
    const { values, flags } = vectorOf(data);
    if (values.size) given.push({ row: values, source: data });
    if (flags.size) given.push({ row: flags, source: data });
  }
  for (const row of earlierCols) {
    const r: Row = new Map();
    row.cols.forEach((c, k) => {
      const res = cols.resultOf[c];
      if (res < 0 || !sees[res]) r.set(c, ((r.get(c) ?? 0) + fracMod(row.coefs[k], p)) % p);
    });
    for (const [c, x] of r) if (x === 0) r.delete(c);
    if (r.size) given.push({ row: r, source: null });
  }
  given.sort((a, b) => a.row.size - b.row.size);
  return given;
}

function vectorsFor(state: State, vi: number, cols: Columns, p: number) {
  const sees = state.sees[vi];
  const hiddenCol = (c: number) => {
    const r = cols.resultOf[c];
    return r < 0 || !sees[r];
  };
  const cellRows = new Map<CellData, { values: Row; flags: Row }>();
  return (data: CellData) => {
    let rows = cellRows.get(data);
    if (!rows) {
      const vec = cellVector(data, p, cols);
      const values: Row = new Map();
      for (let k = 0; k < vec.cols.length; k++) {
        const c = vec.cols[k];
        if (hiddenCol(c)) values.set(c, ((values.get(c) ?? 0) + vec.coefs[k]) % p);
      }
      for (const [c, x] of values) if (x === 0) values.delete(c);
      const flags: Row = new Map();
      for (const c of vec.flagCols) if (hiddenCol(c)) flags.set(c, 1);
      cellRows.set(data, (rows = { values, flags }));
    }
    return rows;
  };
}

function auditViewer(
  state: State,
  vi: number,
  cols: Columns,
  earlierCols: EarlierCols,
  sets: ReturnType<typeof additiveSets>,
  primes: readonly number[],
  cache: SpaceCache,
): { leaks: Leak[]; check: ReleaseResult["audit"]["checks"][number] } {
  const { tables } = state;
  const v = state.viewers[vi];
  const sees = state.sees[vi];
  const hiddenCol = (c: number) => {
    const r = cols.resultOf[c];
    return r < 0 || !sees[r];
  };
  const memberOf = (c: number) => {
    const r = cols.resultOf[c];
    return r < 0 ? `?${c}` : tables.results[r].member;
  };
  const fewMembers = (row: Iterable<number>) => {
    const members = new Set<string>();
    for (const c of row) {
      members.add(memberOf(c));
      if (members.size >= state.t) return false;
    }
    return members.size > 0;
  };
  const leaks: Leak[] = [];
  let check = { viewer: v.id, unknowns: 0, rank: 0 };
  for (const p of primes) {
    const vectorOf = vectorsFor(state, vi, cols, p);
    const basic = state.viewers.findIndex((k) => k.kind === "BASIC");
    let space: RowSpace;
    let sources: (CellData | null)[];
    if (v.signedIn && basic >= 0 && basic !== vi) {
      // Every other signed-in kind sees a superset of what BASIC sees, so what it can derive is BASIC's row space
      // with the columns it sees dropped (a projection, which is linear): far cheaper than its own elimination.
      const from = eliminated(state, basic, cols, earlierCols, p, cache);
      space = from.space.projected(hiddenCol);
      sources = from.given;
    } else ({ space, given: sources } = eliminated(state, vi, cols, earlierCols, p, cache));
    const known = space.rows;
    const sourcesOf = (origin: Iterable<number>) => [
      ...new Set([...origin].map((i) => sources[i]).filter((d): d is CellData => d !== null)),
    ];
    if (p === primes[0]) {
      const unknowns = new Set<number>();
      for (const r of known) for (const c of r.keys()) unknowns.add(c);
      check = { viewer: v.id, unknowns: unknowns.size, rank: space.rank };
    }
    // 1. A row of the reduced echelon form over fewer than t Members: a hidden value, score or small sum.
    space.rows.forEach((row, i) => {
      if (fewMembers(row.keys()))
        leaks.push({
          sources: sourcesOf(space.origins[i].keys()),
          what: "a sum over fewer hidden Members than the threshold",
        });
    });
    // 2. A suppressed cell's hidden part, and 3. an additive set's suppressed cells together.
    const test = (vec: Row, what: string) => {
      if (!vec.size || !fewMembers(vec.keys())) return;
      const origin = space.derive(vec);
      if (origin) leaks.push({ sources: sourcesOf(origin), what });
    };
    for (const data of tables.cells) {
      if (!data.controlled || data.cell.status === "F") continue;
      const { values, flags } = vectorOf(data);
      test(values, `the sum of suppressed ${data.cell.id}`);
      test(flags, `n of suppressed ${data.cell.id}`);
    }
    for (const set of sets) {
      if (set.world.cell.status !== "F") continue;
      const values: Row = new Map();
      const flags: Row = new Map();
      for (const g of set.groups) {
        if (g.cell.status === "F") continue;
        const vec = vectorOf(g);
        for (const [c, x] of vec.values) values.set(c, ((values.get(c) ?? 0) + x) % p);
        for (const [c, x] of vec.flags) flags.set(c, ((flags.get(c) ?? 0) + x) % p);
      }
      for (const vec of [values, flags]) for (const [c, x] of vec) if (x === 0) vec.delete(c);
      test(values, `the suppressed cells of ${set.key} together`);
      test(flags, `n of the suppressed cells of ${set.key} together`);
    }
    if (leaks.length) break;
  }
  return { leaks, check };
}

export type { ConfStatus };
