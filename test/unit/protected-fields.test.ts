import "reflect-metadata";
import { getNamedType, getNullableType, isListType, isObjectType } from "graphql";
import { allow } from "graphql-shield";
import { getMetadataArgsStorage } from "typeorm";
import { buildBareSchema } from "../../src/schema/build-schema";
import { permissions, PROTECTED_RESULT_FIELDS } from "../../src/disclosure/permissions";
import { TRACKED_FIELDS } from "../../src/assessment/result-history";
import { LIST_SIZES } from "../../src/http/query-cost";
import { KpiResult } from "../../src/assessment/kpi-result.entity";

/**
 * Adding a protected field to a KPI result touches several lists that no type ties together: the permission
 * rules (withheld as null), the result's history (TRACKED_FIELDS: an untracked column silently loses its
 * history), and the cost table (a list field priced at the default). These tests fail, naming the field and the
 * list, when one of them is forgotten.
 */
const schema = buildBareSchema();
const resultType = schema.getType("KpiResult");
if (!isObjectType(resultType)) throw new Error("KpiResult is not an object type");
const schemaFields = resultType.getFields();

/** The stored columns of a result (property names), from the entity's own decorators. */
const columns = getMetadataArgsStorage()
  .columns.filter((c) => c.target === KpiResult)
  .map((c) => c.propertyName);

/** Columns that are not the result's content: keys, the level (tracked apart), optimistic version, and who/when. */
const NOT_CONTENT = new Set([
  "pk",
  "assessmentId",
  "kpiId",
  "memberId",
  "cycleId",
  "version",
  "updatedAt",
  "updatedBy",
]);
/**
 * Protected fields that are not stored content a result edit changes: computed (valueOfRecord; score, from the
 * value of record: the `score` column is never written), read from other tables (history, findings), or the
 * editor's identity (updatedBy: the history's `changedBy`).
 */
const NOT_STORED_CONTENT = new Set(["valueOfRecord", "score", "history", "findings", "updatedBy"]);

describe("a protected result field is declared everywhere it must be", () => {
  it("every protected field is a field of KpiResult in the schema", () => {
    expect(PROTECTED_RESULT_FIELDS.filter((f) => !schemaFields[f])).toEqual([]);
  });

  it("every field of KpiResult is either public or protected (classified in the permission rules)", () => {
    const rules = (permissions as Record<string, Record<string, unknown>>).KpiResult;
    const unclassified = Object.keys(schemaFields).filter((f) => !rules[f]);
    expect(unclassified).toEqual([]);
    const protectedButAllowed = PROTECTED_RESULT_FIELDS.filter((f) => rules[f] === allow);
    expect(protectedButAllowed).toEqual([]);
  });

  it("every stored column of a result's content is tracked in its history (TRACKED_FIELDS)", () => {
    const untracked = columns.filter(
      (c) => !NOT_CONTENT.has(c) && !NOT_STORED_CONTENT.has(c) && !(TRACKED_FIELDS as readonly string[]).includes(c),
    );
    expect(untracked).toEqual([]);
  });

  it("every protected field stored in a column is tracked in the history", () => {
    const untracked = PROTECTED_RESULT_FIELDS.filter(
      (f) => columns.includes(f) && !NOT_STORED_CONTENT.has(f) && !(TRACKED_FIELDS as readonly string[]).includes(f),
    );
    expect(untracked).toEqual([]);
  });

  it("every protected list field is priced in the cost table (not at the default list size)", () => {
    const unpriced = PROTECTED_RESULT_FIELDS.filter(
      (f) => isListType(getNullableType(schemaFields[f].type)) && LIST_SIZES[`KpiResult.${f}`] === undefined,
    );
    expect(unpriced).toEqual([]);
    // And what they hold is typed: a list of objects or scalars, as the schema says.
    for (const f of PROTECTED_RESULT_FIELDS) expect(getNamedType(schemaFields[f].type)).toBeDefined();
  });
});
