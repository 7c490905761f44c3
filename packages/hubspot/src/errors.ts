import { CrmCallFailed, type CrmError } from "@scrm/core";

/** A failure of a whole call (not of one input): retried inside, then reported for every item. */
export const CallFailed = CrmCallFailed;
export type CallFailed = CrmCallFailed;

/** What the client throws for an answered error (each API module has its own `ApiException` class). */
export interface ClientError {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

export const isClientError = (error: unknown): error is ClientError =>
  typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "number";

/** How a failed call should be handled. */
export type Failure =
  | { kind: "rate"; error: CrmError; waitMs: number }
  | { kind: "daily"; error: CrmError }
  | { kind: "transient"; error: CrmError }
  | { kind: "fatal"; error: CrmError };

const socketCodes = new Set([
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
]);

/** HubSpot's error as it said it: `code` is its category (or errorType), else `http_<status>`. */
export function answeredError(status: number, body: unknown): CrmError {
  if (body && typeof body === "object") {
    const b = body as { category?: unknown; errorType?: unknown; message?: unknown };
    const category = typeof b.category === "string" ? b.category : undefined;
    const errorType = typeof b.errorType === "string" ? b.errorType : undefined;
    return {
      code: category ?? errorType ?? `http_${status}`,
      message: typeof b.message === "string" ? b.message : `HubSpot answered ${status}`,
      status,
      ...(category ? { category } : {}),
    };
  }
  const title = typeof body === "string" ? /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim() : undefined;
  return { code: `http_${status}`, message: title || `HubSpot answered ${status}`, status };
}

/** Sorts a thrown error into rate limit, daily limit, transient (5xx, dropped socket) or fatal; rethrows bugs. */
export function classify(error: unknown): Failure {
  if (isClientError(error)) {
    const { code: status, body, headers } = error;
    const crmError = answeredError(status, body);
    if (status === 429) {
      const policy = (body as { policyName?: unknown } | undefined)?.policyName;
      if (policy === "DAILY") return { kind: "daily", error: crmError };
      const retryAfter = Number(headers?.["retry-after"]);
      const interval = Number(headers?.["x-hubspot-ratelimit-interval-milliseconds"]);
      const waitMs =
        headers?.["retry-after"] !== undefined && Number.isFinite(retryAfter)
          ? retryAfter * 1000
          : policy === "SECONDLY"
            ? 1_000
            : Number.isFinite(interval) && interval > 0
              ? interval
              : 10_000;
      return { kind: "rate", error: crmError, waitMs };
    }
    if (status >= 500) return { kind: "transient", error: crmError };
    return { kind: "fatal", error: crmError };
  }
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const causeCode = typeof cause?.code === "string" ? cause.code : undefined;
  if (
    (error instanceof TypeError && error.message === "fetch failed") ||
    (causeCode !== undefined && socketCodes.has(causeCode))
  ) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: "transient", error: { code: causeCode ?? "crm.unavailable", message } };
  }
  throw error;
}

/** Per-input errors that a retry will not fix. */
const permanent = /VALIDATION|INVALID|NOT_FOUND|CONFLICT|DOESNT_EXIST|DUPLICATE/i;

/** A batch entry's error (from a 207), as a CrmError with whether retrying may help. */
export function inputError(entry: { category?: string; message?: string } | undefined): {
  error: CrmError;
  retryable: boolean;
} {
  if (!entry) {
    return { error: { code: "crm.no_answer", message: "HubSpot answered nothing for this input" }, retryable: true };
  }
  const category = entry.category ?? "crm.error";
  return {
    error: { code: category, message: entry.message ?? "HubSpot refused this input", category },
    retryable: !permanent.test(category),
  };
}

/** Until the next UTC midnight (HubSpot's daily limit resets at midnight in the account's time zone). */
export function untilMidnightMs(now = new Date()): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(60_000, midnight - now.getTime());
}
