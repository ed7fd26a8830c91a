import { EntityManager, In } from "typeorm";
import type { Context } from "../context";
import { Problem, rejectProblems } from "../common/errors";
import { DisclosureLevel } from "../disclosure/disclosure-level";
import { Kpi } from "../framework/kpi.entity";
import { KpiUnit } from "../framework/framework.enums";
import { Assessment } from "./assessment.entity";
import { KpiResult } from "./kpi-result.entity";
import { computeValue } from "./kpi-value";
import { lockResultsByPk, ResultChange, writeResultChange } from "./result-history";
import { MAX_EDITS } from "../http/limits";
import { writeTransaction } from "../db/write-transaction";
import { entityColumns } from "../common/entity-columns";
import { assessmentService } from "./assessment.service";

/** One edit of one result, as the API and the CSV upload both describe it. Omitted fields stay as they are. */
export interface ResultEdit {
  /** Where the edit came from, for error reports: `results[3]` or `line 7`. */
  where: string;
  kpi: string;
  expectedVersion: number;
  inputs?: Record<string, number> | null;
  notUsed?: boolean | null;
  notUsedReason?: string | null;
  disclosure?: DisclosureLevel | null;
  evidence?: string | null;
  target?: number | null;
}

const MAX_TEXT = 4000;

/** What a submission answers: the assessment, the results it named as they are now, and how many changed. */
export interface SubmittedResults {
  assessment: Assessment;
  /** By KPI id. */
  results: KpiResult[];
  changed: number;
}

const RESULT = entityColumns(KpiResult, ["pk", "assessmentId", "kpiId"]);

export const resultEditService = {
  /**
   * Validates every edit, then applies them all in one write transaction or none: the value is computed from
   * the declared inputs, each result is written `WHERE id AND version`, and each change is kept in history.
   * `edits` is called once the viewer may change the assessment: who asks is answered before what it sent.
   * Each result named is read once, locked (its latest version, not the transaction's snapshot), and
   * answered as written: no statement reads it again.
   */
  submit(ctx: Context, id: string, edits: () => ResultEdit[]): Promise<SubmittedResults> {
    return writeTransaction(ctx.ds, async (em) => {
      const { assessment, cycle } = await assessmentService.load(ctx, id, em);
      assessmentService.assertEditable(ctx, assessment, cycle, "change results");
      const { results, changed } = await applyResultEdits(ctx, em, assessment, edits());
      return { assessment, results, changed };
    });
  },
};

async function applyResultEdits(
  ctx: Context,
  em: EntityManager,
  assessment: Assessment,
  edits: ResultEdit[],
): Promise<{ results: KpiResult[]; changed: number }> {
  if (edits.length === 0)
    rejectProblems([{ where: "results", kpi: null, field: "results", reason: "must contain at least one edit" }]);
  if (edits.length > MAX_EDITS)
    rejectProblems([
      { where: "results", kpi: null, field: "results", reason: `must contain at most ${MAX_EDITS} edits` },
    ]);
  // Which result of the assessment is which KPI's (its ids only, from the (assessmentId, kpiId) index), and the
  // assessment's KPIs by id: its framework version's, whichever version is active.
  const { table, col } = RESULT.of(ctx.ds);
  const owned: { pk: number; kpiId: number }[] = (
    await em.query(
      `SELECT r.${col.pk} AS pk, r.${col.kpiId} AS kpiId FROM ${table} r WHERE r.${col.assessmentId} = ?`,
      [assessment.pk],
    )
  ).map((r: { pk: unknown; kpiId: unknown }) => ({ pk: Number(r.pk), kpiId: Number(r.kpiId) }));
  const kpis = await em.findBy(Kpi, { pk: In(owned.map((r) => r.kpiId)) });
  const kpiByCode = new Map(kpis.map((k) => [k.code, k]));
  // The rows to change, locked in ascending primary key order (lockResults), so edits naming them in other
  // orders queue; a locking read sees their latest versions, not this transaction's snapshot.
  const named = new Set(edits.map((e) => kpiByCode.get(e.kpi)?.pk));
  const locked = await lockResultsByPk(
    em,
    owned.filter((r) => named.has(r.kpiId)).map((r) => r.pk),
  );
  const resultByKpi = new Map(locked.map((r) => [r.kpiId, r]));
  const problems: Problem[] = [];
  const planned: { result: KpiResult; edit: ResultEdit; change: ResultChange }[] = [];
  const seen = new Map<string, string>();
  for (const edit of edits) {
    const add = (field: string, reason: string) => problems.push({ where: edit.where, kpi: edit.kpi, field, reason });
    const kpi = kpiByCode.get(edit.kpi);
    if (!kpi) {
      add("kpi", "is not a KPI of this assessment's framework");
      continue;
    }
    if (seen.has(edit.kpi)) {
      add("kpi", `is edited twice in one request (also at ${seen.get(edit.kpi)})`);
      continue;
    }
    seen.set(edit.kpi, edit.where);
    const result = resultByKpi.get(kpi.pk)!;
    const change = planChange(kpi, result, edit, add);
    if (change) planned.push({ result, edit, change });
  }
  if (problems.length) rejectProblems(problems);
  let changed = 0;
  // writeResultChange leaves each result as it stored it.
  for (const { result, edit, change } of planned)
    if (await writeResultChange(ctx, em, result, edit.expectedVersion, change)) changed++;
  return { results: planned.map((p) => p.result).sort((a, b) => a.kpiId - b.kpiId), changed };
}

