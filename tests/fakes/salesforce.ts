import type { KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Answer, errorBody, route } from "./salesforce/api";
import { composite } from "./salesforce/composite";
import { newAccessToken, tokenRequest } from "./salesforce/oauth";
import { Org, type SaveError, type SfRecord, type WriteOp } from "./salesforce/org";
import { Schema, type SchemaOptions } from "./salesforce/schema";
import { makeId } from "./salesforce/values";

/**
 * A local stand-in for the Salesforce REST API (and its OAuth token endpoint) over real HTTP,
 * written from the REST API Developer Guide: sObject create / retrieve / update / delete, upsert by
 * external id, sObject Collections (create, update, upsert; 200 records; allOrNone), a SOQL subset,
 * Composite (up to 25 subrequests, `@{ref…}` references, allOrNone; one API call), parents given by
 * external id through a relationship field (`"Contact": { "Handle__c": "x" }`),
 * describe and describe global, limits, `Sforce-Limit-Info` on API answers, errors as
 * `[{ message, errorCode, fields? }]`. Every `/services/data/vXX.X/` call needs
 * `Authorization: Bearer <token>`: the fixed token or one the token endpoint issued (client
 * credentials, or JWT bearer — whose RS256 signature is checked only if `jwtPublicKey` is given).
 * Objects: Case, Contact, SocialPersona, SocialPost, CaseComment (see ./salesforce/schema.ts).
 * Not served: Composite Batch / Graph / Tree, Bulk API, SOSL, relationship queries, aggregate SOQL,
 * queryMore (every query answers `done: true`), collections retrieve and delete.
 */

export type { SaveError, SaveResult, SfRecord } from "./salesforce/org";
export type { SObjectName } from "./salesforce/schema";

export interface SalesforceFakeOptions extends SchemaOptions {
  /** The newest API version the org serves, and the one tests should use. Default "60.0". */
  apiVersion?: string;
  /** A session id accepted as a bearer token. Default "test-token". */
  accessToken?: string;
  /** The connected app for the client credentials flow, and the `iss` expected in JWT bearer assertions. */
  clientId?: string;
  clientSecret?: string;
  /** When given, JWT bearer assertions must carry a valid RS256 signature by the matching private key. */
  jwtPublicKey?: KeyObject | string;
  /**
   * Users the connected app is pre-authorized for, whom a JWT bearer assertion may name as `sub`.
   * Default: the org's integration user (`username`).
   */
  jwtUsernames?: readonly string[];
  /** Daily API request allocation reported in Sforce-Limit-Info and /limits. Default 100,000. */
  dailyApiLimit?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON, the form fields of a token request, or undefined. */
  body: unknown;
}

export interface RecordTarget {
  operation: WriteOp["kind"];
  type: string;
  /** The fields the request sent for this record (API names as the org spells them). */
  fields: SfRecord;
}

export interface SalesforceFaults {
  /** Delay before every answer. */
  latencyMs: number;
  /** The next `count` requests (any path) answer 503: `[{ errorCode: "SERVER_UNAVAILABLE" }]`, or an HTML page. */
  downFor(count: number, options?: { html?: boolean }): void;
  /** Every request answers 503 until turned off. */
  down(on: boolean, options?: { html?: boolean }): void;
  /** The next `count` API calls answer 403 REQUEST_LIMIT_EXCEEDED ("TotalRequests Limit exceeded."). */
  limitExceeded(count: number): void;
  /** Records matching `predicate` fail (in a collection: that record only) with `error`; for `times` records, or until reset. */
  rejectRecord(
    predicate: (record: RecordTarget) => boolean,
    error: { statusCode: string; message: string; fields?: string[] },
    options?: { times?: number },
  ): void;
  /** The next `count` write calls are carried out, then the connection is destroyed without an answer. */
  dropResponseAfterWrite(count: number): void;
  /** Every session issued so far, and the fixed token, stop working (401 INVALID_SESSION_ID). */
  expireSessions(): void;
  reset(): void;
}

