import type { CrmConnector, CrmError, Logger, SyncItem, SyncResult } from "@scrm/core";
import type { Connection, HttpRequest } from "jsforce";
import { connect, type SalesforceAuth } from "./auth";
import { caseRecord, contactRecord, defaultSalesforceMapping, handleOf, type SalesforceMapping } from "./mapping";

/** sObject Collections take at most 200 records per call. */
const collectionLimit = 200;
/** Salesforce sends no Retry-After with REQUEST_LIMIT_EXCEEDED: wait this long before trying again. */
const limitBackoffMs = 15 * 60_000;

interface SaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors: Array<{ statusCode: string; message: string; fields?: string[] }>;
}

export interface SalesforceConnectorOptions {
  auth: SalesforceAuth;
  mapping?: SalesforceMapping;
  logger: Logger;
  /** Waits before the in-call retries of a 5xx or a dropped connection (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

/** A failure of a whole call (not of one record): retried inside, then reported for every item. */
class CallFailed extends Error {
  constructor(
    readonly crmError: CrmError,
    readonly retryAfterMs?: number,
  ) {
    super(crmError.message);
  }
}

/**
 * Salesforce through jsforce: per batch, one sObject Collections upsert of the authors as Contacts
 * (by `SCRM_Social_Handle__c`) and one of the cases (by `SCRM_Case_Key__c`), so API calls grow with
 * batches, not interactions, and a repeat never makes a second record.
 */
export class SalesforceConnector implements CrmConnector {
  readonly target = "salesforce" as const;
  readonly maxBatch = collectionLimit;
  private connection: Promise<Connection> | undefined;
  private readonly mapping: SalesforceMapping;

  constructor(private readonly options: SalesforceConnectorOptions) {
    this.mapping = options.mapping ?? defaultSalesforceMapping;
  }

  async sync(items: SyncItem[]): Promise<SyncResult[]> {
    try {
      const contacts = await this.upsertContacts(items);
      const cases = await this.upsertCases(items, contacts);
      return items.map((item) => {
        const contact = contacts.get(handleOf(item.interaction));
        const caseResult = cases.get(item.caseKey);
        const failed = [caseResult, contact].find((result) => result && !result.success);
        if (failed || !caseResult?.id) return { ok: false, retryable: true, error: recordError(failed) };
        return { ok: true, recordIds: { case: caseResult.id, ...(contact?.id ? { contact: contact.id } : {}) } };
      });
    } catch (error) {
      if (!(error instanceof CallFailed)) throw error;
      const { crmError, retryAfterMs } = error;
      return items.map(() => ({
        ok: false,
        retryable: true,
        error: crmError,
        ...(retryAfterMs ? { retryAfterMs } : {}),
      }));
    }
  }

  private async upsertContacts(items: SyncItem[]): Promise<Map<string, SaveResult>> {
    const byHandle = new Map(
      items.map((item) => [handleOf(item.interaction), contactRecord(item.interaction, this.mapping)]),
    );
    return this.upsert("Contact", this.mapping.handleField, byHandle);
  }

  private async upsertCases(items: SyncItem[], contacts: Map<string, SaveResult>): Promise<Map<string, SaveResult>> {
    // One record per case key: the thread's earliest message in the batch describes the case.
    const byKey = new Map<string, ReturnType<typeof caseRecord>>();
    const ordered = [...items].sort((a, b) => a.interaction.occurredAt.localeCompare(b.interaction.occurredAt));
    for (const item of ordered) {
      if (byKey.has(item.caseKey)) continue;
      const contactId = contacts.get(handleOf(item.interaction))?.id;
      byKey.set(item.caseKey, caseRecord(item, this.mapping, contactId));
    }
    return this.upsert("Case", this.mapping.caseKeyField, byKey);
  }

  /** Upserts by external id in collections of 200, keyed back by that id. */
  private async upsert(type: string, externalIdField: string, records: Map<string, Record<string, unknown>>) {
    const results = new Map<string, SaveResult>();
    const keys = [...records.keys()];
    for (let start = 0; start < keys.length; start += collectionLimit) {
      const chunk = keys.slice(start, start + collectionLimit);
      const answer = await this.call<SaveResult[]>({
        method: "PATCH",
        url: `/composite/sobjects/${type}/${externalIdField}`,
        body: JSON.stringify({ allOrNone: false, records: chunk.map((key) => records.get(key)) }),
        headers: { "content-type": "application/json" },
      });
      chunk.forEach((key, index) => {
        const result = answer[index];
        if (result) results.set(key, result);
      });
    }
    return results;
  }

  /** One REST call, retried on 5xx and dropped connections (upserts are safe to repeat), re-authenticated once. */
  private async call<T>(request: HttpRequest) {
    const delays = this.options.retryDelaysMs ?? [250, 1_000, 4_000];
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      try {
        this.connection ??= connect(this.options.auth);
        return (await (await this.connection).request(request)) as T;
      } catch (error) {
        const code = (error as { errorCode?: string }).errorCode ?? (error as { code?: string }).code ?? "";
        const message = error instanceof Error ? error.message : String(error);
        if (code === "INVALID_SESSION_ID" && !reauthenticated && !("accessToken" in this.options.auth)) {
          reauthenticated = true;
          this.connection = undefined;
          continue;
        }
        if (code === "REQUEST_LIMIT_EXCEEDED") {
          this.options.logger.warn("Salesforce API limit reached; syncs wait", { message });
          throw new CallFailed({ code, message, status: 403 }, limitBackoffMs);
        }
        const transient =
          /^ERROR_HTTP_5\d\d$|SERVER_UNAVAILABLE|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up/i;
        if (transient.test(code) || transient.test(message)) {
          const delay = delays[attempt];
          if (delay !== undefined) {
            await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
            continue;
          }
          this.connection = undefined;
          throw new CallFailed({ code: code || "crm.unavailable", message });
        }
        throw new CallFailed({ code: code || "crm.error", message });
      }
    }
  }
}

function recordError(result: SaveResult | undefined): CrmError {
  const first = result?.errors[0];
  if (!first) return { code: "crm.no_answer", message: "Salesforce answered nothing for this record" };
  return { code: first.statusCode, message: first.message, ...(first.fields?.length ? { fields: first.fields } : {}) };
}
