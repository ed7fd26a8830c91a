import { mean, rollup, score, summarize, valueOfRecord } from "../analytics/statistics";
import { div, frac, fromDouble, mul, type Frac } from "./fraction";
import type { GroupBy, ReportCell, ReportInput, ReportMember, TableName } from "./report.types";

/**
 * The tables of a release with every cell's figures computed over every contribution (docs/methods.md, 12.1),
 * and for each cell what disclosure control needs: who took part, who contributed, and the linear terms of its
 * published sum (mean x n).
 */

/** A linear term of a cell's sum over the unknowns of one result: its value (`v`) or its score (`s`). */
export interface Term {
  result: number;
  kind: "v" | "s";
  coef: Frac;
}

/** A Member of a cell's group taking part: which of its results the cell reads, and whether it contributed. */
export interface Participant {
  member: string;
  /** Results whose hiding makes the Member a hidden participant of the cell. */
  results: number[];
  /** The Member has a figure in the cell (a value of record; a roll-up score). */
  contributes: boolean;
  /** Results whose values or scores enter the Member's contribution. */
  contributing: number[];
}

export interface CellData {
  cell: ReportCell;
  participants: Participant[];
  terms: Term[];
  /** KPI cells: n counts the participants' results that are used, so it is linear in their not-used flags. */
  flagResults: number[];
  /** Whether disclosure control applies (NEEDS and PARTICIPATION are public facts). */
  controlled: boolean;
  /** The additive sets the cell belongs to: `${table}:${subject}:${groupBy}`, the WORLD cell in each. */
  sets: string[];
}

export interface ResultRow {
  member: string;
  kpi: string;
  value: number | null;
  score: number | null;
  /** The score is (value - worst) x 100 / (best - worst) unclamped: linear in the value, with this slope. */
  slope: Frac | null;
}

export interface Tables {
  cells: CellData[];
  results: ResultRow[];
  /** index of input.results per result row (the same order). */
  levels: ReportInput["results"];
}

const ONE = frac(1n);

/** The groups of a Member under each grouping (UNKNOWN when the attribute is). */
export function groupsOf(m: ReportMember): Record<Exclude<GroupBy, "OUTCOME">, string> {
  return {
    WORLD: "WORLD",
    REGION: m.region,
    INCOME_GROUP: m.incomeGroup ?? "UNKNOWN",
    LANDLOCKED: m.landlocked === null ? "UNKNOWN" : m.landlocked ? "LANDLOCKED" : "COASTAL",
  };
}

export function cellId(table: TableName, subject: string, groupBy: GroupBy, group: string): string {
  return `${table}:${subject}:${groupBy}:${group}`;
}

