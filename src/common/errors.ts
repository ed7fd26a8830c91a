import { GraphQLError } from "graphql";
import { MAX_PROBLEMS } from "../http/limits";

/**
 * Every `extensions.code` the server can send, each with when it is sent: the one list. The clients' copy
 * (`clients/shared/error-contract.ts`) is generated from it by `npm run codegen` (and `codegen:check` fails when
 * it drifts), so that a client stays installable on its own yet never lacks a code. Apollo's own codes are here
 * too: a test fails when an Apollo upgrade adds one, and another when a source file sends a code not listed.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT:
    "An argument or input value is wrong (an unknown code given as an argument or filter names the argument; a refused batch lists every problem in `extensions.problems`).",
  FORBIDDEN: "The viewer is known but may not do this.",
  UNAUTHENTICATED: "The bearer token is missing where one is needed, or fails verification.",
  NOT_FOUND:
    "An id given to a mutation names nothing, or something the viewer may not see (the two are not told apart).",
  CONFLICT: "The state does not allow it (`extensions.reason`: WRONG_PHASE, STALE_VERSION, EXISTS, ...).",
  QUERY_TOO_COMPLEX: "A limit on depth, aliases, cost or execution was exceeded (`extensions.limit`, `max`, `actual`).",
  SERVICE_UNAVAILABLE: "The database cannot be reached, the server is too busy or shutting down: retry shortly.",
  PAYLOAD_TOO_LARGE: "The request body is larger than the server accepts (HTTP 413).",
  BAD_REQUEST: "The HTTP request is not a GraphQL request the server can read (HTTP 400 or 415).",
  GRAPHQL_PARSE_FAILED: "The query is not valid GraphQL syntax.",
  GRAPHQL_VALIDATION_FAILED: "The query does not match the schema.",
  OPERATION_RESOLUTION_FAILURE: "`operationName` names no operation of the document, or several are sent without one.",
  PERSISTED_QUERY_NOT_FOUND: "An automatic persisted query's hash is not known yet: send the query with it.",
  PERSISTED_QUERY_NOT_SUPPORTED: "Persisted queries are turned off on this server.",
  INTERNAL_SERVER_ERROR: "Anything unexpected: logged on the server, sent with no detail.",
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === "string" && Object.hasOwn(ERROR_CODES, code);

/**
 * One problem of a refused input, the one shape of `extensions.problems` (README, "Errors"): `where` in the
 * request (`results[3]`, `line 4`, `input`, `needs[0]`), the KPI it concerns if any, the field, and what is wrong.
 * Never a submitted value. The clients' `PmmProblem` is generated to the same shape (a test compares them).
 */
export interface Problem {
  where: string;
  kpi: string | null;
  field: string;
  reason: string;
}

export function domainError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (message: string, extensions?: Record<string, unknown>) =>
  domainError("BAD_USER_INPUT", message, extensions);
export const notFound = (message: string, extensions?: Record<string, unknown>) =>
  domainError("NOT_FOUND", message, extensions);

/**
 * An edit based on a version that is no longer the current one (optimistic concurrency: assessments, results,
 * findings, peer reviews): CONFLICT with reason STALE_VERSION and the version to reload.
 */
export const staleVersion = (what: string, currentVersion: number, extensions: Record<string, unknown> = {}) =>
  domainError(
    "CONFLICT",
    `${what} was changed by someone else (now version ${currentVersion}); reload and apply your edit again`,
    { reason: "STALE_VERSION", currentVersion, ...extensions },
  );

/**
 * Refuses an input with every problem found, the first MAX_PROBLEMS of them (an answer must not grow with the
 * input: 100,000 bad rows were 20 MB), the rest counted in `problemsOmitted`. Messages name fields and rules,
 * never submitted values.
 */
export function rejectProblems(problems: readonly Problem[]): never {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const omitted = problems.length - shown.length;
  const lines = shown.map((p) => `${p.where}${p.kpi ? ` (${clip(p.kpi)})` : ""}: ${p.field} ${p.reason}`);
  if (omitted) lines.push(`... and ${omitted} more, not listed`);
  throw badInput(`${problems.length} problem(s); nothing was changed:\n${lines.join("\n")}`, {
    problems: shown,
    ...(omitted ? { problemsOmitted: omitted } : {}),
  });
}

/**
 * At most this much of a client's input is echoed in a message: an answer must not grow with what was sent
 * (a 200 KB code would otherwise come back in every error naming it).
 */
export const ECHO_MAX_CHARS = 40;
export const clip = (text: string, max = ECHO_MAX_CHARS): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;

/** Codes a client named that do not exist, for a message: the first few, each clipped, and how many in all. */
export function quoted(values: readonly string[], max = 5): string {
  const shown = values.slice(0, max).map((v) => `'${clip(v)}'`);
  return values.length > max ? `${shown.join(", ")} ... (${values.length} in all)` : shown.join(", ");
}
