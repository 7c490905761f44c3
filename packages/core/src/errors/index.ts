/**
 * One small error hierarchy: a dotted `code`, a `kind` the HTTP edge maps to a status, and `cause`.
 */
export type ErrorKind =
  | "input"
  | "auth"
  | "not_found"
  | "conflict"
  | "too_large"
  | "unavailable"
  | "upstream"
  | "internal";

export class RelayError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: unknown;

  constructor(kind: ErrorKind, code: string, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "RelayError";
    this.kind = kind;
    this.code = code;
    this.details = options.details;
  }
}

export const inputError = (code: string, message: string, details?: unknown) =>
  new RelayError("input", code, message, { details });
export const authError = (code: string, message: string) => new RelayError("auth", code, message);
export const notFound = (code: string, message: string) => new RelayError("not_found", code, message);
export const unavailable = (code: string, message: string, details?: unknown) =>
  new RelayError("unavailable", code, message, { details });

/** A conditional write lost a race: the caller re-reads and tries again. */
export class ConflictError extends RelayError {
  constructor(message: string, cause?: unknown) {
    super("conflict", "store.conflict", message, { cause });
    this.name = "ConflictError";
  }
}
