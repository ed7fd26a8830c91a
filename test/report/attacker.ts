/**
 * The attacker of issue 23, written apart from the disclosure-control engine: it imports nothing from src/report
 * and reads only the release the engine published (its cells). For a viewer kind it builds the linear system of
 * everything published (every release of the cycle), with the values that viewer may see as knowns, and tries
 * to solve it for every withheld value, every hidden score and not-used flag, every Member's hidden roll-up, and
 * every suppressed cell's sum (alone and, within an additive set, together). Arithmetic is exact: fractions of
 * BigInts, Gauss-Jordan elimination (the engine works modulo primes; this works over the rationals, or modulo
 * a prime of its own for the large demo cycle).
 */

export type Level = "PUBLIC" | "WCO" | "UNION" | "COUNTRY";

export interface AttackMember {
  code: string;
  region: string;
  incomeGroup: string | null;
  landlocked: boolean | null;
}
export interface AttackKpi {
  code: string;
  outcome: string;
  dimension: string;
  scoring:
    | { method: "LINEAR"; worst: number; best: number }
    | { method: "BANDS"; bands: { from: number; score: number }[] }
    | null;
  instruments: string[];
  sdgTargets: string[];
}
export interface AttackResult {
  member: string;
  kpi: string;
  level: Level;
  notUsed: boolean;
  value: number | null;
  validatedValue?: number | null;
}
/** The cycle's data when a release was made (what the attacker assumes was known to the Secretariat). */
export interface AttackData {
  members: AttackMember[];
  unions: { code: string; members: string[] }[];
  participants: string[];
  kpis: AttackKpi[];
  results: AttackResult[];
  reviewers: { reviewer: string; members: string[] }[];
}
/** A published cell as the public reads it. */
export interface PublishedCell {
  table: string;
  subject: string;
  groupBy: string;
  group: string;
  n: number | null;
  mean: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  status: string;
  quantileStatus: string | null;
}
export interface Viewer {
  id: string;
  signedIn: boolean;
  union: Set<string>;
  country: Set<string>;
}

// ---- exact arithmetic ----

interface Field<T> {
  zero: T;
  isZero(a: T): boolean;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  /** the exact value of a double */
  of(x: number): T;
}

type Q = readonly [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};
const q = (n: bigint, d: bigint): Q => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return [n / g, d / g];
};
const exactDouble = (x: number): Q => {
  let d = 1n;
  while (!Number.isInteger(x)) {
    x *= 2;
    d *= 2n;
  }
  return q(BigInt(x), d);
};
export const RATIONALS: Field<Q> = {
  zero: [0n, 1n],
  isZero: (a) => a[0] === 0n,
  add: (a, b) => q(a[0] * b[1] + b[0] * a[1], a[1] * b[1]),
  sub: (a, b) => q(a[0] * b[1] - b[0] * a[1], a[1] * b[1]),
  mul: (a, b) => q(a[0] * b[0], a[1] * b[1]),
  div: (a, b) => q(a[0] * b[1], a[1] * b[0]),
  of: exactDouble,
};
/** Integers modulo 2^31 - 1 (a Mersenne prime, none of the engine's), with BigInt products. */
export function modular(p = 2147483647n): Field<bigint> {
  const m = (a: bigint) => ((a % p) + p) % p;
  const pow = (a: bigint, e: bigint): bigint => {
    let r = 1n;
    a = m(a);
    while (e) {
      if (e & 1n) r = (r * a) % p;
      a = (a * a) % p;
      e >>= 1n;
    }
    return r;
  };
  return {
    zero: 0n,
    isZero: (a) => a === 0n,
    add: (a, b) => m(a + b),
    sub: (a, b) => m(a - b),
    mul: (a, b) => m(a * b),
    div: (a, b) => m(a * pow(b, p - 2n)),
    of: (x) => {
      const [n, d] = exactDouble(x);
      return m(m(n) * pow(d, p - 2n));
    },
  };
}

type Vec<T> = Map<string, T>;

/** A row space in reduced echelon form, keyed by unknown names. */
class Span<T> {
  private readonly rows: { pivot: string; row: Vec<T> }[] = [];
  private readonly pivotRow = new Map<string, Vec<T>>();
  constructor(private readonly F: Field<T>) {}

