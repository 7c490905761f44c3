import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { HubSpotError, type ObjectType, type PropertyDefinition, type StoredObject } from "./hubspot/model";
import { type Reply, route } from "./hubspot/routes";
import { CrmStore, type RejectableInput, type StoredAssociation } from "./hubspot/store";

export type { ObjectType, PropertyDefinition, RejectableInput, StoredAssociation, StoredObject };

export type RateLimitPolicy = "TEN_SECONDLY_ROLLING" | "SECONDLY" | "DAILY";

export interface HubSpotFakeOptions {
  /** The private-app token the fake accepts as `Authorization: Bearer <token>`. Default "test-token". */
  accessToken?: string;
  /**
   * Pre-creates scrm_social_handle (contacts) and scrm_case_key (tickets) with hasUniqueValue, and
   * scrm_interaction_id (notes) without: notes cannot hold unique properties.
   */
  withProperties?: boolean;
  latencyMs?: number;
  /** Values for the X-HubSpot-RateLimit-* headers (defaults: a Professional private app, 190 per 10 s, 650,000 a day). */
  limits?: { daily?: number; max?: number; intervalMs?: number };
  /** Also send X-HubSpot-RateLimit-Secondly(-Remaining); off by default (not in HubSpot's current docs). */
  secondlyHeaders?: boolean;
  now?: () => Date;
}

/** One request as received, with the status answered ("dropped" when the socket was destroyed). */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Query parameters; repeated ones joined with ",". */
  query: Record<string, string>;
  body: unknown;
  status: number | "dropped";
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface HubSpotFaults {
  /** The next `count` requests answer 429 with HubSpot's rate-limit body (and Retry-After when given). */
  rateLimit(count: number, options?: { retryAfterSeconds?: number; policyName?: RateLimitPolicy }): void;
  /** The next `count` requests answer a gateway error: 502, 503, 504 in turn unless `status` is given. */
  downFor(count: number, options?: { status?: 502 | 503 | 504; body?: "html" | "json" }): void;
  /** Every request answers 503 until `down(false)`. */
  down(on: boolean): void;
  /** Writes matching `predicate` fail: alone with a 400 (or `status`), inside a batch as an entry of a 207. Returns an undo. */
  rejectInput(
    predicate: (input: RejectableInput) => boolean,
    error?: { category?: string; message?: string; status?: number },
  ): () => void;
  /** Delay before every answer. */
  latencyMs: number;
  /**
   * The next `count` writes (to paths matching `path`, when given) are performed, then the socket is
   * destroyed without an answer.
   */
  dropResponseAfterWrite(count: number, path?: RegExp): void;
  clear(): void;
}

export interface HubSpotFake {
  /** Give this to the client as `basePath`. */
  url: string;
  objects(type: ObjectType): StoredObject[];
  /** Seeds a record (validated like a create; tickets default to stage "1", notes to hs_timestamp now). */
  insert(type: ObjectType, properties: Record<string, unknown>): StoredObject;
  associations: StoredAssociation[];
  /** Ids of `toType` records associated with a record, in either direction. */
  associated(type: ObjectType, id: string, toType: ObjectType): string[];
  properties(type: ObjectType): PropertyDefinition[];
  /** Adds a ticket pipeline beside the default "0" (stages open unless `closed`). */
  addTicketPipeline(pipeline: {
    id: string;
    label: string;
    stages: Array<{ id: string; label: string; closed?: boolean }>;
  }): void;
  requests: RecordedRequest[];
  faults: HubSpotFaults;
  stop(): Promise<void>;
}

const jsonType = "application/json;charset=utf-8";
const rateLimitMessages: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: "You have reached your ten_secondly_rolling limit.",
  SECONDLY: "You have reached your secondly limit.",
  DAILY: "You have reached your daily limit.",
};

/**
 * A local HubSpot CRM API (v3 objects, search, properties, pipelines; v4 associations) over real
 * HTTP, written from HubSpot's reference pages: documented success statuses (201 for creates, 200
 * for upserts, 207 for partial batches), error bodies, X-HubSpot-RateLimit-* headers, and faults.
 */
