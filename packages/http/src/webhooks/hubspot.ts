import {
  applyCrmCaseEvent,
  authError,
  type CrmCaseChange,
  type CrmEventDeps,
  type CrmRecordIndex,
  inputError,
  unavailable,
  verifyHubSpotSignatureV3,
} from "@scrm/core";
import type { Context, Env, Hono } from "hono";
import * as z from "zod";
import { rawBody, webhookBodyLimit } from "./raw-body";

export interface HubSpotWebhookConfig {
  /** `HUBSPOT_CLIENT_SECRET`: the app's client secret(s); the first is current, all verify (rotation). */
  clientSecrets: readonly string[] | undefined;
  /** Ticket pipeline stages that mean closed (`HUBSPOT_CLOSED_STAGES`, default `4`, the default pipeline's Closed). */
  closedStageIds?: readonly string[];
  /**
   * The public base URL HubSpot calls (`https://relay.example.com`), when a proxy in front changes the
   * scheme or host this server sees; otherwise the request's own URL (and `x-forwarded-proto`).
   */
  publicUrl?: string;
}

export type HubSpotWebhookDeps = CrmEventDeps & { records: CrmRecordIndex };

/** One HubSpot webhook subscription event; fields we do not read are kept as sent. */
export const HubSpotEvent = z
  .looseObject({
    eventId: z.union([z.number(), z.string()]),
    subscriptionId: z.union([z.number(), z.string()]).optional(),
    portalId: z.union([z.number(), z.string()]).optional(),
    occurredAt: z.number(),
    subscriptionType: z.string().meta({ examples: ["ticket.propertyChange", "ticket.deletion"] }),
    objectTypeId: z.string().optional().meta({ description: "generic subscriptions: `0-5` is a ticket" }),
    attemptNumber: z.number().optional(),
    objectId: z.union([z.number(), z.string()]),
    propertyName: z.string().optional(),
    propertyValue: z.string().optional(),
    changeSource: z.string().optional(),
  })
  .meta({ id: "HubSpotWebhookEvent" });
export const HubSpotEvents = z.array(HubSpotEvent).max(1000);

/** The answer of both CRM webhook routes, once the change is written. */
export const CrmAccepted = z.object({ status: z.literal("accepted") }).meta({ id: "CrmWebhookAccepted" });

/** The URL HubSpot called, as well as this server can know it. */
function calledUrl(c: Context, publicUrl: string | undefined): string {
  const url = new URL(c.req.url);
  if (publicUrl) {
    const base = new URL(publicUrl);
    return `${base.origin}${base.pathname.replace(/\/$/, "")}${url.pathname}${url.search}`;
  }
  const proto = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim();
  if (proto === "https" || proto === "http") url.protocol = `${proto}:`;
  return url.href;
}

/** What a ticket event means for its case, or undefined for events we do not act on. */
function changeOf(event: z.infer<typeof HubSpotEvent>, closedStageIds: readonly string[]): CrmCaseChange | undefined {
  const ticketChange =
    event.subscriptionType === "ticket.propertyChange" ||
    (event.subscriptionType === "object.propertyChange" && event.objectTypeId === "0-5");
  if (!ticketChange || event.propertyName !== "hs_pipeline_stage" || event.propertyValue === undefined) return;
  return closedStageIds.includes(event.propertyValue) ? "closed" : "reopened";
}

export function registerHubSpotWebhook(app: Hono<Env>, config: HubSpotWebhookConfig, deps: HubSpotWebhookDeps) {
  const limitBody = webhookBodyLimit();
  const closedStageIds = config.closedStageIds?.length ? config.closedStageIds : ["4"];
  // A plain handler, documented in ./routes: the signature is checked over the raw bytes first.
  app.post(
    "/webhooks/hubspot",
    async (c, next) => {
      if (!config.clientSecrets?.length) {
        throw unavailable("webhook.not_configured", "HubSpot webhooks are not configured: set HUBSPOT_CLIENT_SECRET", {
          variable: "HUBSPOT_CLIENT_SECRET",
        });
      }
      return limitBody(c, next);
    },
    async (c) => {
      const body = await rawBody(c);
      const check = verifyHubSpotSignatureV3({
        signature: c.req.header("x-hubspot-signature-v3"),
        timestamp: c.req.header("x-hubspot-request-timestamp"),
        method: c.req.method,
        url: calledUrl(c, config.publicUrl),
        body,
        secrets: config.clientSecrets ?? [],
        now: deps.clock.now(),
      });
      if (!check.ok) {
        const reasons = {
          missing: "X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp is missing",
          malformed: "X-HubSpot-Request-Timestamp is not a time in milliseconds",
          expired: "X-HubSpot-Request-Timestamp is more than 5 minutes away from now",
          mismatch: "X-HubSpot-Signature-v3 does not match the request",
        };
        throw authError(`webhook.signature_${check.reason}`, reasons[check.reason]);
      }
      const events = parseEvents(body);
      for (const event of [...events].sort((a, b) => a.occurredAt - b.occurredAt)) {
        const change = changeOf(event, closedStageIds);
        if (!change) continue;
        const ticketId = String(event.objectId);
        const ref = await deps.records.find("hubspot", "ticket", ticketId);
        if (!ref) {
          // Not a ticket this relay made (or its sync has not been recorded): nothing to change.
          deps.logger.info("HubSpot event for an unknown ticket ignored", { ticketId, eventId: event.eventId });
          continue;
        }
        await applyCrmCaseEvent(deps, {
          target: "hubspot",
          change,
          case: ref,
          eventId: `crm:hubspot:${event.eventId}`,
          at: new Date(event.occurredAt).toISOString(),
          recordId: ticketId,
        });
      }
      return c.json(CrmAccepted.parse({ status: "accepted" }), 200);
    },
  );
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function parseEvents(bytes: Uint8Array) {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(bytes));
  } catch (cause) {
    throw inputError("webhook.invalid_json", `body is not valid UTF-8 JSON: ${(cause as Error).message}`);
  }
  const parsed = HubSpotEvents.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
    throw inputError("webhook.invalid_body", `not HubSpot webhook events: ${problems.join("; ")}`, problems);
  }
  return parsed.data;
}