  private reduce(v: Vec<T>): Vec<T> {
    const out = new Map(v);
    for (const key of v.keys()) {
      const pr = this.pivotRow.get(key);
      const c = out.get(key);
      if (!pr || c === undefined) continue;
      for (const [k, x] of pr) {
        const next = this.F.sub(out.get(k) ?? this.F.zero, this.F.mul(c, x));
        if (this.F.isZero(next)) out.delete(k);
        else out.set(k, next);
      }
    }
    return out;
  }

  add(v: Vec<T>): void {
    const r = this.reduce(v);
    const first = r.keys().next();
    if (first.done) return;
    const pivot = first.value;
    const inv = r.get(pivot)!;
    for (const [k, x] of r) r.set(k, this.F.div(x, inv));
    for (const { row } of this.rows) {
      const c = row.get(pivot);
      if (c === undefined) continue;
      for (const [k, x] of r) {
        const next = this.F.sub(row.get(k) ?? this.F.zero, this.F.mul(c, x));
        if (this.F.isZero(next)) row.delete(k);
        else row.set(k, next);
      }
    }
    this.rows.push({ pivot, row: r });
    this.pivotRow.set(pivot, r);
  }

  contains(v: Vec<T>): boolean {
    return this.reduce(v).size === 0;
  }
}

// ---- what a viewer sees (docs/disclosure.md), restated ----

export function viewersOf(data: AttackData): Viewer[] {
  const partners = (codes: string[]) => {
    const set = new Set(codes);
    for (const u of data.unions) if (u.members.some((m) => codes.includes(m))) u.members.forEach((m) => set.add(m));
    return set;
  };
  const out: Viewer[] = [
    { id: "ANONYMOUS", signedIn: false, union: new Set(), country: new Set() },
    { id: "BASIC", signedIn: true, union: new Set(), country: new Set() },
  ];
  for (const m of data.members)
    out.push({ id: `NCP:${m.code}`, signedIn: true, union: partners([m.code]), country: new Set([m.code]) });
  for (const u of data.unions)
    out.push({ id: `UNION_OFFICE:${u.code}`, signedIn: true, union: new Set(u.members), country: new Set() });
  const region = new Map(data.members.map((m) => [m.code, m.region]));
  for (const r of new Set(data.members.map((m) => m.region))) {
    const union = new Set<string>();
    for (const u of data.unions) {
      const counts = new Map<string, number>();
      for (const m of u.members) counts.set(region.get(m)!, (counts.get(region.get(m)!) ?? 0) + 1);
      const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
      if (top === r) u.members.forEach((m) => union.add(m));
    }
    out.push({ id: `REGION_OFFICE:${r}`, signedIn: true, union, country: new Set() });
  }
  for (const rv of data.reviewers)
    out.push({
      id: `PEER_REVIEWER:${rv.reviewer}`,
      signedIn: true,
      union: partners(rv.members),
      country: new Set(rv.members),
    });
  return out;
}

export function sees(v: Viewer, r: { member: string; level: Level }): boolean {
  if (r.level === "PUBLIC") return true;
  if (r.level === "WCO") return v.signedIn;
  if (r.level === "UNION") return v.union.has(r.member) || v.country.has(r.member);
  return v.country.has(r.member);
}

// ---- the system ----

const groupOf = (m: AttackMember, groupBy: string): string =>
  groupBy === "WORLD"
    ? "WORLD"
    : groupBy === "REGION"
      ? m.region
      : groupBy === "INCOME_GROUP"
        ? (m.incomeGroup ?? "UNKNOWN")
        : m.landlocked === null
          ? "UNKNOWN"
          : m.landlocked
            ? "LANDLOCKED"
            : "COASTAL";

const valueOf = (r: AttackResult) => (r.notUsed ? null : (r.validatedValue ?? r.value));

