import { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { logger } from "./logger";
import { isDatabaseBusy, isDatabaseUnavailable } from "../db/database-health";
import { isErrorCode } from "./errors";

export const UNAVAILABLE_MESSAGE =
  "The service is temporarily unavailable: its database cannot be reached. Retry shortly.";
const BUSY_MESSAGE = "The service is too busy to answer now. Retry shortly.";

/**
 * One place where errors leave the server: known client errors pass with their code; anything else
 * is logged in full and reaches the client as a bare INTERNAL_SERVER_ERROR (no SQL, no stack, no value).
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  opts: { production: boolean; hideSuggestions?: boolean },
): GraphQLFormattedError {
  // Apollo's hideSchemaDetailsFromClientErrors covers validation errors only: graphql-js also suggests schema
  // names ("Did you mean \"valueMin\"?", "the enum value \"WORLD\"") when it coerces variables, on both
  // execution paths and in the cost estimate. Not one, whoever asks, while the schema is not discoverable.
  if (opts.hideSuggestions && formatted.message.includes("Did you mean"))
    formatted = { ...formatted, message: withoutSuggestions(formatted.message) };
  // Apollo files every validation error under GRAPHQL_VALIDATION_FAILED; a limit rule's own code is more useful.
  const inner = (error as { originalError?: { extensions?: Record<string, unknown> } } | null)?.originalError
    ?.extensions;
  const own = inner?.code === "QUERY_TOO_COMPLEX" ? inner : {};
  let code = own.code ?? formatted.extensions?.code;
  // Apollo's own refusals of a request without a code of their own (an APQ hash that does not match its
  // query) carry HTTP 400 and would be filed as INTERNAL_SERVER_ERROR: they are the client's mistake.
  const status = (error as { extensions?: { http?: { status?: number } } } | null)?.extensions?.http?.status;
  if (code === "INTERNAL_SERVER_ERROR" && typeof status === "number" && status >= 400 && status < 500) {
    code = "BAD_REQUEST";
    formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  const original = unwrapResolverError(error);
  const unavailable = isDatabaseUnavailable(original)
    ? UNAVAILABLE_MESSAGE
    : isDatabaseBusy(original)
      ? BUSY_MESSAGE
      : undefined;
  if (unavailable) {
    return {
      message: unavailable,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "SERVICE_UNAVAILABLE" },
    };
  }
  // A code not in the contract (a library's own) is not the client's to interpret: it is filed as unexpected.
  if (isErrorCode(code) && code !== "INTERNAL_SERVER_ERROR") {
    const { stacktrace: _s, ...extensions } = { ...formatted.extensions, ...own };
    return { ...formatted, extensions };
  }
  logger.error({ err: original, path: formatted.path }, "unexpected error");
  return {
    message: opts.production ? "Internal server error" : `Internal server error: ${safeMessage(original)}`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}

/** graphql-js's suggestions end a sentence: ` Did you mean "a", "b" or "c"?` (names never hold a `?`). */
export const withoutSuggestions = (message: string): string => message.replace(/ ?Did you mean [^?]*\?/g, "");

/** Outside production, a hint for developers; SQL text is never echoed. */
function safeMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return /select|insert|update|delete|sql/i.test(msg) ? "database error (see server log)" : msg.slice(0, 200);
}