export function buildTables(input: ReportInput): Tables {
  const kpiByCode = new Map(input.kpis.map((k) => [k.code, k]));
  const memberByCode = new Map(input.members.map((m) => [m.code, m]));
  const taking = new Set(input.participants);
  const results: ResultRow[] = input.results.map((r) => {
    const kpi = kpiByCode.get(r.kpi);
    if (!kpi) throw new Error(`result of unknown KPI ${r.kpi}`);
    const value = valueOfRecord(r);
    const s = score(kpi.scoring, value);
    let slope: Frac | null = null;
    if (kpi.scoring?.method === "LINEAR" && value !== null) {
      const raw = ((value - kpi.scoring.worst) * 100) / (kpi.scoring.best - kpi.scoring.worst);
      if (raw >= 0 && raw <= 100) slope = div(frac(100n), fromDouble(kpi.scoring.best - kpi.scoring.worst));
    }
    return { member: r.member, kpi: r.kpi, value, score: s, slope };
  });
  // Per Member taking part, per KPI: its result.
  const resultOf = new Map<string, Map<string, number>>();
  results.forEach((r, i) => {
    if (!taking.has(r.member)) return;
    let byKpi = resultOf.get(r.member);
    if (!byKpi) resultOf.set(r.member, (byKpi = new Map()));
    byKpi.set(r.kpi, i);
  });
  const members = input.members.filter((m) => taking.has(m.code));
  const groupings: Exclude<GroupBy, "OUTCOME">[] = ["WORLD", "REGION", "INCOME_GROUP", "LANDLOCKED"];
  /** Every group of a grouping, over every Member (a group nobody took part in still has its cell). */
  const groupsFor = (g: Exclude<GroupBy, "OUTCOME">) => [...new Set(input.members.map((m) => groupsOf(m)[g]))].sort();
  const membersIn = new Map<string, ReportMember[]>();
  for (const g of groupings)
    for (const group of groupsFor(g))
      membersIn.set(
        `${g}:${group}`,
        members.filter((m) => groupsOf(m)[g] === group),
      );

  const cells: CellData[] = [];
  const newCell = (table: TableName, subject: string, groupBy: GroupBy, group: string): ReportCell => ({
    id: cellId(table, subject, groupBy, group),
    table,
    subject,
    groupBy,
    group,
    n: null,
    mean: null,
    q1: null,
    median: null,
    q3: null,
    status: "F",
    quantileStatus: null,
  });
  const setsOf = (table: TableName, subject: string, groupBy: GroupBy, all: GroupBy[]) =>
    groupBy === "WORLD"
      ? all.filter((g) => g !== "WORLD").map((g) => `${table}:${subject}:${g}`)
      : [`${table}:${subject}:${groupBy}`];

  // KPI figures.
  for (const kpi of input.kpis) {
    for (const g of groupings)
      for (const group of groupsFor(g)) {
        const cell = newCell("KPI", kpi.code, g, group);
        const participants: Participant[] = [];
        const terms: Term[] = [];
        const flagResults: number[] = [];
        const values: number[] = [];
        for (const m of membersIn.get(`${g}:${group}`)!) {
          const i = resultOf.get(m.code)?.get(kpi.code);
          if (i === undefined) continue;
          const v = results[i].value;
          participants.push({
            member: m.code,
            results: [i],
            contributes: v !== null,
            contributing: v === null ? [] : [i],
          });
          flagResults.push(i);
          if (v !== null) {
            values.push(v);
            terms.push({ result: i, kind: "v", coef: ONE });
          }
        }
        const s = summarize(values);
        Object.assign(cell, { n: s.count, mean: s.mean, q1: s.q1, median: s.median, q3: s.q3, quantileStatus: "F" });
        cells.push({
          cell,
          participants,
          terms,
          flagResults,
          controlled: true,
          sets: setsOf("KPI", kpi.code, g, groupings),
        });
      }
  }

  // Scores rolled up per Member over a set of KPIs, then averaged over the Members that have one.
  const scoreTable = (table: TableName, subject: string, kpiCodes: string[], groups: Exclude<GroupBy, "OUTCOME">[]) => {
    const scored = kpiCodes.filter((k) => kpiByCode.get(k)!.scoring);
    if (!scored.length) return; // only NEUTRAL KPIs: nothing to score
    for (const g of groups)
      for (const group of groupsFor(g)) {
        const cell = newCell(table, subject, g, group);
        const participants: Participant[] = [];
        const terms: Term[] = [];
        const memberScores: number[] = [];
        for (const m of membersIn.get(`${g}:${group}`)!) {
          const own = scored.map((k) => resultOf.get(m.code)?.get(k)).filter((i): i is number => i !== undefined);
          if (!own.length) continue;
          const contributing = own.filter((i) => results[i].score !== null);
          const r = rollup(contributing.map((i) => results[i].score));
          participants.push({ member: m.code, results: own, contributes: r.score !== null, contributing });
          if (r.score === null) continue;
          memberScores.push(r.score);
          const weight = frac(1n, BigInt(r.scored));
          for (const i of contributing) {
            const slope = results[i].slope;
            terms.push(
              slope ? { result: i, kind: "v", coef: mul(weight, slope) } : { result: i, kind: "s", coef: weight },
            );
          }
        }
        Object.assign(cell, { n: memberScores.length, mean: mean(memberScores) });
        cells.push({
          cell,
          participants,
          terms,
          flagResults: [],
          controlled: true,
          sets: setsOf(table, subject, g, groups),
        });
      }
  };
  const outcomes = [...new Set(input.kpis.map((k) => k.outcome))];
  const dimensions = [...new Set(input.kpis.map((k) => k.dimension))];
  const kpisWhere = (f: (k: ReportInput["kpis"][number]) => boolean) => input.kpis.filter(f).map((k) => k.code);
  for (const o of outcomes)
    scoreTable(
      "OUTCOME",
      o,
      kpisWhere((k) => k.outcome === o),
      groupings,
    );
  for (const d of dimensions)
    scoreTable(
      "DIMENSION",
      d,
      kpisWhere((k) => k.dimension === d),
      groupings,
    );
  const mapped = (f: (k: ReportInput["kpis"][number]) => string[]) => [...new Set(input.kpis.flatMap(f))].sort();
  for (const ins of mapped((k) => k.instruments))
    scoreTable(
      "INSTRUMENT",
      ins,
      kpisWhere((k) => k.instruments.includes(ins)),
      ["WORLD", "REGION"],
    );
  for (const t of mapped((k) => k.sdgTargets))
    scoreTable(
      "SDG_TARGET",
      t,
      kpisWhere((k) => k.sdgTargets.includes(t)),
      ["WORLD", "REGION"],
    );

  // Capacity-building needs: counts by outcome and by region, public facts of a need (docs/methods.md 8).
  const needsOfTaking = input.needs.filter((n) => taking.has(n.member));
  for (const o of outcomes) {
    const cell = newCell("NEEDS", "NEEDS", "OUTCOME", o);
    cell.n = needsOfTaking.filter((n) => n.outcome === o).length;
    cells.push({ cell, participants: [], terms: [], flagResults: [], controlled: false, sets: [] });
  }
  for (const region of groupsFor("REGION")) {
    const cell = newCell("NEEDS", "NEEDS", "REGION", region);
    cell.n = needsOfTaking.filter((n) => memberByCode.get(n.member)?.region === region).length;
    cells.push({ cell, participants: [], terms: [], flagResults: [], controlled: false, sets: [] });
  }
  // Participation (public).
  for (const g of ["WORLD", "REGION"] as const)
    for (const group of groupsFor(g)) {
      const cell = newCell("PARTICIPATION", "PARTICIPATION", g, group);
      cell.n = membersIn.get(`${g}:${group}`)!.length;
      cell.members = input.members.filter((m) => groupsOf(m)[g] === group).length;
      cells.push({ cell, participants: [], terms: [], flagResults: [], controlled: false, sets: [] });
    }
  return { cells, results, levels: input.results };
}