/** A result's score as the attacker models it: linear in the value (slope) when unclamped, else an unknown. */
function scoreTerm(kpi: AttackKpi, r: AttackResult): { key: string; slope: number | null; scored: boolean } {
  const v = valueOf(r);
  if (!kpi.scoring || v === null) return { key: "", slope: null, scored: false };
  if (kpi.scoring.method === "LINEAR") {
    const raw = ((v - kpi.scoring.worst) * 100) / (kpi.scoring.best - kpi.scoring.worst);
    if (raw >= 0 && raw <= 100)
      return { key: `v|${r.member}|${r.kpi}`, slope: 100 / (kpi.scoring.best - kpi.scoring.worst), scored: true };
  }
  return { key: `s|${r.member}|${r.kpi}`, slope: null, scored: true };
}

interface CellRows<T> {
  values: Vec<T>;
  flags: Vec<T>;
  hiddenMembers: Set<string>;
  hiddenMemberSums: Map<string, Vec<T>>;
}

/** The hidden part of a cell's sum (mean x n) and of its n, for one viewer, from the data. */
function cellRows<T>(F: Field<T>, data: AttackData, cell: PublishedCell, v: Viewer): CellRows<T> {
  const taking = new Set(data.participants);
  const kpis = new Map(data.kpis.map((k) => [k.code, k]));
  const resultOf = new Map(data.results.map((r) => [`${r.member}|${r.kpi}`, r]));
  const members = data.members.filter((m) => taking.has(m.code) && groupOf(m, cell.groupBy) === cell.group);
  const values: Vec<T> = new Map();
  const flags: Vec<T> = new Map();
  const hiddenMembers = new Set<string>();
  const hiddenMemberSums = new Map<string, Vec<T>>();
  const addTo = (vec: Vec<T>, key: string, x: T) => {
    const next = F.add(vec.get(key) ?? F.zero, x);
    if (F.isZero(next)) vec.delete(key);
    else vec.set(key, next);
  };
  if (cell.table === "KPI") {
    for (const m of members) {
      const r = resultOf.get(`${m.code}|${cell.subject}`);
      if (!r || sees(v, r)) continue;
      hiddenMembers.add(m.code);
      addTo(flags, `u|${r.member}|${r.kpi}`, F.of(1));
      if (valueOf(r) !== null) addTo(values, `v|${r.member}|${r.kpi}`, F.of(1));
    }
  } else if (["OUTCOME", "DIMENSION", "INSTRUMENT", "SDG_TARGET"].includes(cell.table)) {
    const inSubject = (k: AttackKpi) =>
      cell.table === "OUTCOME"
        ? k.outcome === cell.subject
        : cell.table === "DIMENSION"
          ? k.dimension === cell.subject
          : cell.table === "INSTRUMENT"
            ? k.instruments.includes(cell.subject)
            : k.sdgTargets.includes(cell.subject);
    const subjectKpis = data.kpis.filter((k) => inSubject(k) && k.scoring);
    for (const m of members) {
      const own = subjectKpis.map((k) => resultOf.get(`${m.code}|${k.code}`)).filter((r): r is AttackResult => !!r);
      const terms = own.map((r) => ({ r, t: scoreTerm(kpis.get(r.kpi)!, r) })).filter((x) => x.t.scored);
      if (own.some((r) => !sees(v, r))) hiddenMembers.add(m.code);
      const mine: Vec<T> = new Map();
      for (const { r, t } of terms) {
        if (sees(v, r)) continue;
        const coef = F.div(t.slope === null ? F.of(1) : F.of(t.slope), F.of(terms.length));
        addTo(values, t.key, coef);
        addTo(mine, t.key, coef);
      }
      if (mine.size) hiddenMemberSums.set(m.code, mine);
    }
  }
  return { values, flags, hiddenMembers, hiddenMemberSums };
}

export interface Finding {
  viewer: string;
  what: string;
}

/**
 * Everything `viewer` can solve for from the releases (each with the data it was computed on; the last is the
 * one under attack). Returns what it found: nothing, if the release is safe.
 */
