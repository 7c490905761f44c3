import {
  CrmCallFailed,
  type CrmConnector,
  type CrmError,
  type Logger,
  type SyncItem,
  type SyncResult,
  syncInGroups,
} from "@scrm/core";
import type { Connection, HttpRequest } from "jsforce";
import { connect, type SalesforceAuth, salesforceApiVersion } from "./auth";
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
  type SalesforceMappingSettings,
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
  mappings?: Record<string, SalesforceMappingSettings>;
  /**
   * SocialPersona / SocialPost records (Social Customer Service): `auto` (default) writes them when
   * the org's describe global lists both objects (asked once per connector), `on` always, `off` never.
   */
  social?: "auto" | "on" | "off";
  logger: Logger;
  /** Waits before the in-call retries of a 5xx or a dropped connection (tests shorten them). */
  retryDelaysMs?: readonly number[];
  /**
   * Share of the org's daily API allocation (`Sforce-Limit-Info: api-usage=used/max`) past which
   * syncs wait instead of calling, leaving the rest to the org's own users. Default 0.9.
   */
  apiUsageCeiling?: number;
}

/** A failure of a whole call (not of one record): retried inside, then reported for every item. */
const CallFailed = CrmCallFailed;
type CallFailed = CrmCallFailed;

type SfRecord = Record<string, unknown>;
const succeeded = (id: string): SaveResult => ({ id, success: true, errors: [] });

/** A subrequest of a Composite request (URL relative to `/services/data/vXX.X`). */
interface Subrequest {
  method: "GET" | "POST" | "PATCH";
  url: string;
  referenceId: string;
  body?: unknown;
}
interface Subresponse {
  referenceId: string;
  httpStatusCode: number;
  body: unknown;
}

/**
 * Salesforce through jsforce. Per batch (and per distinct workspace mapping in it) at most two API
 * calls — a Composite request counts as one call, whatever its subrequests:
 * 1. the lookups, when there are any: a SOQL query for Contacts by handle, Email or Phone when a
 *    message carries an email address or phone number (to link an existing Contact without a handle
 *    instead of creating a second one), and with Social Customer Service one for the SocialPersonas
 *    of the inbound authors (SocialPersona.ExternalId is no external-id field, so they must be
 *    looked up); both together in one Composite request;
 * 2. one Composite request (`allOrNone: false`) of sObject Collections subrequests: the update
 *    giving matched Contacts their handle, the upsert of the authors as Contacts (by
 *    `SCRM_Social_Handle__c`), the upsert of the cases (by `SCRM_Case_Key__c`, the contact given by
 *    its handle), and with Social Customer Service the create of the missing SocialPersonas (parent
 *    Contact by its handle) and the upsert of a SocialPost per interaction (by `ExternalPostId`, case
 *    by its key, a new persona by a reference into the personas' results).
 * So API calls grow with batches, not interactions (1 per batch, 2 with Social Customer Service or
 * an email or phone in a message), and a repeat never makes a second record. The global describe
 * that tells whether the org has Social Customer Service (`social: "auto"`) rides along in the first
 * batch's lookups (with the persona query sent on the chance that it has), so it costs no call.
 */
export class SalesforceConnector implements CrmConnector {
  readonly target = "salesforce" as const;
  readonly maxBatch = collectionLimit;
  private connection: Promise<Connection> | undefined;
  /** Whether to write SocialPersona / SocialPost: the option, or (`auto`) what the org said; unknown until asked. */
  private social: boolean | undefined;
  /** The last `Sforce-Limit-Info` reading: the org's API requests used and allowed in 24 h. */
  private apiUsage: { used: number; limit: number; at: number } | undefined;
  private readonly mapping: SalesforceMapping;
  private readonly workspaceMappings = new Map<string, SalesforceMapping>();

  constructor(private readonly options: SalesforceConnectorOptions) {
    this.mapping = options.mapping ?? defaultSalesforceMapping;
    for (const [workspaceId, override] of Object.entries(options.mappings ?? {}))
      this.workspaceMappings.set(workspaceId, resolveMapping(this.mapping, override));
    const mode = options.social ?? "auto";
    if (mode !== "auto") this.social = mode === "on";
  }

  /** The mapping a workspace's records are written with. */
  mappingFor(workspaceId: string): SalesforceMapping {
    return this.workspaceMappings.get(workspaceId) ?? this.mapping;
  }

  /** Items grouped by their workspace's mapping, in collections of 200; results in the items' order. */
  sync(items: SyncItem[]): Promise<SyncResult[]> {
    return syncInGroups(
      items,
      (item) => this.mappingFor(item.interaction.workspaceId),
      collectionLimit,
      (chunk, mapping) => this.syncGroup(chunk, mapping),
    );
  }

