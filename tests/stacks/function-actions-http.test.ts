import { createHmac } from "node:crypto";
import type { FunctionName } from "@scrm/aws/function-access";
import { type Interaction, newDelivery, newNotification } from "@scrm/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { LambdaEvent } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { grantedActions, type RecordedFunctions, startRecordedFunctions, ungranted } from "../support/access-recorder";
import { sampleInteraction } from "../support/interactions";
import { apiDomain, httpApiEvent } from "../support/lambda-events";

/**
 * The two HTTP API functions, driven with API Gateway payload 2.0 events through their main routes,
 * against dynalite and the PutEvents fake behind recording proxies: every DynamoDB and EventBridge
 * call each makes must be granted by its entry in packages/aws/src/function-access.ts, and every
 * grant must be needed by one of these routes.
 */
const table = "scrm-relay-http-access-test";
const httpFunctions = ["webhook", "admin-api"] as const satisfies readonly FunctionName[];
const secrets = {
  META_APP_SECRET: "meta-app-secret",
  META_VERIFY_TOKEN: "meta-verify-token",
  HUBSPOT_CLIENT_SECRET: "hubspot-client-secret",
  SALESFORCE_WEBHOOK_SECRET: "salesforce-webhook-secret",
  ADMIN_TOKEN: "admin-token",
};

type Handler = (event: LambdaEvent) => Promise<{ statusCode: number; body: string }>;
let env: RecordedFunctions;
let webhook: Handler;
let admin: Handler;

beforeAll(async () => {
  env = await startRecordedFunctions(table, secrets);
  webhook = (await import("../../functions/webhook")).handler as Handler;
  admin = (await import("../../functions/admin-api")).handler as Handler;
});
afterAll(async () => {
  await env?.stop();
});

/** Hono's event type wants fields API Gateway leaves out; aws-lambda's matches what it sends. */
const call = (name: FunctionName, handler: Handler, event: APIGatewayProxyEventV2) =>
  env.as(name, () => handler(event as unknown as LambdaEvent));