export async function startHubSpotFake(options: HubSpotFakeOptions = {}): Promise<HubSpotFake> {
  const token = options.accessToken ?? "test-token";
  const clock = options.now ?? (() => new Date());
  const store = new CrmStore(clock);
  const limits = { daily: 650_000, max: 190, intervalMs: 10_000, ...options.limits };
  const requests: RecordedRequest[] = [];
  const recent: number[] = [];
  let dailyUsed = 0;
  let limited: { count: number; retryAfterSeconds?: number; policyName: RateLimitPolicy } = {
    count: 0,
    policyName: "TEN_SECONDLY_ROLLING",
  };
  let outage: { count: number; always: boolean; status?: 502 | 503 | 504; body: "html" | "json"; turn: number } = {
    count: 0,
    always: false,
    body: "html",
    turn: 0,
  };
  let drops = 0;
  let dropsOn: RegExp | undefined;

  const faults: HubSpotFaults = {
    rateLimit(count, opts = {}) {
      limited = { ...opts, count, policyName: opts.policyName ?? "TEN_SECONDLY_ROLLING" };
    },
    downFor(count, opts = {}) {
      outage = { count, always: false, status: opts.status, body: opts.body ?? "html", turn: 0 };
    },
    down(on) {
      outage = { ...outage, always: on, body: "html", status: 503 };
    },
    rejectInput(predicate, error = {}) {
      const rejection = { predicate, error };
      store.rejections.push(rejection);
      return () => {
        const index = store.rejections.indexOf(rejection);
        if (index >= 0) store.rejections.splice(index, 1);
      };
    },
    latencyMs: options.latencyMs ?? 0,
    dropResponseAfterWrite(count, path) {
      drops = count;
      dropsOn = path;
    },
    clear() {
      limited = { count: 0, policyName: "TEN_SECONDLY_ROLLING" };
      outage = { count: 0, always: false, body: "html", turn: 0 };
      store.rejections.length = 0;
      faults.latencyMs = 0;
      drops = 0;
      dropsOn = undefined;
    },
  };

  function rateHeaders(policy?: RateLimitPolicy): Record<string, string> {
    const now = Date.now();
    while (recent.length > 0 && (recent[0] ?? now) <= now - limits.intervalMs) recent.shift();
    const headers: Record<string, string> = {
      "X-HubSpot-RateLimit-Daily": String(limits.daily),
      "X-HubSpot-RateLimit-Daily-Remaining": String(policy === "DAILY" ? 0 : Math.max(0, limits.daily - dailyUsed)),
      "X-HubSpot-RateLimit-Interval-Milliseconds": String(limits.intervalMs),
      "X-HubSpot-RateLimit-Max": String(limits.max),
      "X-HubSpot-RateLimit-Remaining": String(
        policy === "TEN_SECONDLY_ROLLING" ? 0 : Math.max(0, limits.max - recent.length),
      ),
    };
    if (options.secondlyHeaders) {
      const perSecond = Math.ceil(limits.max / (limits.intervalMs / 1000));
      const lastSecond = recent.filter((t) => t > now - 1000).length;
      headers["X-HubSpot-RateLimit-Secondly"] = String(perSecond);
      headers["X-HubSpot-RateLimit-Secondly-Remaining"] = String(
        policy === "SECONDLY" ? 0 : Math.max(0, perSecond - lastSecond),
      );
    }
    return headers;
  }

  function send(res: ServerResponse, recorded: RecordedRequest, reply: Reply, extra: Record<string, string> = {}) {
    recorded.status = reply.status;
    const headers = { ...rateHeaders(), "X-HubSpot-Correlation-Id": randomUUID(), ...extra };
    if (reply.status === 204 || reply.body === undefined) return res.writeHead(reply.status, headers).end();
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    const type = typeof reply.body === "string" ? "text/html; charset=UTF-8" : jsonType;
    res.writeHead(reply.status, { ...headers, "Content-Type": type }).end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://hubspot.fake");
    const method = req.method ?? "GET";
    const query: Record<string, string> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(",");
    let body: unknown;
    let badJson: string | undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch (error) {
      badJson = (error as Error).message;
      body = text;
    }
    const recorded: RecordedRequest = { method, path: url.pathname, query, body, status: 0, at: Date.now() };
    requests.push(recorded);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);

    if (outage.always || outage.count > 0) {
      const statuses = [502, 503, 504] as const;
      const status = outage.always ? 503 : (outage.status ?? statuses[outage.turn++ % 3] ?? 503);
      if (!outage.always) outage.count--;
      return send(res, recorded, { status, body: gatewayBody(status, outage.body) });
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      const error = new HubSpotError(
        401,
        "INVALID_AUTHENTICATION",
        "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
      );
      return send(res, recorded, { status: 401, body: error.body() });
    }
    if (limited.count > 0) {
      limited.count--;
      const policy = limited.policyName;
      const retry = limited.retryAfterSeconds;
      recorded.status = 429;
      const reply = {
        status: 429,
        body: {
          status: "error",
          message: rateLimitMessages[policy],
          errorType: "RATE_LIMIT",
          correlationId: randomUUID(),
          policyName: policy,
          requestId: randomUUID(),
        },
      };
      return send(res, recorded, reply, {
        ...rateHeaders(policy),
        ...(retry === undefined ? {} : { "Retry-After": String(retry) }),
      });
    }
    dailyUsed++;
    recent.push(Date.now());

    let reply: Reply;
    try {
      if (badJson !== undefined) throw new HubSpotError(400, "VALIDATION_ERROR", `Invalid input JSON: ${badJson}`);
      const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      reply = route(store, { method, segments, query: url.searchParams, body });
    } catch (error) {
      if (!(error instanceof HubSpotError)) throw error;
      reply = { status: error.status, body: error.body() };
    }
    if (drops > 0 && isWrite(method, url.pathname) && (!dropsOn || dropsOn.test(url.pathname))) {
      drops--;
      recorded.status = "dropped";
      req.socket.destroy();
      return;
    }
    send(res, recorded, reply);
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      res.writeHead(500, { "Content-Type": jsonType }).end(
        JSON.stringify({
          status: "error",
          message: String(error),
          category: "INTERNAL_ERROR",
          correlationId: randomUUID(),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  if (options.withProperties) {
    const unique = (type: ObjectType, name: string, label: string, hasUniqueValue: boolean) => {
      const def = store.definition(type, "hs_object_id");
      store.definitions.get(type)?.push({
        ...(def as PropertyDefinition),
        name,
        label,
        type: "string",
        fieldType: "text",
        hasUniqueValue,
        hubspotDefined: false,
        modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
      });
    };
    unique("contacts", "scrm_social_handle", "Social handle", true);
    unique("tickets", "scrm_case_key", "Case key", true);
    // Notes cannot hold unique properties (only contacts, companies, deals, tickets, custom objects).
    unique("notes", "scrm_interaction_id", "Interaction id", false);
  }

  return {
    url: `http://127.0.0.1:${port}`,
    objects: (type) => [...(store.records.get(type) ?? [])],
    insert(type, properties) {
      const defaults: Record<string, unknown> =
        type === "tickets"
          ? { hs_pipeline_stage: "1" }
          : type === "notes"
            ? { hs_timestamp: clock().toISOString() }
            : {};
      return store.create(type, { ...defaults, ...properties }, { operation: "create", seed: true });
    },
    associations: store.associations,
    associated: (type, id, toType) => store.associated(type, id, toType).map((link) => link.toId),
    properties: (type) => [...(store.definitions.get(type) ?? [])],
    addTicketPipeline: (pipeline) => store.addPipeline(pipeline),
    requests,
    faults,
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function isWrite(method: string, path: string): boolean {
  if (method === "GET" || method === "HEAD") return false;
  return !(method === "POST" && (path.endsWith("/search") || path.endsWith("/batch/read")));
}

function gatewayBody(status: number, kind: "html" | "json"): unknown {
  const reason = status === 502 ? "Bad Gateway" : status === 503 ? "Service Unavailable" : "Gateway Timeout";
  if (kind === "html")
    return `<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>`;
  return { status: "error", message: reason, correlationId: randomUUID(), category: "INTERNAL_ERROR" };
}
