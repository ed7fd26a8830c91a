/**
 * Every e2e file's `fetch` sends a request again, once, when it failed on a kept-alive connection that the
 * server had already closed ("other side closed": undici's UND_ERR_SOCKET, no response byte received).
 *
 * Why: the files run one after another in one process and share undici's connection pool. A file that keeps
 * the event loop busy for minutes (the report attacker computes synchronously) leaves pooled connections idle
 * past the server's keep-alive timeout, and the close can be seen only after the next file has written its
 * first request on one of them. Browsers resend in that case too (a reused connection closed before any
 * response); the server closes idle connections only, so the request it never read was never executed.
 * A request whose body cannot be sent twice (a stream) is not resent.
 */
const plainFetch = globalThis.fetch;

function closedBeforeAnswer(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code === "UND_ERR_SOCKET" && /other side closed/.test(cause.message ?? "");
}

function replayable(input: Parameters<typeof fetch>[0], init?: RequestInit): boolean {
  if (input instanceof Request) return false;
  const body = init?.body;
  return body == null || typeof body === "string" || body instanceof URLSearchParams || body instanceof Uint8Array;
}

globalThis.fetch = async function fetchResendingOnStaleConnection(input, init) {
  try {
    return await plainFetch(input, init);
  } catch (err) {
    if (!closedBeforeAnswer(err) || !replayable(input, init)) throw err;
    return plainFetch(input, init);
  }
} as typeof fetch;
