import {
  ASTNode,
  ASTVisitor,
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  GraphQLString,
  isInputObjectType,
  isListType,
  Kind,
  SelectionSetNode,
  TypeInfo,
  ValidationContext,
  ValidationRule,
  ValueNode,
  visit,
  visitWithTypeInfo,
} from "graphql";
import type { ErrorRequestHandler } from "express";
import { HeaderMap } from "@apollo/server";
import { logger } from "../common/logger";
import type { ErrorCode } from "../common/errors";

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
}

function tooComplex(message: string, limit: string, max: number, actual: number, node?: ASTNode): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code: "QUERY_TOO_COMPLEX", limit, max, actual } });
}

interface Walk {
  fragments: Record<string, FragmentDefinitionNode>;
  /** Depth of each fragment once known: a fragment spread many times (or nested spreads) is walked once. */
  memo: Map<string, number>;
  seen: Set<string>;
}

/** Deepest field nesting below a selection set; introspection fields are bounded by the schema and not counted. */
function depthOf(set: SelectionSetNode, walk: Walk): number {
  let deepest = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith("__")) continue;
      deepest = Math.max(deepest, 1 + (sel.selectionSet ? depthOf(sel.selectionSet, walk) : 0));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(sel.selectionSet, walk));
    } else {
      const name = sel.name.value;
      const fragment = walk.fragments[name];
      // A fragment cycle is reported by graphql's own NoFragmentCycles rule; here it only must not loop.
      if (!fragment || walk.seen.has(name)) continue;
      let depth = walk.memo.get(name);
      if (depth === undefined) {
        walk.seen.add(name);
        depth = depthOf(fragment.selectionSet, walk);
        walk.seen.delete(name);
        walk.memo.set(name, depth);
      }
      deepest = Math.max(deepest, depth);
    }
  }
  return deepest;
}

/** `{ dimensions { code } }` has depth 2. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of context.getDocument().definitions) {
        if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      }
      const depth = depthOf(op.selectionSet, { fragments, memo: new Map(), seen: new Set() });
      if (depth > maxDepth) {
        const name = op.name ? `'${op.name.value}' ` : "";
        context.reportError(
          tooComplex(
            `Operation ${name}has depth ${depth}, more than the limit of ${maxDepth}`,
            "maxDepth",
            maxDepth,
            depth,
            op,
          ),
        );
      }
    },
  });
}

/** Aliases let one request run the same field many times; counted over the whole document. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) {
            context.reportError(
              tooComplex(
                `Document uses ${aliases} aliases, more than the limit of ${maxAliases}`,
                "maxAliases",
                maxAliases,
                aliases,
              ),
            );
          }
        },
      },
    };
  };
}

/**
 * The validation rules every operation passes besides graphql's own. The cost limit is not one of them: a cost
 * depends on the variables (page sizes), which validation does not see, so queryCostPlugin checks it (query-cost.ts).
 */
export function validationRules(limits: QueryLimits): ValidationRule[] {
  return [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases)];
}

/**
 * Body-parser failures reach Express's HTML error page by default (with a stack trace outside production);
 * clients of a GraphQL endpoint get a GraphQL-shaped JSON error with the status instead, in every mode:
 * 413 too large, 400 malformed JSON or a body that does not decompress, 415 an unknown encoding or charset.
 */
export function bodyErrorHandler(bodyLimit: string): ErrorRequestHandler {
  const answer = (res: Parameters<ErrorRequestHandler>[2], status: number, message: string, code: ErrorCode) =>
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const type = (err as { type?: string }).type;
    const status = (err as { status?: number }).status;
    const encoding = String(req.headers["content-encoding"] ?? "").toLowerCase();
    if (type === "entity.too.large") {
      answer(res, 413, `Request body is larger than the limit of ${bodyLimit}`, "PAYLOAD_TOO_LARGE");
    } else if (type === "entity.parse.failed") {
      answer(res, 400, "Request body is not valid JSON", "BAD_REQUEST");
    } else if (type === "encoding.unsupported" || type === "charset.unsupported") {
      answer(res, 415, "Request body has an unsupported content encoding or charset", "BAD_REQUEST");
    } else if (status === 400 && !type && ["gzip", "deflate", "br"].includes(encoding)) {
      // zlib's own error (incorrect header check, ...): the body is not what its Content-Encoding says.
      answer(res, 400, `Request body is not valid ${encoding} data`, "BAD_REQUEST");
    } else if (typeof status === "number" && status >= 400 && status < 500) {
      answer(res, status, "Request body could not be read", "BAD_REQUEST");
    } else {
      logger.error({ err }, "request body could not be read");
      answer(res, 500, "Internal server error", "INTERNAL_SERVER_ERROR");
    }
  };
}

