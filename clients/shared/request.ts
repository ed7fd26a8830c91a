import { print } from "graphql";
import type { DocumentNode } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { PMM_SERVER_ERROR_CODES } from "./generated/error-contract";
import type { PmmProblem, PmmServerErrorCode } from "./generated/error-contract";

/**
 * The one way every PMM client talks to the API: POST `{ query, variables, operationName }` with a bearer
 * token, and either the operation's data or a PmmApiError. No partial data is returned: the PMM reports a
 * withheld result as `withheld: true` with null fields, not as an error, so any error means the answer
 * cannot be trusted as a whole.
 */

/** Any JSON value: what an error's extensions may carry beyond the fields this client names. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * `extensions.code` values: the API's own (generated from the server's one list, with when each is sent), and two
 * of this client's. A code this version of the client does not know arrives as UNRECOGNIZED, with the server's own
 * in `PmmApiError.serverCode`, so a switch over codes stays exhaustive. BAD_RESPONSE: the reply was not a GraphQL
 * response at all.
 */
export const PMM_ERROR_CODES = [...PMM_SERVER_ERROR_CODES, "UNRECOGNIZED", "BAD_RESPONSE"] as const;
export type PmmErrorCode = (typeof PMM_ERROR_CODES)[number];
export type { PmmProblem, PmmServerErrorCode };
export { PMM_SERVER_ERROR_CODES };

/** The extensions the API documents, by the error that carries them; anything else is plain JSON. */
export type PmmErrorExtensions = {
  readonly code?: string;
  /** BAD_USER_INPUT from a refused input (a batch edit, a new cycle, a finding): every problem at once. */
  readonly problems?: readonly PmmProblem[];
  /** CONFLICT: WRONG_PHASE, STALE_VERSION, ASSESSMENT_SUBMITTED; BAD_USER_INPUT from submitAssessment: INCOMPLETE. */
  readonly reason?: string;
  /** BAD_USER_INPUT, INCOMPLETE: the KPIs still without a value or a not-used reason. */
  readonly kpis?: readonly string[];
  /** CONFLICT, STALE_VERSION: the version to base the next edit on. */
  readonly currentVersion?: number;
  /** CONFLICT, WRONG_PHASE: the cycle's phase, and the phases the step needs. */
  readonly phase?: string;
  readonly allowedPhases?: readonly string[];
  /** QUERY_TOO_COMPLEX: which limit (depth, aliases, cost), its maximum and the query's value. */
  readonly limit?: string;
  readonly max?: number;
  readonly actual?: number;
  readonly [key: string]: JsonValue | undefined;
};

export type PmmGraphQLError = {
  readonly message: string;
  readonly code: PmmErrorCode;
  readonly path: readonly (string | number)[] | null;
  readonly extensions: PmmErrorExtensions;
};

export class PmmApiError extends Error {
  override readonly name = "PmmApiError";
  /** The first error's code: what most callers branch on. */
  readonly code: PmmErrorCode;
  /** The first error's code as the server sent it (differs from `code` only when that is UNRECOGNIZED). */
  readonly serverCode: string | null;
  /** The first error's extensions (problems, currentVersion, limit, ...). */
  readonly extensions: PmmErrorExtensions;

  constructor(
    readonly operationName: string,
    /** The HTTP status (200 for errors inside an executed operation). */
    readonly status: number,
    readonly errors: readonly [PmmGraphQLError, ...PmmGraphQLError[]],
  ) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    super(`${operationName}: ${first.code}: ${first.message}${more}`);
    this.code = first.code;
    this.extensions = first.extensions;
    this.serverCode = typeof first.extensions.code === "string" ? first.extensions.code : null;
  }
}

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  readonly endpoint: string;
  /** A viewer's JWT. Without one the API answers as to anyone: public values only, no mutations. */
  readonly token?: string | undefined;
  /** Sent with every request, e.g. `{ "x-request-id": "..." }` to find a request in the server's log. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Another fetch (a test double, one with a proxy or a timeout); the global fetch by default. */
  readonly fetch?: typeof fetch | undefined;
}

/** Sends one typed operation; what every generated client is built on. */
export type Send = <TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
) => Promise<TResult>;

// Documents are constants, so each is printed once rather than on every call.
const printed = new WeakMap<DocumentNode, { query: string; operationName: string }>();

function prepare(document: DocumentNode): { query: string; operationName: string } {
  let p = printed.get(document);
  if (!p) {
    const op = document.definitions.find((d) => d.kind === "OperationDefinition");
    // The server's metrics and logs are labelled by operation name; an anonymous one would count as `_other`.
    if (!op || op.kind !== "OperationDefinition" || !op.name) throw new Error("PMM clients send named operations only");
    p = { query: print(document), operationName: op.name.value };
    printed.set(document, p);
  }
  return p;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function toError(raw: unknown): PmmGraphQLError {
  const e = isRecord(raw) ? raw : {};
  const extensions = (isRecord(e.extensions) ? e.extensions : {}) as PmmErrorExtensions;
  const serverCode = extensions.code;
  const code = PMM_ERROR_CODES.find((c) => c === serverCode) ?? "UNRECOGNIZED";
  const path = Array.isArray(e.path)
    ? (e.path.filter((p) => typeof p === "string" || typeof p === "number") as (string | number)[])
    : null;
  return { message: typeof e.message === "string" ? e.message : "(no message)", code, path, extensions };
}

export async function request<TResult, TVariables>(
  options: ClientOptions,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const { query, operationName } = prepare(document);
  const doFetch = options.fetch ?? fetch;
  const res = await doFetch(options.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!isRecord(body) || (body.data === undefined && body.errors === undefined)) {
    const message = `HTTP ${res.status}: not a GraphQL response (${text.slice(0, 200)})`;
    throw new PmmApiError(operationName, res.status, [{ message, code: "BAD_RESPONSE", path: null, extensions: {} }]);
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    const [first, ...rest] = body.errors.map(toError);
    throw new PmmApiError(operationName, res.status, [first!, ...rest]);
  }
  if (!isRecord(body.data)) {
    throw new PmmApiError(operationName, res.status, [
      { message: "no data and no errors", code: "BAD_RESPONSE", path: null, extensions: {} },
    ]);
  }
  return body.data as TResult;
}

/** Binds the endpoint and token once; each generated client wraps the result in its typed functions. */
export function connect(options: ClientOptions): Send {
  return (document, variables) => request(options, document, variables);
}
