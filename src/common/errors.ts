import { GraphQLError } from "graphql";

/** The error codes clients can rely on (README, "API at a glance"); everything a user did wrong maps to one of them. */
export type ErrorCode =
  "BAD_USER_INPUT" | "FORBIDDEN" | "UNAUTHENTICATED" | "NOT_FOUND" | "CONFLICT" | "QUERY_TOO_COMPLEX";

export function domainError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (message: string, extensions?: Record<string, unknown>) =>
  domainError("BAD_USER_INPUT", message, extensions);
export const notFound = (message: string, extensions?: Record<string, unknown>) =>
  domainError("NOT_FOUND", message, extensions);

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
