import type { CrmError, Interaction } from "../interaction/schema";

export type CrmTarget = "salesforce" | "hubspot";

/** `new` and `reopened` cases get their status set; an `open` one keeps what an agent set. */
export type CaseState = "new" | "reopened" | "open";

/** One interaction to push, with the case (ticket) it belongs to. */
export interface SyncItem {
  interaction: Interaction;
  caseKey: string;
  caseState: CaseState;
  /**
   * No earlier attempt of this sync can have reached the CRM (never tried, never synced, first
   * delivery of its request): a connector may skip its checks for records such an attempt left.
   */
  firstAttempt?: boolean;
}

export type SyncResult =
  | { ok: true; recordIds: Record<string, string> }
  /** `retryable: false` means the CRM refused the record itself; it is still tried again on the schedule. */
  | { ok: false; retryable: boolean; error: CrmError; retryAfterMs?: number };

/**
 * A CRM behind one small interface: push a batch, answer one result per item, in order. Every write
 * is an upsert by an external id, so pushing the same item again never makes a second record.
 * Rate limits and short outages are retried inside; what is still failing comes back `retryable`.
 */
export interface CrmConnector {
  readonly target: CrmTarget;
  /** The most items one `sync` call takes (the CRM's batch limit). */
  readonly maxBatch: number;
  sync(items: SyncItem[]): Promise<SyncResult[]>;
}

/** A thread's current case per CRM: its sequence (`#2`, `#3`…) and when the CRM closed it. */
export interface ThreadCase {
  seq: number;
  closedAt?: string;
}

export interface ThreadCaseStore {
  get(workspaceId: string, target: CrmTarget, threadKey: string): Promise<ThreadCase | undefined>;
  /** Writes `next` if the stored one is still `expected` (absent: none). Answers false when it lost a race. */
  put(
    workspaceId: string,
    target: CrmTarget,
    threadKey: string,
    next: ThreadCase,
    expected: ThreadCase | undefined,
  ): Promise<boolean>;
}

export interface SyncFailure {
  id: string;
  workspaceId: string;
  interactionId: string;
  target: CrmTarget;
  failedAt: string;
  attempts: number;
  error: CrmError;
}

export interface SyncFailureStore {
  record(failure: SyncFailure): Promise<void>;
  remove(workspaceId: string, id: string): Promise<void>;
  get(workspaceId: string, id: string): Promise<SyncFailure | undefined>;
  list(workspaceId: string, limit: number, cursor?: string): Promise<{ items: SyncFailure[]; nextCursor?: string }>;
}

/**
 * A failure of a whole CRM call (not of one record), after the connector's own retries: every item
 * of the batch gets it, retryable, with the CRM's wait when it gave one.
 */
export class CrmCallFailed extends Error {
  constructor(
    readonly crmError: CrmError,
    readonly retryAfterMs?: number,
  ) {
    super(crmError.message);
    this.name = "CrmCallFailed";
  }

  resultsFor(items: readonly unknown[]): SyncResult[] {
    const { crmError, retryAfterMs } = this;
    return items.map(() => ({
      ok: false,
      retryable: true,
      error: crmError,
      ...(retryAfterMs ? { retryAfterMs } : {}),
    }));
  }
}
