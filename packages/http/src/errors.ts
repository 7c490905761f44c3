import { type ErrorKind, formatIssues, RelayError } from "@scrm/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ examples: ["request.invalid"] }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error", description: "Every error: a dotted code, a readable message, details naming fields" });

const statusByKind: Record<ErrorKind, ContentfulStatusCode> = {
  input: 400,
  auth: 401,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unavailable: 503,
  upstream: 502,
  internal: 500,
};

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
) {
  return c.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status);
}

/** The one place errors become responses. */
export function toErrorResponse(
  c: Context,
  error: unknown,
  log: (message: string, fields: Record<string, unknown>) => void,
) {
  if (error instanceof RelayError) {
    return errorResponse(c, statusByKind[error.kind], error.code, error.message, error.details ?? undefined);
  }
  log("unhandled error", {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    path: c.req.path,
  });
  return errorResponse(c, 500, "internal", "internal error: it has been logged");
}

/** zod issues as `details`: each names the field it is about (`when.all[1].op`), unions resolved to the branch meant. */
export function validationDetails(error: z.ZodError) {
  return formatIssues(error);
}
