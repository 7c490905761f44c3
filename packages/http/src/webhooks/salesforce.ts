import { createHash } from "node:crypto";
import {
  applyCrmCaseEvent,
  authError,
  type CrmEventDeps,
  constantTimeEqual,
  inputError,
  Platform,
  parseCaseKey,
  unavailable,
  verifyPrefixedSignature,
} from "@scrm/core";
import type { Context, Env, Hono } from "hono";
import * as z from "zod";
import { CrmAccepted } from "./hubspot";
import { parseJsonObject, rawBody, webhookBodyLimit } from "./raw-body";

export interface SalesforceWebhookConfig {
  /** `SALESFORCE_WEBHOOK_SECRET`: the first is current, all verify (rotation). */
  secrets: readonly string[] | undefined;
}

/**
 * What a Salesforce Flow (HTTP Callout action) or Apex callout posts when a case changes. Example
 * Flow: a record-triggered Flow on Case, "after update", entry condition `IsClosed` changed (or
 * `Status` changed), calling an External Service / HTTP Callout to `POST <relay>/webhooks/salesforce`
 * through a Named Credential whose custom header is `Authorization: Bearer {!$Credential.Password}`
 * (the secret), with the body built from `{!$Record.SCRM_Case_Key__c}`, `{!$Record.Origin}`,
 * `{!$Record.Status}`, `{!$Record.IsClosed}`, `{!$Record.ClosedDate}`, `{!$Record.Id}` and an
 * `event` chosen by a Decision element (`case.closed` when IsClosed, `case.reopened` when it was
 * closed before, `case.answered` when an agent's first reply is logged).
 */
export const SalesforceCaseEvent = z
  .object({
    event: z.enum(["case.closed", "case.reopened", "case.answered"]).optional().meta({
      description: "absent: `case.closed` when isClosed is true, `case.reopened` when false",
    }),
    caseKey: z.string().min(1).meta({ description: "SCRM_Case_Key__c: the thread id, `#2`, `#3`… for later cases" }),
    origin: Platform.meta({ description: "Case.Origin: the platform of the thread (facebook, instagram…)" }),
    workspaceId: z.string().min(1).default("default"),
    status: z
      .string()
      .optional()
      .meta({ examples: ["Closed"] }),
    isClosed: z.boolean().optional(),
    closedDate: z.string().optional().meta({ description: "Case.ClosedDate; absent: now" }),
    caseId: z.string().optional(),
    eventId: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "unique per change; absent: derived from the body, so a retried callout is one event" }),
  })
  .meta({
    id: "SalesforceCaseEvent",
    examples: [
      {
        event: "case.closed",
        caseKey: "104817932345678_122101",
        origin: "facebook",
        status: "Closed",
        isClosed: true,
        closedDate: "2026-05-01T10:00:00.000Z",
        caseId: "5003000000D8cuI",
      },
    ],
  });

/** Either the bearer secret or a body signature; every secret is tried (no early exit). */
function authenticate(c: Context, secrets: readonly string[], body: Uint8Array): void {
  const signature = c.req.header("x-scrm-signature");
  if (signature !== undefined) {
    const check = verifyPrefixedSignature({
      header: signature,
      prefix: "sha256",
      algorithm: "sha256",
      encoding: "hex",
      secrets,
      body,
    });
    if (check.ok) return;
    throw authError(`webhook.signature_${check.reason}`, "X-SCRM-Signature is not sha256=<hex HMAC> of the body");
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (!bearer) throw authError("webhook.signature_missing", "Authorization: Bearer or X-SCRM-Signature is missing");
  let matched = false;
  for (const secret of secrets) if (constantTimeEqual(bearer, secret)) matched = true;
  if (!matched) throw authError("webhook.signature_mismatch", "the bearer token is not SALESFORCE_WEBHOOK_SECRET");
}

export function registerSalesforceWebhook(app: Hono<Env>, config: SalesforceWebhookConfig, deps: CrmEventDeps) {
  const limitBody = webhookBodyLimit();
  // A plain handler, documented in ./routes: the caller is authenticated over the raw bytes first.
  app.post(
    "/webhooks/salesforce",
    async (c, next) => {
      if (!config.secrets?.length) {
        throw unavailable(
          "webhook.not_configured",
          "Salesforce webhooks are not configured: set SALESFORCE_WEBHOOK_SECRET",
          { variable: "SALESFORCE_WEBHOOK_SECRET" },
        );
      }
      return limitBody(c, next);
    },
    async (c) => {
      const bytes = await rawBody(c);
      authenticate(c, config.secrets ?? [], bytes);
      const parsed = SalesforceCaseEvent.safeParse(parseJsonObject(bytes).json);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
        throw inputError("webhook.invalid_body", `not a Salesforce case event: ${problems.join("; ")}`, problems);
      }
      const body = parsed.data;
      const event =
        body.event ?? (body.isClosed === true ? "case.closed" : body.isClosed === false ? "case.reopened" : undefined);
      if (!event) throw inputError("webhook.invalid_body", "event: give `event`, or `isClosed`");
      const closedAt = body.closedDate ? new Date(body.closedDate) : undefined;
      const at = closedAt && !Number.isNaN(closedAt.getTime()) ? closedAt : deps.clock.now();
      const { threadId, seq } = parseCaseKey(body.caseKey);
      await applyCrmCaseEvent(deps, {
        target: "salesforce",
        change: event === "case.closed" ? "closed" : event === "case.reopened" ? "reopened" : "answered",
        case: { workspaceId: body.workspaceId, platform: body.origin, threadId, seq },
        eventId: `crm:salesforce:${body.eventId ?? createHash("sha256").update(bytes).digest("hex").slice(0, 32)}`,
        at: at.toISOString(),
        ...(body.caseId ? { recordId: body.caseId } : {}),
      });
      return c.json(CrmAccepted.parse({ status: "accepted" }), 200);
    },
  );
}
