import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { DisclosureLevel, DISCLOSURE_LEVELS } from "../disclosure/disclosure-level";
import { ResultEdit } from "./result-edit.service";
import { MAX_CSV_BYTES, MAX_CSV_ROWS } from "../http/limits";
import { clip, Problem, rejectProblems } from "../common/errors";

/**
 * KPI inputs from a spreadsheet export. Columns: `kpi`, `version` (from the assessment's CSV template),
 * any declared input (`numerator`, `denominator`, `valueYearT`, `valueYearTMinus1`, `count`, `hours`, `days`,
 * `yes`, `amount`), and optionally `notUsed`, `notUsedReason`, `disclosure`, `evidence`, `target`.
 * Empty cells leave a field as it is. Every bad row is reported with its line number.
 */
export const INPUT_COLUMNS = [
  "numerator",
  "denominator",
  "valueYearT",
  "valueYearTMinus1",
  "count",
  "hours",
  "days",
  "yes",
  "amount",
];
export const CSV_COLUMNS = [
  "kpi",
  "version",
  ...INPUT_COLUMNS,
  "notUsed",
  "notUsedReason",
  "disclosure",
  "evidence",
  "target",
];

/**
 * A text cell as csvTemplate neutralised it ('=...) is read back as it was: a spreadsheet drops the ' when it
 * saves, and a template sent back unchanged must not add one to the stored text.
 */
const unescapeFormula = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

const TRUE = new Set(["true", "yes", "1", "y"]);
const FALSE = new Set(["false", "no", "0", "n"]);

export function editsFromCsv(csv: string): ResultEdit[] {
  if (Buffer.byteLength(csv, "utf8") > MAX_CSV_BYTES)
    rejectProblems([{ where: "csv", kpi: null, field: "csv", reason: `must be at most ${MAX_CSV_BYTES} bytes` }]);
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  let header: string[] = [];
  try {
    rows = parse(csv, {
      columns: (h: string[]) => (header = h.map((c) => c.trim())),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      // One row past the limit is enough to refuse the file: the rest is not read.
      to: MAX_CSV_ROWS + 1,
    });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return rejectProblems([
      {
        where: line ? `line ${line}` : "csv",
        kpi: null,
        field: "csv",
        reason: `is not valid CSV (${(err as Error).message.replace(/^Invalid [^:]*: /, "").slice(0, 120)})`,
      },
    ]);
  }
  const problems: Problem[] = [];
  const unknown = header.filter((c) => !CSV_COLUMNS.includes(c));
  if (unknown.length)
    problems.push({
      where: "line 1",
      kpi: null,
      field: "header",
      reason: `has unknown column(s) ${unknown
        .slice(0, 5)
        .map((c) => clip(c))
        .join(", ")}${unknown.length > 5 ? ", ..." : ""}; allowed: ${CSV_COLUMNS.join(", ")}`,
    });
  for (const required of ["kpi", "version"]) {
    if (!header.includes(required))
      problems.push({ where: "line 1", kpi: null, field: "header", reason: `needs a '${required}' column` });
  }
  if (problems.length) rejectProblems(problems);
  if (!rows.length) rejectProblems([{ where: "csv", kpi: null, field: "csv", reason: "has no data rows" }]);
  if (rows.length > MAX_CSV_ROWS)
    rejectProblems([{ where: "csv", kpi: null, field: "csv", reason: `must have at most ${MAX_CSV_ROWS} data rows` }]);

  const edits: ResultEdit[] = [];
  for (const { record, info } of rows) {
    const where = `line ${info.lines}`;
    const kpi = record.kpi;
    const add = (field: string, reason: string) => problems.push({ where, kpi: kpi ? clip(kpi) : null, field, reason });
    if (!kpi) add("kpi", "is required");
    const version = Number(record.version);
    if (!record.version || !Number.isInteger(version))
      add("version", "must be the result's current version (see the CSV template)");
    const edit: ResultEdit = { where, kpi, expectedVersion: version };
    const inputs: Record<string, number> = {};
    for (const c of INPUT_COLUMNS) {
      const cell = record[c];
      if (cell === undefined || cell === "") continue;
      const n = Number(cell);
      if (!Number.isFinite(n)) add(c, "must be a number");
      else inputs[c] = n;
    }
    if (Object.keys(inputs).length) edit.inputs = inputs;
    if (record.notUsed) {
      const v = record.notUsed.toLowerCase();
      if (TRUE.has(v)) edit.notUsed = true;
      else if (FALSE.has(v)) edit.notUsed = false;
      else add("notUsed", "must be true or false");
    }
    if (record.notUsedReason) edit.notUsedReason = unescapeFormula(record.notUsedReason);
    if (record.disclosure) {
      const level = record.disclosure.toUpperCase() as DisclosureLevel;
      if (!DISCLOSURE_LEVELS.includes(level)) add("disclosure", `must be one of ${DISCLOSURE_LEVELS.join(", ")}`);
      else edit.disclosure = level;
    }
    if (record.evidence) edit.evidence = unescapeFormula(record.evidence);
    if (record.target) {
      const t = Number(record.target);
      if (!Number.isFinite(t)) add("target", "must be a number");
      else edit.target = t;
    }
    edits.push(edit);
  }
  if (problems.length) rejectProblems(problems);
  return edits;
}

/** A template an NCP fills in: one row per KPI with its current version, and inputs where the viewer may see them. */
export function csvTemplate(
  rows: {
    kpi: string;
    version: number;
    inputs: Record<string, number> | null;
    notUsed: boolean | null;
    notUsedReason: string | null;
    disclosure: string;
    target: number | null;
  }[],
): string {
  // Text a user uploaded (a not-used reason) comes back here, and people open this in spreadsheets: a text cell
  // starting with = + - @ tab or CR would run there as a formula. csv-stringify's escape_formulas writes such a
  // cell with a leading ' (OWASP's CSV injection guidance); numbers are written as numbers.
  return stringify(
    [
      CSV_COLUMNS.filter((c) => c !== "evidence"),
      ...rows.map((r) => [
        r.kpi,
        r.version,
        ...INPUT_COLUMNS.map((c) => r.inputs?.[c] ?? null),
        r.notUsed ? "true" : "",
        r.notUsedReason,
        r.disclosure,
        r.target,
      ]),
    ],
    // A CR in a cell is quoted too: unquoted, a reader would take it for the end of the row.
    { escape_formulas: true, record_delimiter: "\n", quoted_match: /\r/ },
  );
}