function planChange(
  kpi: Kpi,
  current: KpiResult,
  edit: ResultEdit,
  add: (field: string, reason: string) => void,
): ResultChange | null {
  const change: ResultChange = {};
  let ok = true;
  const fail = (field: string, reason: string) => {
    ok = false;
    add(field, reason);
  };
  if (!Number.isInteger(edit.expectedVersion) || edit.expectedVersion < 1)
    fail("expectedVersion", "must be the result's current version (a positive whole number)");
  const notUsed = edit.notUsed ?? current.notUsed;
  if (notUsed) {
    if (edit.inputs) fail("inputs", "cannot be given for a KPI marked not used");
    const reason = edit.notUsedReason !== undefined ? edit.notUsedReason : current.notUsedReason;
    if (!reason || !reason.trim()) fail("notUsedReason", "is required when the KPI is marked not used");
    else if (reason.length > 1000) fail("notUsedReason", "must be at most 1000 characters");
    Object.assign(change, { notUsed: true, notUsedReason: reason?.trim() ?? null, inputs: null, value: null });
  } else {
    if (edit.notUsedReason) fail("notUsedReason", "can only be given when notUsed is true");
    if (edit.notUsed === false) Object.assign(change, { notUsed: false, notUsedReason: null });
    if (edit.inputs) {
      const { value, problems } = computeValue(kpi.unit, edit.inputs);
      for (const p of problems) fail(p.input ? `inputs.${p.input}` : "inputs", p.reason);
      if (!problems.length) Object.assign(change, { inputs: edit.inputs, value });
    } else if (edit.notUsed === false && current.value === null) {
      fail("inputs", "are required when the KPI is used");
    }
  }
  if (edit.disclosure) Object.assign(change, { disclosure: edit.disclosure, disclosureChosen: true });
  if (edit.evidence !== undefined) {
    if (edit.evidence && edit.evidence.length > MAX_TEXT) fail("evidence", `must be at most ${MAX_TEXT} characters`);
    change.evidence = edit.evidence?.trim() || null;
  }
  if (edit.target !== undefined) {
    const t = edit.target;
    if (t !== null && !Number.isFinite(t)) fail("target", "must be a finite number");
    else if (t !== null && kpi.unit === KpiUnit.PERCENT && (t < 0 || t > 100))
      fail("target", "must be within 0..100 for a percentage");
    else if (t !== null && kpi.unit === KpiUnit.YES_NO && t !== 0 && t !== 1)
      fail("target", "must be 1 (yes) or 0 (no)");
    else if (t !== null && kpi.unit !== KpiUnit.VARIATION_PERCENT && t < 0) fail("target", "must not be negative");
    else change.target = t;
  }
  return ok ? change : null;
}