export interface SalesforceFake {
  /** Instance URL (`instanceUrl` for jsforce). */
  url: string;
  /** Login URL for the OAuth flows: the same server. */
  loginUrl: string;
  apiVersion: string;
  accessToken: string;
  /** The integration user's username (what the identity URL answers; the JWT bearer flow's `sub`). */
  username: string;
  /** The org's stored records of a type (copies, every field present). */
  records(type: string): SfRecord[];
  /** Seeds a record without validation; system fields (Id, CreatedDate, …) may be given. */
  insert(type: string, fields: SfRecord): SfRecord;
  /** Every request received, in order, including token requests and refused ones. */
  requests: RecordedRequest[];
  /** API usage against the daily allocation; tests may set `used`. */
  usage: { used: number; max: number };
  faults: SalesforceFaults;
  /** Forget records, requests, faults and usage. */
  reset(): void;
  stop(): Promise<void>;
}

const json = "application/json;charset=UTF-8";
const writeMethods = new Set(["POST", "PATCH", "PUT", "DELETE"]);

export async function startSalesforceFake(options: SalesforceFakeOptions = {}): Promise<SalesforceFake> {
  const apiVersion = options.apiVersion ?? "60.0";
  const fixedToken = options.accessToken ?? "test-token";
  const schema = new Schema(options);
  const org = new Org(schema);
  const orgId = makeId("00D", 1);
  const userId = makeId("005", 1);
  const requests: RecordedRequest[] = [];
  const usage = { used: 0, max: options.dailyApiLimit ?? 100_000 };
  const sessions = new Set<string>();
  let fixedTokenValid = true;
  let outage = { count: 0, always: false, html: false };
  let limitCount = 0;
  let dropCount = 0;
  let rejections: { predicate: (r: RecordTarget) => boolean; error: SaveError; remaining: number }[] = [];

  org.beforeWrite = (op) => {
    const target = { operation: op.kind, type: op.type, fields: { ...op.fields } };
    const rule = rejections.find((r) => r.remaining > 0 && r.predicate(target));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.error;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, errorBody("UNKNOWN_EXCEPTION", String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const identityPath = `/id/${orgId}/${userId}`;
  const username = "integration@scrm-relay.test";
  const identityUrl = url + identityPath;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const target = new URL(req.url ?? "/", url);
    const method = req.method ?? "GET";
    const isForm = req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded") ?? false;
    const parsed = parseBody(text, isForm);
    requests.push({
      method,
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      body: parsed.value,
    });

    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (outage.always || outage.count > 0) {
      if (!outage.always) outage.count--;
      if (outage.html)
        return res
          .writeHead(503, { "content-type": "text/html" })
          .end("<html><body><h1>503 Service Unavailable</h1><p>Service temporarily unavailable.</p></body></html>");
      return reply(
        res,
        503,
        errorBody("SERVER_UNAVAILABLE", "The server is temporarily unable to handle the request."),
      );
    }

    const path = target.pathname.replace(/\/+$/, "");
    if (path === "/services/oauth2/token" && method === "POST") {
      const answer = tokenRequest(new URLSearchParams(isForm ? text : ""), req.headers.authorization, {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        jwtPublicKey: options.jwtPublicKey,
        jwtUsernames: options.jwtUsernames ?? [username],
        loginUrl: url,
        instanceUrl: url,
        identityUrl,
        issue: () => {
          const token = newAccessToken(orgId);
          sessions.add(token);
          return token;
        },
      });
      return reply(res, answer.status, answer.body);
    }
    if (path === "/services/data")
      return reply(res, 200, [{ label: `v${apiVersion}`, url: `/services/data/v${apiVersion}`, version: apiVersion }]);
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    // The identity URL also takes the token as ?oauth_token= (jsforce's identity() sends it so).
    const token = path === identityPath ? (bearer ?? target.searchParams.get("oauth_token")) : bearer;
    const valid = !!token && (sessions.has(token) || (token === fixedToken && fixedTokenValid));
    if (path === identityPath && method === "GET") {
      if (!valid) return reply(res, 403, "Bad_OAuth_Token");
      return reply(res, 200, {
        id: identityUrl,
        asserted_user: true,
        user_id: userId,
        organization_id: orgId,
        username,
        display_name: "Integration User",
        active: true,
        user_type: "STANDARD",
        urls: { rest: `${url}/services/data/v{version}/`, sobjects: `${url}/services/data/v{version}/sobjects/` },
      });
    }
    const api = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
    if (!api) return reply(res, 404, errorBody("NOT_FOUND", "The requested resource does not exist"));
    if (!valid)
      return reply(res, 401, errorBody("INVALID_SESSION_ID", "Session expired or invalid"), {
        "www-authenticate": "Token",
      });
    const version = api[1] as string;
    if (Number.parseFloat(version) > Number.parseFloat(apiVersion) || Number.parseFloat(version) < 20)
      return reply(res, 404, errorBody("NOT_FOUND", "The requested resource does not exist"));
    const limitHeader = () => ({ "sforce-limit-info": `api-usage=${usage.used}/${usage.max}` });
    if (limitCount > 0 || usage.used >= usage.max) {
      if (limitCount > 0) limitCount--;
      return reply(res, 403, errorBody("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), limitHeader());
    }
    usage.used++;
    if (parsed.error) return reply(res, 400, errorBody("JSON_PARSER_ERROR", parsed.error), limitHeader());

    const segments = (api[2] ?? "").split("/").filter(Boolean).map(decodeSegment);
    const context = {
      org,
      version,
      identityUrl,
      limits: () => ({
        DailyApiRequests: { Max: usage.max, Remaining: Math.max(0, usage.max - usage.used) },
        DataStorageMB: { Max: 5, Remaining: 5 },
      }),
    };
    // A Composite request is one API call (counted above), whatever its subrequests.
    const answer: Answer =
      segments.length === 1 && segments[0] === "composite" && method === "POST"
        ? composite(parsed.value, context)
        : route(method, segments, target.searchParams, parsed.value, context);
    if (writeMethods.has(method) && dropCount > 0) {
      dropCount--;
      req.socket.destroy();
      return;
    }
    return reply(res, answer.status, answer.body, limitHeader());
  }

  const faults: SalesforceFaults = {
    latencyMs: 0,
    downFor(count, opts) {
      outage = { count, always: false, html: opts?.html ?? false };
    },
    down(on, opts) {
      outage = { count: 0, always: on, html: opts?.html ?? false };
    },
    limitExceeded(count) {
      limitCount = count;
    },
    rejectRecord(predicate, error, opts) {
      const saveError = { statusCode: error.statusCode, message: error.message, fields: error.fields ?? [] };
      rejections.push({ predicate, error: saveError, remaining: opts?.times ?? Number.POSITIVE_INFINITY });
    },
    dropResponseAfterWrite(count) {
      dropCount = count;
    },
    expireSessions() {
      sessions.clear();
      fixedTokenValid = false;
    },
    reset() {
      faults.latencyMs = 0;
      outage = { count: 0, always: false, html: false };
      limitCount = 0;
      dropCount = 0;
      rejections = [];
    },
  };

  return {
    url,
    loginUrl: url,
    apiVersion,
    accessToken: fixedToken,
    username,
    records: (type) => org.records(type),
    insert: (type, fields) => org.seed(type, fields),
    requests,
    usage,
    faults,
    reset() {
      org.clear();
      requests.length = 0;
      usage.used = 0;
      faults.reset();
    },
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Path segments arrive percent-encoded; a stray % (jsforce does not encode external ids) stays as sent. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseBody(text: string, isForm: boolean): { value: unknown; error?: string } {
  if (text === "") return { value: undefined };
  if (isForm) return { value: Object.fromEntries(new URLSearchParams(text)) };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { value: text, error: `Unexpected character in the request body: ${(error as Error).message}` };
  }
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (body === undefined) return res.writeHead(status, headers).end();
  res.writeHead(status, { "content-type": json, ...headers }).end(JSON.stringify(body));
}
