import { HubSpotError, type ObjectType, resolveObjectType, validation } from "./model";

/** What a handler answers; the server adds headers and faults. */
export interface Reply {
  status: number;
  body?: unknown;
}

export interface Incoming {
  method: string;
  segments: string[];
  query: URLSearchParams;
  body: unknown;
}

export type Json = Record<string, unknown>;

export function notFound(req: Incoming): Reply {
  throw new HubSpotError(404, "OBJECT_NOT_FOUND", `No route for ${req.method} /${req.segments.join("/")}`);
}

export function typeOf(name: string | undefined): ObjectType {
  const type = resolveObjectType(name ?? "");
  if (!type) throw validation(`Unable to infer object type from: ${String(name)}`);
  return type;
}

/** A batch answer: 200/201 when every input succeeded, 207 Multi-Status with `errors` otherwise. */
export function batchReply(
  startedAt: string,
  completedAt: string,
  results: unknown[],
  errors: unknown[],
  okStatus: number,
) {
  if (errors.length === 0) return { status: okStatus, body: { status: "COMPLETE", results, startedAt, completedAt } };
  return {
    status: 207,
    body: { status: "COMPLETE", results, numErrors: errors.length, errors, startedAt, completedAt },
  };
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