export function attack<T>(
  F: Field<T>,
  releases: { data: AttackData; cells: PublishedCell[] }[],
  viewer: Viewer,
  threshold: number,
): Finding[] {
  const span = new Span(F);
  const { data, cells } = releases[releases.length - 1];
  for (const rel of releases)
    for (const cell of rel.cells) {
      if (cell.n === null || cell.mean === null) continue;
      const rows = cellRows(F, rel.data, cell, viewer);
      if (rows.values.size) span.add(rows.values);
      if (rows.flags.size) span.add(rows.flags);
    }
  const found: Finding[] = [];
  /** A sum over fewer than the threshold of hidden Members (rule 8 allows deriving larger ones). */
  const few = (vec: Vec<T>) => {
    const members = new Set([...vec.keys()].map((k) => k.split("|")[1]));
    return members.size > 0 && members.size < threshold;
  };
  const unit = (key: string): Vec<T> => new Map([[key, F.of(1)]]);
  const kpis = new Map(data.kpis.map((k) => [k.code, k]));
  const taking = new Set(data.participants);
  // Every withheld value, hidden score and not-used flag.
  for (const r of data.results) {
    if (!taking.has(r.member) || sees(viewer, r)) continue;
    if (span.contains(unit(`u|${r.member}|${r.kpi}`)))
      found.push({ viewer: viewer.id, what: `not-used flag ${r.member} ${r.kpi}` });
    if (valueOf(r) === null) continue;
    if (span.contains(unit(`v|${r.member}|${r.kpi}`)))
      found.push({ viewer: viewer.id, what: `value ${r.member} ${r.kpi}` });
    const t = scoreTerm(kpis.get(r.kpi)!, r);
    if (t.scored && t.slope === null && span.contains(unit(t.key)))
      found.push({ viewer: viewer.id, what: `score ${r.member} ${r.kpi}` });
  }
  // Every suppressed cell's hidden sum and n, over fewer than the threshold of hidden Members; every Member's
  // hidden roll-up; within each additive set, the suppressed cells together.
  const sets = new Map<string, { world?: PublishedCell; suppressed: CellRows<T>[] }>();
  for (const cell of cells) {
    if (!["KPI", "OUTCOME", "DIMENSION", "INSTRUMENT", "SDG_TARGET"].includes(cell.table)) continue;
    const rows = cellRows(F, data, cell, viewer);
    for (const [member, vec] of rows.hiddenMemberSums)
      if (span.contains(vec))
        found.push({ viewer: viewer.id, what: `${member}'s hidden roll-up in ${cell.table} ${cell.subject}` });
    const key = `${cell.table}:${cell.subject}`;
    if (cell.groupBy === "WORLD") {
      for (const g of ["REGION", "INCOME_GROUP", "LANDLOCKED"]) {
        const s = sets.get(`${key}:${g}`) ?? { suppressed: [] };
        s.world = cell;
        sets.set(`${key}:${g}`, s);
      }
    }
    if (cell.status === "F") continue;
    if (few(rows.values) && span.contains(rows.values))
      found.push({ viewer: viewer.id, what: `the sum of suppressed ${key}:${cell.groupBy}:${cell.group}` });
    if (few(rows.flags) && span.contains(rows.flags))
      found.push({ viewer: viewer.id, what: `n of suppressed ${key}:${cell.groupBy}:${cell.group}` });
    if (cell.groupBy !== "WORLD") {
      const s = sets.get(`${key}:${cell.groupBy}`) ?? { suppressed: [] };
      s.suppressed.push(rows);
      sets.set(`${key}:${cell.groupBy}`, s);
    }
  }
  for (const [key, s] of sets) {
    if (!s.world || s.world.n === null || !s.suppressed.length) continue;
    for (const part of ["values", "flags"] as const) {
      const sum: Vec<T> = new Map();
      for (const r of s.suppressed)
        for (const [k, x] of r[part]) {
          const next = F.add(sum.get(k) ?? F.zero, x);
          if (F.isZero(next)) sum.delete(k);
          else sum.set(k, next);
        }
      if (few(sum) && span.contains(sum))
        found.push({ viewer: viewer.id, what: `${part} of the suppressed cells of ${key}` });
    }
  }
  // Order statistics are not linear: the attacker checks the rule instead (no quartile over fewer hidden
  // contributions than the quantile threshold) in the tests.
  return found;
}