const api = (method: string, path: string, body?: unknown, query?: string) =>
  call(
    "admin-api",
    admin,
    httpApiEvent({
      method,
      path,
      ...(query ? { query } : {}),
      headers: { authorization: `Bearer ${secrets.ADMIN_TOKEN}`, "x-actor": "ops@brand.example" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );

const ago = (ms: number) => new Date(Date.now() - ms);
const metaComment = JSON.stringify(
  feedCommentPayload({
    pageId: "104000000000001",
    postId: "200",
    commentId: "700",
    author: { id: "5550001", name: "Dana" },
    message: "refund please",
    createdTime: 1767225600,
  }),
);

/** An interaction of thread `crm-thread`, tagged, that still carries an event needing no consumer. */
async function storeCaseMember(n: number): Promise<Interaction> {
  const interaction = sampleInteraction(n, { threadId: "crm-thread", tags: ["vip"] });
  const carried = { id: `escalated-${n}`, type: "interaction.escalated", detail: { interactionId: interaction.id } };
  await env.interactions.put(interaction, undefined, { events: [carried], dueAt: new Date(Date.now() + 3_600_000) });
  return interaction;
}

describe("the webhook function's routes", () => {
  it("Meta: the handshake, then a signed delivery stored and published", async () => {
    const handshake = await call(
      "webhook",
      webhook,
      httpApiEvent({
        method: "GET",
        path: "/webhooks/meta",
        query: `hub.mode=subscribe&hub.verify_token=${secrets.META_VERIFY_TOKEN}&hub.challenge=42`,
      }),
    );
    expect(handshake.body).toBe("42");
    const signature = `sha256=${createHmac("sha256", secrets.META_APP_SECRET).update(metaComment).digest("hex")}`;
    const accepted = await call(
      "webhook",
      webhook,
      httpApiEvent({
        method: "POST",
        path: "/webhooks/meta",
        headers: { "x-hub-signature-256": signature },
        body: metaComment,
      }),
    );
    expect(accepted.statusCode).toBe(200);
    expect((await call("webhook", webhook, httpApiEvent({ method: "GET", path: "/healthz" }))).statusCode).toBe(200);
  });

  it("HubSpot closes a ticket's case; Salesforce reopens it", async () => {
    const member = await storeCaseMember(101);
    await env.stores.records.put("hubspot", "ticket", "901", {
      workspaceId: "default",
      platform: member.platform,
      threadId: member.threadId,
      seq: 1,
    });
    const events = JSON.stringify([
      {
        eventId: 1,
        occurredAt: Date.now(),
        subscriptionType: "ticket.propertyChange",
        objectId: 901,
        propertyName: "hs_pipeline_stage",
        propertyValue: "4",
      },
    ]);
    const timestamp = String(Date.now());
    const url = `https://${apiDomain}/webhooks/hubspot`;
    const signature = createHmac("sha256", secrets.HUBSPOT_CLIENT_SECRET)
      .update(`POST${url}${events}${timestamp}`)
      .digest("base64");
    const closed = await call(
      "webhook",
      webhook,
      httpApiEvent({
        method: "POST",
        path: "/webhooks/hubspot",
        headers: { "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": timestamp },
        body: events,
      }),
    );
    expect(closed.statusCode).toBe(200);
    expect((await env.interactions.get(member.id))?.interaction.status).toBe("resolved");

    const reopened = await call(
      "webhook",
      webhook,
      httpApiEvent({
        method: "POST",
        path: "/webhooks/salesforce",
        headers: { authorization: `Bearer ${secrets.SALESFORCE_WEBHOOK_SECRET}` },
        body: JSON.stringify({ event: "case.reopened", caseKey: member.threadId, origin: member.platform }),
      }),
    );
    expect(reopened.statusCode).toBe(200);
    expect((await env.interactions.get(member.id))?.interaction.status).toBe("open");
  });
});

describe("the admin function's routes", () => {
  it("rules, calendars and SLA policies: created, listed, versioned, removed", async () => {
    const rule = { id: "tag-refunds", name: "tag refunds", then: [{ type: "tag", tags: ["refund"] }] };
    expect((await api("POST", "/api/v1/rules", rule)).statusCode).toBe(201);
    expect((await api("GET", "/api/v1/rules")).statusCode).toBe(200);
    expect((await api("GET", "/api/v1/rules/tag-refunds/versions")).statusCode).toBe(200);
    expect((await api("DELETE", "/api/v1/rules/tag-refunds")).statusCode).toBe(204);
    const calendar = { timezone: "Asia/Jerusalem", week: { sun: [["09:00", "18:00"]] } };
    expect((await api("PUT", "/api/v1/calendars/office", calendar)).statusCode).toBe(200);
    expect((await api("DELETE", "/api/v1/calendars/office")).statusCode).toBe(204);
    expect((await api("POST", "/api/v1/sla-policies", { id: "quick", firstResponse: "PT15M" })).statusCode).toBe(201);
    expect((await api("GET", "/api/v1/sla/at-risk")).statusCode).toBe(200);
    expect((await api("DELETE", "/api/v1/sla-policies/quick")).statusCode).toBe(204);
    expect((await api("GET", "/api/v1/audit")).statusCode).toBe(200);
  });

  it("interactions: listed by tag, overridden by a person", async () => {
    const member = await storeCaseMember(201);
    const listed = await api("GET", "/api/v1/interactions", undefined, "tag=vip");
    expect(JSON.parse(listed.body).items.map((item: Interaction) => item.id)).toContain(member.id);
    const patched = await api("PATCH", `/api/v1/interactions/${member.id}`, { priority: "low" });
    expect(patched.statusCode).toBe(200);
  });

  it("deliveries: pending ones listed (a closed minute leaves the directory), one retried", async () => {
    const old = newDelivery("meta", metaComment.replace("200_700", "200_701"), ago(20 * 60_000));
    await env.deliveries.save(old);
    await env.deliveries.settle(old.id, {
      status: "processed",
      report: { interactionIds: [], workspaceIds: [], skipped: [] },
      attempts: 1,
    });
    expect((await api("GET", "/api/v1/deliveries", undefined, "status=pending")).statusCode).toBe(200);
    expect((await api("POST", `/api/v1/deliveries/${old.id}/retry`)).statusCode).toBe(202);
  });

  it("a sync that failed for good and a notification: retried", async () => {
    const failed = sampleInteraction(301, {
      tags: ["vip"],
      sync: { hubspot: { state: "failed", attempts: 9, failedAt: new Date().toISOString(), lastError: "refused" } },
    });
    await env.interactions.put(failed, undefined);
    const failureId = `${failed.id}:hubspot`;
    await env.stores.failures.record({
      id: failureId,
      workspaceId: "default",
      interactionId: failed.id,
      target: "hubspot",
      failedAt: new Date().toISOString(),
      attempts: 9,
      error: { code: "crm.rejected", message: "refused" },
    });
    expect((await api("POST", `/api/v1/sync/failures/${encodeURIComponent(failureId)}/retry`)).statusCode).toBe(202);

    const request = {
      notificationId: "ntf-301",
      workspaceId: "default",
      interactionId: failed.id,
      url: "https://example.com/hook",
      rule: { id: "notify-ops", version: 1, name: "notify ops" },
      trigger: { type: "interaction.received", eventId: "e-301" },
    };
    await env.stores.notifications.create(newNotification(request, new Date()));
    expect((await api("POST", "/api/v1/notifications/ntf-301/retry")).statusCode).toBe(202);
  });
});

describe("what each HTTP function called, against packages/aws/src/function-access.ts", () => {
  it.each(httpFunctions)("%s calls only what it is granted, and uses every grant", (name) => {
    const granted = grantedActions(name);
    const called = env.observed(name);
    expect(called.length, `${name} was never driven`).toBeGreaterThan(0);
    expect(ungranted(called, granted), `${name} calls what its manifest entry does not grant`).toEqual([]);
    expect(ungranted(granted, new Set(called)), `${name} is granted what none of its routes calls`).toEqual([]);
  });

  it("the webhook never deletes and never reads in batches", () => {
    expect(env.observed("webhook")).not.toContain("dynamodb:DeleteItem");
    expect(env.observed("webhook")).not.toContain("dynamodb:BatchGetItem");
  });
});
