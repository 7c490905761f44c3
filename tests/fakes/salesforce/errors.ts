import type { FieldDef } from "./schema";

/**
 * Salesforce-shaped failures. Per record (inside SaveResult / UpsertResult): `{ statusCode,
 * message, fields }`, the shape the sObject Collections and sObject Tree examples show. Per request:
 * an HTTP status with `[{ message, errorCode, fields? }]` (REST API "Status Codes and Error Responses").
 */

export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface SaveResult {
  id?: string;
  success: boolean;
  errors: SaveError[];
  /** Upserts only. */
  created?: boolean;
}

/** A whole-request failure, answered with this HTTP status and `[{ message, errorCode, fields? }]`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }
}

export const error = (statusCode: string, message: string, fields: string[] = []): SaveError => ({
  statusCode,
  message,
  fields,
});

export const failed = (e: SaveError): SaveResult => ({ success: false, errors: [e] });

export const rolledBack = error(
  "ALL_OR_NONE_OPERATION_ROLLED_BACK",
  "Record rolled back because not all records were valid and the request was using AllOrNone header",
);

export function notWritable(fields: FieldDef[]): SaveError {
  const names = fields.map((f) => f.name);
  return error(
    "INVALID_FIELD_FOR_INSERT_UPDATE",
    `Unable to create/update fields: ${names.join(", ")}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    names,
  );
}
