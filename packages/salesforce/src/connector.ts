import type { CrmConnector, CrmError, Logger, SyncItem, SyncResult } from "@scrm/core";
import type { Connection, HttpRequest } from "jsforce";
import { connect, type SalesforceAuth } from "./auth";
import {
  caseRecord,
  contactDetails,
  contactRecord,
  defaultSalesforceMapping,
  handleOf,
  personaKey,
  personaRecord,
  phoneVariants,
  postRecord,
  providerOf,
  resolveMapping,
  type SalesforceMapping,
} from "./mapping";
import { soql, soqlName } from "./soql";

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
  /** The mapping of every workspace without its own. Default `defaultSalesforceMapping`. */
  mapping?: SalesforceMapping;
  /** Per workspace id: settings over `mapping` (e.g. renamed fields, extra case fields). */
  mappings?: Record<string, Partial<SalesforceMapping>>;
  /**
   * SocialPersona / SocialPost records (Social Customer Service): `auto` (default) writes them when
   * the org's describe global lists both objects (asked once per connector), `on` always, `off` never.
   */
  social?: "auto" | "on" | "off";
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

type SfRecord = Record<string, unknown>;
const succeeded = (id: string): SaveResult => ({ id, success: true, errors: [] });

/**
 * Salesforce through jsforce. Per batch (and per distinct workspace mapping in it):
 * 1. only when a message carries an email address or phone number: one SOQL query for Contacts by
 *    handle, Email or Phone, and one collections update linking a matched Contact that has no
 *    handle yet (instead of creating a second Contact for the same person);
 * 2. one sObject Collections upsert of the authors as Contacts (by `SCRM_Social_Handle__c`);
 * 3. one of the cases (by `SCRM_Case_Key__c`);
 * 4. with Social Customer Service: a SocialPersona per inbound author (SocialPersona.ExternalId is
 *    no external-id field, so existing ones are found with one query — skipped when every contact
 *    was just created — and missing ones created in one collections create), and one collections
 *    upsert of a SocialPost per interaction by `ExternalPostId`.
 * So API calls grow with batches, not interactions (2 per batch, 4 with Social Customer Service,
 * 5 when a batch mixes new and known authors whose personas are missing; +1 query when a message
 * carries an email or phone, +1 update when that links an existing Contact), and a repeat never makes a second record. The describe global that tells
 * whether the org has Social Customer Service (`social: "auto"`) is made once, when the connector
 * is built.
 */
export class SalesforceConnector implements CrmConnector {
  readonly target = "salesforce" as const;
  readonly maxBatch = collectionLimit;
  private connection: Promise<Connection> | undefined;
  private socialObjects: Promise<boolean> | undefined;
  private readonly mapping: SalesforceMapping;
  private readonly workspaceMappings = new Map<string, SalesforceMapping>();

  constructor(private readonly options: SalesforceConnectorOptions) {
    this.mapping = options.mapping ?? defaultSalesforceMapping;
    for (const [workspaceId, override] of Object.entries(options.mappings ?? {}))
      this.workspaceMappings.set(workspaceId, resolveMapping(this.mapping, override));
    // Ask the org at once, so the first batch pays no extra call; a failure is asked again by `sync`.
    if ((options.social ?? "auto") === "auto") this.socialEnabled().catch(() => undefined);
  }

  /** The mapping a workspace's records are written with. */
  mappingFor(workspaceId: string): SalesforceMapping {
    return this.workspaceMappings.get(workspaceId) ?? this.mapping;
  }

