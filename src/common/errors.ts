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