  private async syncGroup(items: SyncItem[], mapping: SalesforceMapping): Promise<SyncResult[]> {
    const byHandle = new Map<string, SyncItem["interaction"]>();
    for (const { interaction } of items)
      if (!byHandle.has(handleOf(interaction))) byHandle.set(handleOf(interaction), interaction);
    const authors = new Map<string, SyncItem["interaction"]>();
    if (this.social !== false)
      for (const { interaction } of items)
        if (interaction.direction === "inbound" && !authors.has(personaKey(interaction)))
          authors.set(personaKey(interaction), interaction);

    // Call 1: the lookups — and, the first time with `social: "auto"`, the org's global describe, so
    // that asking whether it has Social Customer Service costs no call of its own.
    const contactLookup = this.contactLookup(byHandle, mapping);
    const lookups: Subrequest[] = [];
    if (this.social === undefined) lookups.push({ method: "GET", url: "/sobjects", referenceId: "describeGlobal" });
    if (contactLookup) lookups.push(querySubrequest("contactMatches", contactLookup.text));
    if (authors.size) {
      const ids = [...new Set([...authors.values()].map((interaction) => interaction.author.id))];
      const providers = [...new Set([...authors.values()].map((interaction) => providerOf(interaction.platform)))];
      const text = soql`SELECT Id, ExternalId, Provider FROM SocialPersona WHERE ExternalId IN ${ids} AND Provider IN ${providers}`;
      lookups.push(querySubrequest("knownPersonas", text));
    }
    const looked = await this.composite(lookups, true);
    const describeGlobal = looked.get("describeGlobal");
    if (describeGlobal) this.learnSocial(describeGlobal);
    const social = this.social === true;
    // Each query's first page is all of it: every query here is bounded by one batch's values.
    const rows = (referenceId: string) => {
      const answer = looked.get(referenceId);
      if (!answer) return [];
      if (answer.httpStatusCode >= 300) throw this.subrequestFailed(answer);
      return (answer.body as { records: SfRecord[] }).records;
    };
    if (!social) authors.clear();
    const links = contactLookup ? contactLookup.links(rows("contactMatches")) : new Map<string, SfRecord>();
    const personas = new Map<string, SaveResult>();
    for (const row of social ? rows("knownPersonas") : []) {
      const key = `${row.Provider}\u0000${row.ExternalId}`;
      if (authors.has(key) && !personas.has(key)) personas.set(key, succeeded(row.Id as string));
    }

    // Call 2: every write, as subrequests of one Composite request.
    const rest = new Map<string, SfRecord>();
    for (const [handle, interaction] of byHandle)
      if (!links.has(handle)) rest.set(handle, contactRecord(interaction, mapping));
    // One record per case key: the thread's earliest message in the batch describes the case.
    const caseRecords = new Map<string, SfRecord>();
    const ordered = [...items].sort((a, b) => a.interaction.occurredAt.localeCompare(b.interaction.occurredAt));
    for (const item of ordered)
      if (!caseRecords.has(item.caseKey))
        caseRecords.set(item.caseKey, caseRecord(item, mapping, handleOf(item.interaction)));
    const missing = new Map<string, SfRecord>();
    for (const [key, interaction] of authors)
      if (!personas.has(key)) missing.set(key, personaRecord(interaction, mapping));
    const missingKeys = [...missing.keys()];
    const posts = (reference: boolean) => {
      const byPostId = new Map<string, SfRecord>();
      for (const { interaction, caseKey } of items) {
        if (byPostId.has(interaction.externalId)) continue;
        const key = interaction.direction === "inbound" ? personaKey(interaction) : undefined;
        const known = key ? personas.get(key) : undefined;
        const index = key ? missingKeys.indexOf(key) : -1;
        const personaId = known?.success ? known.id : reference && index >= 0 ? `@{personas[${index}].id}` : undefined;
        byPostId.set(interaction.externalId, postRecord(interaction, caseKey, mapping, personaId));
      }
      return byPostId;
    };
    const writes: Array<{ sub: Subrequest; keys: string[] }> = [];
    const collection = (referenceId: string, method: "POST" | "PATCH", url: string, records: Map<string, SfRecord>) => {
      if (records.size)
        writes.push({
          sub: { method, url, referenceId, body: { allOrNone: false, records: [...records.values()] } },
          keys: [...records.keys()],
        });
    };
    collection("links", "PATCH", "/composite/sobjects", links);
    collection("contacts", "PATCH", `/composite/sobjects/Contact/${mapping.handleField}`, rest);
    collection("cases", "PATCH", `/composite/sobjects/Case/${mapping.caseKeyField}`, caseRecords);
    if (social) {
      collection("personas", "POST", "/composite/sobjects", missing);
      collection("posts", "PATCH", "/composite/sobjects/SocialPost/ExternalPostId", posts(true));
    }
    // A persona create is not to be repeated after a dropped connection: the batch's retry finds it.
    const answers = await this.composite(
      writes.map((write) => write.sub),
      missing.size === 0,
    );
    const results = new Map<string, Map<string, SaveResult>>();
    for (const { sub, keys } of writes) {
      const answer = answers.get(sub.referenceId);
      if (sub.referenceId === "posts" && missing.size && answer && failedOnReference(answer)) {
        // A persona that failed left a reference unresolved: the posts again, with the ids of the
        // personas just created (the personas subrequest came before the posts).
        for (const [key, result] of results.get("personas") ?? []) personas.set(key, result);
        results.set("posts", await this.upsert("SocialPost", "ExternalPostId", posts(false)));
        continue;
      }
      results.set(sub.referenceId, this.saveResults(answer, sub.referenceId, keys));
    }
    const contacts = new Map([...(results.get("links") ?? []), ...(results.get("contacts") ?? [])]);
    const cases = results.get("cases") ?? new Map<string, SaveResult>();
    for (const [key, result] of results.get("personas") ?? []) personas.set(key, result);
    const postResults = results.get("posts") ?? new Map<string, SaveResult>();

    return items.map(({ interaction, caseKey }) => {
      const contact = contacts.get(handleOf(interaction));
      const caseResult = cases.get(caseKey);
      const persona = interaction.direction === "inbound" ? personas.get(personaKey(interaction)) : undefined;
      const post = postResults.get(interaction.externalId);
      const failed = [contact, caseResult, persona, post].find((result) => result && !result.success);
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

  /** Reads the global describe: both Social Customer Service objects there, or the social records are skipped. */
  private learnSocial(answer: Subresponse): void {
    if (answer.httpStatusCode >= 300) throw this.subrequestFailed(answer);
    const names = new Set((answer.body as { sobjects: Array<{ name: string }> }).sobjects.map((object) => object.name));
    this.social = names.has("SocialPost") && names.has("SocialPersona");
    this.options.logger.info("Salesforce Social Customer Service", { socialPostsAndPersonas: this.social });
  }

  /**
   * Authors with no Contact of their handle yet whose message gives an email address or phone number
   * an existing Contact (without a handle) has: that Contact, to be given the handle (collections update).
   */
  private contactLookup(
    byHandle: Map<string, SyncItem["interaction"]>,
    mapping: SalesforceMapping,
  ): { text: string; links(rows: SfRecord[]): Map<string, SfRecord> } | undefined {
    const emailField = mapping.contactRenames?.Email === undefined ? "Email" : mapping.contactRenames.Email;
    const phoneField = mapping.contactRenames?.Phone === undefined ? "Phone" : mapping.contactRenames.Phone;
    const wanted = [...byHandle].flatMap(([handle, interaction]) => {
      const { email, phone } = contactDetails(interaction);
      const lookup = { handle, email: emailField ? email : undefined, phone: phoneField ? phone : undefined };
      return lookup.email || lookup.phone ? [lookup] : [];
    });
    if (wanted.length === 0) return undefined;
    const handle = soqlName(mapping.handleField);
    const emails = [...new Set(wanted.flatMap((w) => (w.email ? [w.email] : [])))];
    const phones = [...new Set(wanted.flatMap((w) => (w.phone ? phoneVariants(w.phone) : [])))];
    const selected = [mapping.handleField, emailField, phoneField].filter((name): name is string => !!name);
    const conditions = [soql`${handle} IN ${wanted.map((w) => w.handle)}`];
    if (emailField && emails.length) conditions.push(soql`${soqlName(emailField)} IN ${emails}`);
    if (phoneField && phones.length) conditions.push(soql`${soqlName(phoneField)} IN ${phones}`);
    const fields = ["Id", ...selected].map((name) => soqlName(name).name).join(", ");
    const text = `SELECT ${fields} FROM Contact WHERE ${conditions.join(" OR ")}`;
    return { text, links: (rows) => linksFrom(rows, wanted, mapping, emailField, phoneField) };
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

  /**
   * One Composite request (`allOrNone: false`; one API call): each subrequest's answer by its
   * reference id. Nothing to send, no call. Queries go this way too: as a POST, jsforce adds none of
   * its own long retries of a GET to ours.
   */
  private async composite(subrequests: Subrequest[], idempotent: boolean): Promise<Map<string, Subresponse>> {
    const answers = new Map<string, Subresponse>();
    if (subrequests.length === 0) return answers;
    const base = `/services/data/v${salesforceApiVersion}`;
    const answer = await this.call<{ compositeResponse: Subresponse[] }>(
      {
        method: "POST",
        url: "/composite",
        body: JSON.stringify({
          allOrNone: false,
          compositeRequest: subrequests.map((sub) => ({ ...sub, url: base + sub.url })),
        }),
        headers: { "content-type": "application/json" },
      },
      idempotent,
    );
    for (const sub of answer.compositeResponse) answers.set(sub.referenceId, sub);
    return answers;
  }

  /** A collections subrequest's results, keyed like its records; a failure of the whole subrequest throws. */
  private saveResults(answer: Subresponse | undefined, referenceId: string, keys: string[]) {
    if (!answer)
      throw new CallFailed({ code: "crm.no_answer", message: `Salesforce answered nothing for ${referenceId}` });
    if (answer.httpStatusCode >= 300 || !Array.isArray(answer.body)) throw this.subrequestFailed(answer);
    const results = new Map<string, SaveResult>();
    const body = answer.body as SaveResult[];
    keys.forEach((key, index) => {
      const result = body[index];
      if (result) results.set(key, result);
    });
    return results;
  }

  /** A subrequest that failed as a whole, as the failure of the call (REQUEST_LIMIT_EXCEEDED waits). */
  private subrequestFailed(answer: Subresponse): CallFailed {
    const first = Array.isArray(answer.body) ? (answer.body[0] as { errorCode?: string; message?: string }) : undefined;
    const code = first?.errorCode ?? `ERROR_HTTP_${answer.httpStatusCode}`;
    const message = first?.message ?? `Salesforce answered ${answer.httpStatusCode} to ${answer.referenceId}`;
    if (code === "REQUEST_LIMIT_EXCEEDED") {
      this.options.logger.warn("Salesforce API limit reached; syncs wait", { message });
      return new CallFailed({ code, message, status: 403 }, limitBackoffMs);
    }
    return new CallFailed({ code, message });
  }

  /** The org's API usage as the last answer's `Sforce-Limit-Info` told it (jsforce keeps it on the connection). */
  private noteApiUsage(connection: Connection): void {
    const usage = connection.limitInfo?.apiUsage;
    if (usage?.limit) this.apiUsage = { used: usage.used, limit: usage.limit, at: Date.now() };
  }

  /** Past the ceiling of the daily allocation (by a recent reading), the call waits: the org's own users come first. */
  private checkApiBudget(): void {
    const usage = this.apiUsage;
    const ceiling = this.options.apiUsageCeiling ?? 0.9;
    if (!usage || Date.now() - usage.at > usageFreshMs || usage.used < usage.limit * ceiling) return;
    const message = `Salesforce API usage is ${usage.used}/${usage.limit} (${Math.round((100 * usage.used) / usage.limit)}%), at or past the ${Math.round(ceiling * 100)}% left to syncs; they wait`;
    this.options.logger.warn("Salesforce API budget reached; syncs wait", { used: usage.used, limit: usage.limit });
    throw new CallFailed({ code: "crm.api_budget", message }, limitBackoffMs);
  }

  /**
   * One REST call, retried on 5xx and (when `idempotent`: upserts, updates, queries are safe to
   * repeat) on dropped connections, re-authenticated once.
   */
  private async call<T>(request: HttpRequest, idempotent = true) {
    this.checkApiBudget();
    const delays = this.options.retryDelaysMs ?? [250, 1_000, 4_000];
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      try {
        // A failed login is not kept: the next call logs in again (after the cause is fixed, e.g. the user approved).
        this.connection ??= connect(this.options.auth).catch((error: unknown) => {
          this.connection = undefined;
          throw error;
        });
        const connection = await this.connection;
        try {
          return (await connection.request(request)) as T;
        } finally {
          this.noteApiUsage(connection);
        }
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

/** How long a reading of the org's API usage is trusted before a call is let through to read it again. */
const usageFreshMs = limitBackoffMs;

const querySubrequest = (referenceId: string, text: string): Subrequest => ({
  method: "GET",
  url: `/query?q=${encodeURIComponent(text)}`,
  referenceId,
});

/** A subrequest not carried out because a reference in it (`@{personas[2].id}`) had no value. */
function failedOnReference(answer: Subresponse): boolean {
  if (answer.httpStatusCode < 300 || !Array.isArray(answer.body)) return false;
  return (answer.body as Array<{ errorCode?: string }>).some((error) => error.errorCode === "PROCESSING_HALTED");
}

function recordError(result: SaveResult | undefined): CrmError {
  const first = result?.errors[0];
  if (!first) return { code: "crm.no_answer", message: "Salesforce answered nothing for this record" };
  return { code: first.statusCode, message: first.message, ...(first.fields?.length ? { fields: first.fields } : {}) };
}

/** The Contacts of the lookup rows to give a handle: keyed by that handle. */
function linksFrom(
  rows: SfRecord[],
  wanted: Array<{ handle: string; email?: string | undefined; phone?: string | undefined }>,
  mapping: SalesforceMapping,
  emailField: string | null,
  phoneField: string | null,
): Map<string, SfRecord> {
  const links = new Map<string, SfRecord>();
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