/**
 * Input limits (README, "Limits"): how long a string and how many items a list an argument or input field may
 * take, and how deep variables may nest. Checked on every operation before anything walks its variables (the
 * cost estimate would overflow its stack on 300,000 nested arrays) or runs it, and answered BAD_USER_INPUT:
 * an answer never grows with the input (messages name the argument and the limit, not the value).
 */
export const MAX_INPUT_DEPTH = 16;
/**
 * Strings by their type where no coordinate below says otherwise (ids and codes are short). Texts have their
 * own, smaller rules (1,000 or 4,000 characters), checked by the services with every other problem of a
 * request: these bounds are twice those, only so that nothing far larger is read or echoed.
 */
export const MAX_ID_LENGTH = 100;
export const MAX_STRING_LENGTH = 2_000;
/** A list of codes or ids where no coordinate below says otherwise. */
export const MAX_LIST_LENGTH = 100;
/** Lists whose services or resolvers also check them (the same constants, so they cannot disagree). */
export const MAX_NODES = 100;
/** Representations one `_entities` call resolves (a gateway batches an entity type's keys into one call). */
export const MAX_REPRESENTATIONS = 1000;
export const MAX_KPI_CODES = 51;
export const MAX_COMPARED_MEMBERS = 50;
export const MAX_EDITS = 200;
export const MAX_NEEDS = 20;
/** The CSV of uploadResultsCsv: bytes, and rows besides the header (one per KPI is 51). */
export const MAX_CSV_BYTES = 512 * 1024;
export const MAX_CSV_ROWS = 200;
/** Problems listed in one BAD_USER_INPUT answer; the rest are counted in `extensions.problemsOmitted`. */
export const MAX_PROBLEMS = 50;

/** A report release's note (publishReport, withdrawReport), in characters: the release service's own limit. */
export const MAX_REPORT_NOTE = 4_000;

/** Per schema coordinate: `Type.field.argument` or `InputType.field`. */
export const STRING_LIMITS: Record<string, number> = {
  "Mutation.uploadResultsCsv.csv": MAX_CSV_BYTES,
  "KpiResultInput.evidence": 8_000,
  "Mutation.recordFinding.comment": 8_000,
  "Mutation.respondToFinding.response": 8_000,
  // Twice the service's limit: this guard runs before authorisation, so up to there only the Secretariat learns
  // (from the service, naming the argument) that a note is too long.
  "Mutation.publishReport.note": 2 * MAX_REPORT_NOTE,
  "Mutation.withdrawReport.note": 2 * MAX_REPORT_NOTE,
};
export const LIST_LIMITS: Record<string, number> = {
  "Query.nodes.ids": MAX_NODES,
  "Query._entities.representations": MAX_REPRESENTATIONS,
  "Query.compareMembers.members": MAX_COMPARED_MEMBERS,
  "Query.compareMembers.kpis": MAX_KPI_CODES,
  "Query.unionView.kpis": MAX_KPI_CODES,
  "Query.kpiTrends.kpis": MAX_KPI_CODES,
  "Query.kpiTrends.groups": 200,
  "Query.resultStatistics.groups": 200,
  "Kpi.results.members": 200,
  "Member.results.kpis": 60,
  "ResultFilter.members": 200,
  "ResultFilter.kpis": 60,
  "Mutation.submitResults.results": MAX_EDITS,
  "Mutation.setCapacityNeeds.needs": MAX_NEEDS,
  "Mutation.assignPeerReviewers.reviewers": 20,
};

function inputError(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { ...extensions, code: "BAD_USER_INPUT", http: { status: 400, headers: new HeaderMap() } },
  });
}

/** Deepest nesting of a JSON value, without recursion (the value may be nested deeper than the stack). */
export function jsonDepthExceeds(value: unknown, max: number): number | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > max) return depth + 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return undefined;
}