  async sync(items: SyncItem[]): Promise<SyncResult[]> {
    try {
      const social = await this.socialEnabled();
      const groups = new Map<SalesforceMapping, number[]>();
      items.forEach((item, index) => {
        const mapping = this.mappingFor(item.interaction.workspaceId);
        groups.set(mapping, [...(groups.get(mapping) ?? []), index]);
      });
      const results: SyncResult[] = new Array(items.length);
      for (const [mapping, indexes] of groups) {
        const answers = await this.syncGroup(
          indexes.map((index) => items[index] as SyncItem),
          mapping,
          social,
        );
        indexes.forEach((index, n) => {
          results[index] = answers[n] as SyncResult;
        });
      }
      return results;
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

  private async syncGroup(items: SyncItem[], mapping: SalesforceMapping, social: boolean): Promise<SyncResult[]> {
    const contacts = await this.upsertContacts(items, mapping);
    const cases = await this.upsertCases(items, mapping, contacts);
    const personas = social ? await this.ensurePersonas(items, contacts) : new Map<string, SaveResult>();
    const posts = social ? await this.upsertPosts(items, cases, personas) : new Map<string, SaveResult>();
    return items.map(({ interaction, caseKey }) => {
      const contact = contacts.get(handleOf(interaction));
      const caseResult = cases.get(caseKey);
      const persona = interaction.direction === "inbound" ? personas.get(personaKey(interaction)) : undefined;
      const post = posts.get(interaction.externalId);
      const failed = [caseResult, contact, persona, post].find((result) => result && !result.success);
      if (failed || !caseResult?.id || (social && !post?.id))
        return { ok: false, retryable: true, error: recordError(failed) };
      return {
        ok: true,
        recordIds: {
          case: caseResult.id,
          ...(contact?.id ? { contact: contact.id } : {}),
          ...(persona?.id ? { persona: persona.id } : {}),
          ...(post?.id ? { post: post.id } : {}),
        },
      };
    });
  }

  /** Whether to write SocialPersona / SocialPost: the option, or the org's describe global (asked once). */
  private async socialEnabled(): Promise<boolean> {
    const mode = this.options.social ?? "auto";
    if (mode !== "auto") return mode === "on";
    this.socialObjects ??= this.call<{ sobjects: Array<{ name: string }> }>({ method: "GET", url: "/sobjects" }).then(
      (answer) => {
        const names = new Set(answer.sobjects.map((object) => object.name));
        const found = names.has("SocialPost") && names.has("SocialPersona");
        this.options.logger.info("Salesforce Social Customer Service", { socialPostsAndPersonas: found });
        return found;
      },
    );
    try {
      return await this.socialObjects;
    } catch (error) {
      this.socialObjects = undefined;
      throw error;
    }
  }

  private async upsertContacts(items: SyncItem[], mapping: SalesforceMapping): Promise<Map<string, SaveResult>> {
    const byHandle = new Map<string, SyncItem["interaction"]>();
    for (const { interaction } of items)
      if (!byHandle.has(handleOf(interaction))) byHandle.set(handleOf(interaction), interaction);
    const links = await this.contactsToLink(byHandle, mapping);
    const results = links.size
      ? await this.write("PATCH", "/composite/sobjects", links)
      : new Map<string, SaveResult>();
    const rest = new Map<string, SfRecord>();
    for (const [handle, interaction] of byHandle)
      if (!links.has(handle)) rest.set(handle, contactRecord(interaction, mapping));
    for (const [handle, result] of await this.upsert("Contact", mapping.handleField, rest)) results.set(handle, result);
    return results;
  }

  /**
   * Authors with no Contact of their handle yet whose message gives an email address or phone number
   * an existing Contact (without a handle) has: that Contact, to be given the handle (collections update).
   */
  private async contactsToLink(
    byHandle: Map<string, SyncItem["interaction"]>,
    mapping: SalesforceMapping,
  ): Promise<Map<string, SfRecord>> {
    const emailField = mapping.contactRenames?.Email === undefined ? "Email" : mapping.contactRenames.Email;
    const phoneField = mapping.contactRenames?.Phone === undefined ? "Phone" : mapping.contactRenames.Phone;
    const wanted = [...byHandle].flatMap(([handle, interaction]) => {
      const { email, phone } = contactDetails(interaction);
      const lookup = { handle, email: emailField ? email : undefined, phone: phoneField ? phone : undefined };
      return lookup.email || lookup.phone ? [lookup] : [];
    });
    const links = new Map<string, SfRecord>();
    if (wanted.length === 0) return links;
    const handle = soqlName(mapping.handleField);
    const emails = [...new Set(wanted.flatMap((w) => (w.email ? [w.email] : [])))];
    const phones = [...new Set(wanted.flatMap((w) => (w.phone ? phoneVariants(w.phone) : [])))];
    const selected = [mapping.handleField, emailField, phoneField].filter((name): name is string => !!name);
    const conditions = [soql`${handle} IN ${wanted.map((w) => w.handle)}`];
    if (emailField && emails.length) conditions.push(soql`${soqlName(emailField)} IN ${emails}`);
    if (phoneField && phones.length) conditions.push(soql`${soqlName(phoneField)} IN ${phones}`);
    const fields = ["Id", ...selected].map((name) => soqlName(name).name).join(", ");
    const rows = await this.query(`SELECT ${fields} FROM Contact WHERE ${conditions.join(" OR ")}`);
    const text = (row: SfRecord, field: string | null) => {
      const value = field ? row[field] : undefined;
      return typeof value === "string" ? value : "";
    };
    const known = new Set(rows.map((row) => text(row, mapping.handleField).toLowerCase()).filter(Boolean));
    const digits = (phone: string) => phone.replace(/\D/g, "");
    const claimed = new Set<string>();
    for (const { handle: value, email, phone } of wanted) {
      if (known.has(value.toLowerCase())) continue;
      const match = rows.find((row) => {
        if (text(row, mapping.handleField) || claimed.has(row.Id as string)) return false;
        if (email && text(row, emailField).toLowerCase() === email.toLowerCase()) return true;
        return !!phone && !!text(row, phoneField) && digits(text(row, phoneField)) === digits(phone);
      });
      if (!match) continue;
      claimed.add(match.Id as string);
      links.set(value, { attributes: { type: "Contact" }, Id: match.Id, [mapping.handleField]: value });
    }
    return links;
  }

  private async upsertCases(
    items: SyncItem[],
    mapping: SalesforceMapping,
    contacts: Map<string, SaveResult>,
  ): Promise<Map<string, SaveResult>> {
    // One record per case key: the thread's earliest message in the batch describes the case.
    const byKey = new Map<string, SfRecord>();
    const ordered = [...items].sort((a, b) => a.interaction.occurredAt.localeCompare(b.interaction.occurredAt));
    for (const item of ordered) {
      if (byKey.has(item.caseKey)) continue;
      const contactId = contacts.get(handleOf(item.interaction))?.id;
      byKey.set(item.caseKey, caseRecord(item, mapping, contactId));
    }
    return this.upsert("Case", mapping.caseKeyField, byKey);
  }

  /**
   * A SocialPersona per inbound author, child of its Contact. SocialPersona has no external-id field
   * (ExternalId is a plain text field), so existing ones are looked up by ExternalId and Provider —
   * unless every author's Contact was created by this batch, when none can exist yet — and the
   * missing ones created. A create is not retried inside the call: the batch's retry finds it.
   */
  private async ensurePersonas(items: SyncItem[], contacts: Map<string, SaveResult>) {
    const wanted = new Map<string, { interaction: SyncItem["interaction"]; contactId: string; created: boolean }>();
    for (const { interaction } of items) {
      const contact = contacts.get(handleOf(interaction));
      if (interaction.direction !== "inbound" || !contact?.success || !contact.id) continue;
      wanted.set(personaKey(interaction), { interaction, contactId: contact.id, created: contact.created === true });
    }
    const results = new Map<string, SaveResult>();
    const known = [...wanted.values()].filter((persona) => !persona.created).map((persona) => persona.interaction);
    if (known.length) {
      const ids = [...new Set(known.map((interaction) => interaction.author.id))];
      const providers = [...new Set(known.map((interaction) => providerOf(interaction.platform)))];
      const rows = await this.query(
        soql`SELECT Id, ExternalId, Provider FROM SocialPersona WHERE ExternalId IN ${ids} AND Provider IN ${providers}`,
      );
      for (const row of rows) {
        const key = `${row.Provider}\u0000${row.ExternalId}`;
        if (wanted.has(key) && !results.has(key)) results.set(key, succeeded(row.Id as string));
      }
    }
    const missing = new Map<string, SfRecord>();
    for (const [key, { interaction, contactId }] of wanted)
      if (!results.has(key)) missing.set(key, personaRecord(interaction, contactId));
    if (missing.size)
      for (const [key, result] of await this.write("POST", "/composite/sobjects", missing, false))
        results.set(key, result);
    return results;
  }

  /** A SocialPost per interaction whose case was written, upserted by ExternalPostId. */
  private async upsertPosts(items: SyncItem[], cases: Map<string, SaveResult>, personas: Map<string, SaveResult>) {
    const byPostId = new Map<string, SfRecord>();
    for (const { interaction, caseKey } of items) {
      const caseId = cases.get(caseKey)?.id;
      if (!caseId || byPostId.has(interaction.externalId)) continue;
      const persona = interaction.direction === "inbound" ? personas.get(personaKey(interaction)) : undefined;
      byPostId.set(interaction.externalId, postRecord(interaction, caseId, persona?.success ? persona.id : undefined));
    }
    return this.upsert("SocialPost", "ExternalPostId", byPostId);
  }

  /** Upserts by external id in collections of 200, keyed back by that id. */
  private upsert(type: string, externalIdField: string, records: Map<string, SfRecord>) {
    return this.write("PATCH", `/composite/sobjects/${type}/${externalIdField}`, records);
  }

  /** A collections call (create, update or upsert) in chunks of 200; results keyed like the records. */
  private async write(method: "POST" | "PATCH", url: string, records: Map<string, SfRecord>, idempotent = true) {
    const results = new Map<string, SaveResult>();
    const keys = [...records.keys()];
    for (let start = 0; start < keys.length; start += collectionLimit) {
      const chunk = keys.slice(start, start + collectionLimit);
      const answer = await this.call<SaveResult[]>(
        {
          method,
          url,
          body: JSON.stringify({ allOrNone: false, records: chunk.map((key) => records.get(key)) }),
          headers: { "content-type": "application/json" },
        },
        idempotent,
      );
      chunk.forEach((key, index) => {
        const result = answer[index];
        if (result) results.set(key, result);
      });
    }
    return results;
  }

  /** A SOQL query's records (its first page: every query here is bounded by a batch's values). */
  private async query(text: string): Promise<SfRecord[]> {
    const answer = await this.call<{ records: SfRecord[] }>({
      method: "GET",
      url: `/query?q=${encodeURIComponent(text)}`,
    });
    return answer.records;
  }

  /**
   * One REST call, retried on 5xx and (when `idempotent`: upserts, updates, queries are safe to
   * repeat) on dropped connections, re-authenticated once.
   */
  private async call<T>(request: HttpRequest, idempotent = true) {
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
        const unanswered = /^ERROR_HTTP_5\d\d$|SERVER_UNAVAILABLE|ECONNREFUSED/i;
        const dropped = /ECONNRESET|EPIPE|ETIMEDOUT|socket hang up/i;
        const transient = (pattern: RegExp) => pattern.test(code) || pattern.test(message);
        if (transient(unanswered) || (idempotent && transient(dropped))) {
          const delay = delays[attempt];
          if (delay !== undefined) {
            await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
            continue;
          }
          this.connection = undefined;
          throw new CallFailed({ code: code || "crm.unavailable", message });
        }
        if (transient(dropped)) {
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
