import type { AttemptOutcome } from "./schedule";
import type { SignedRequest } from "./sign";

export const defaultNotifyTimeoutMs = 10_000;
/** How much of a failing receiver's answer is kept with the attempt. */
const snippetChars = 200;

export interface PostOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * One POST. Never throws for the receiver's failures (refused connection, timeout, non-2xx): they
 * become the attempt's `error`. Redirects are not followed: a 3xx is a failed attempt, so a signed
 * body only ever goes to the configured URL.
 */
export async function postNotification(
  url: string,
  request: SignedRequest,
  startedAt: Date,
  options: PostOptions = {},
): Promise<AttemptOutcome> {
  const timeoutMs = options.timeoutMs ?? defaultNotifyTimeoutMs;
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  const at = startedAt.toISOString();
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const status = response.status;
    if (status >= 200 && status < 300) {
      await response.body?.cancel();
      return { attempt: { at, status, durationMs: elapsed() }, delivered: true, final: false };
    }
    const snippet = await readSnippet(response);
    const error = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}${snippet ? `: ${snippet}` : ""}`;
    return { attempt: { at, status, error, durationMs: elapsed() }, delivered: false, final: status === 410 };
  } catch (error) {
    return {
      attempt: { at, error: describe(error, timeoutMs), durationMs: elapsed() },
      delivered: false,
      final: false,
    };
  }
}

/** The start of a failing answer's body (it often says why), without reading a large one whole. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (text.length < snippetChars) {
    // A body that stalls past the timeout or is cut off ends the snippet; the status already tells.
    const chunk = await reader.read().catch(() => undefined);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text.replace(/\s+/g, " ").trim().slice(0, snippetChars);
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs} ms`;
  }
  // undici reports `fetch failed` and puts the reason (ECONNREFUSED, a TLS error…) in `cause`.
  const cause = error instanceof Error ? error.cause : undefined;
  const reason =
    cause instanceof Error ? `${(cause as NodeJS.ErrnoException).code ?? cause.name}: ${cause.message}` : "";
  const message = error instanceof Error ? error.message : String(error);
  return reason ? `${message} (${reason})` : message;
}