function stringLimit(coordinate: string, type: GraphQLNamedType): number {
  return STRING_LIMITS[coordinate] ?? (type.name === "String" ? MAX_STRING_LENGTH : MAX_ID_LENGTH);
}

/** A value (from a literal or the variables) against its type: lengths, list sizes, finite numbers. */
function checkValue(value: unknown, type: GraphQLInputType, coordinate: string): void {
  const t = getNullableType(type);
  if (value === null || value === undefined) return;
  if (isListType(t)) {
    if (!Array.isArray(value)) return checkValue(value, t.ofType, coordinate); // a single item, coerced to a list
    const max = LIST_LIMITS[coordinate] ?? MAX_LIST_LENGTH;
    if (value.length > max)
      throw inputError(`${coordinate} takes at most ${max} items, got ${value.length}`, {
        limit: "maxListLength",
        argument: coordinate,
        max,
        actual: value.length,
      });
    for (const item of value) checkValue(item, t.ofType, coordinate);
    return;
  }
  if (isInputObjectType(t) && typeof value === "object" && !Array.isArray(value)) {
    const fields = t.getFields();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      // Unknown fields are graphql's to refuse; only their size matters here.
      checkValue(v, field ? field.type : GraphQLString, field ? `${t.name}.${name}` : `${t.name}`);
    }
    return;
  }
  if (typeof value === "string") {
    const max = stringLimit(coordinate, getNamedType(t));
    if (value.length > max)
      throw inputError(`${coordinate} takes at most ${max} characters, got ${value.length}`, {
        limit: "maxStringLength",
        argument: coordinate,
        max,
        actual: value.length,
      });
  } else if (typeof value === "number" && !Number.isFinite(value)) {
    throw inputError(`${coordinate} must be a finite number`, { argument: coordinate });
  } else if (typeof value === "object") {
    // An object or a list where a scalar or enum goes: graphql refuses it; its size is bounded here.
    for (const v of Array.isArray(value) ? value : Object.values(value as object)) checkValue(v, type, coordinate);
  }
}

/** A literal in the document, with the variables it refers to. */
function checkLiteral(
  node: ValueNode,
  type: GraphQLInputType,
  coordinate: string,
  vars: Record<string, unknown>,
): void {
  const t = getNullableType(type);
  switch (node.kind) {
    case Kind.VARIABLE:
      return checkValue(vars[node.name.value], type, coordinate);
    case Kind.LIST: {
      const item = isListType(t) ? t.ofType : type;
      const max = LIST_LIMITS[coordinate] ?? MAX_LIST_LENGTH;
      if (isListType(t) && node.values.length > max)
        throw inputError(`${coordinate} takes at most ${max} items, got ${node.values.length}`, {
          limit: "maxListLength",
          argument: coordinate,
          max,
          actual: node.values.length,
        });
      for (const v of node.values) checkLiteral(v, item, coordinate, vars);
      return;
    }
    case Kind.OBJECT: {
      const fields = isInputObjectType(t) ? t.getFields() : {};
      for (const f of node.fields) {
        const field = fields[f.name.value];
        if (field) checkLiteral(f.value, field.type, `${(t as GraphQLNamedType).name}.${f.name.value}`, vars);
      }
      return;
    }
    case Kind.STRING:
      return checkValue(node.value, type, coordinate);
    case Kind.FLOAT:
    case Kind.INT:
      // graphql's Float accepts a literal such as 1e999 as Infinity, which no column can hold.
      return checkValue(Number(node.value), type, coordinate);
    default:
      return;
  }
}

/**
 * Every argument of the document, literal or variable, against the limits above; the variables' depth first.
 * Throws BAD_USER_INPUT (HTTP 400) on the first one over.
 */
export function checkInputLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): void {
  const vars = variables ?? {};
  const depth = jsonDepthExceeds(vars, MAX_INPUT_DEPTH + 1);
  if (depth !== undefined)
    throw inputError(`Variables nest more than ${MAX_INPUT_DEPTH} levels deep`, {
      limit: "maxInputDepth",
      max: MAX_INPUT_DEPTH,
    });
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const arg = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!arg || !field || !parent) return false;
        checkLiteral(node.value, arg.type, `${parent.name}.${field.name}.${arg.name}`, vars);
        return false;
      },
    }),
  );
}
