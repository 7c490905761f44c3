import { ConflictError, RelayError } from "../errors";
import type { AuditEntry, AuditLog } from "../ports";
import { auditId } from "./audit-id";

/**
 * Rules and SLA policies are stored as numbered versions and written the same way: an `If-Match`
 * check, a save that may lose a race with another writer, and an audit entry naming the version.
 */
export interface VersionedKind {
  /** What messages call it: `rule`, `SLA policy`. */
  noun: string;
  /** Prefix of its error codes: `rule` (`rule.version_mismatch`), `sla_policy`. */
  code: string;
  /** Its type in the audit log. */
  auditType: AuditEntry["entity"]["type"];
}

export const ruleKind: VersionedKind = { noun: "rule", code: "rule", auditType: "rule" };
export const slaPolicyKind: VersionedKind = { noun: "SLA policy", code: "sla_policy", auditType: "sla-policy" };

/** `expectedVersion` (from `If-Match`) makes a concurrent edit fail instead of silently winning. */
export function checkExpectedVersion(
  kind: VersionedKind,
  id: string,
  currentVersion: number | undefined,
  expectedVersion: number | undefined,
): void {
  if (expectedVersion !== undefined && currentVersion !== expectedVersion) {
    throw new RelayError(
      "conflict",
      `${kind.code}.version_mismatch`,
      `${kind.noun} ${id} is at version ${currentVersion ?? "none"}, not ${expectedVersion}: read it again and re-apply your change`,
    );
  }
}

/** Runs `save`; a write that lost the race to another one (the store's ConflictError) is a conflict to retry by hand. */
export async function saveVersion(kind: VersionedKind, id: string, save: () => Promise<void>): Promise<void> {
  try {
    await save();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    throw new RelayError(
      "conflict",
      `${kind.code}.version_mismatch`,
      `${kind.noun} ${id} changed meanwhile: read it again`,
    );
  }
}

/** The audit entry for a version just written: at its `updatedAt`, by `actor`. */
export async function auditVersion(
  audit: AuditLog,
  kind: VersionedKind,
  entity: { id: string; workspaceId: string; version: number; updatedAt: string },
  actor: string,
  action: string,
): Promise<void> {
  await audit.record({
    id: auditId(),
    at: entity.updatedAt,
    workspaceId: entity.workspaceId,
    actor,
    action,
    entity: { type: kind.auditType, id: entity.id },
    version: entity.version,
  });
}
