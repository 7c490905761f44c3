import { randomBytes } from "node:crypto";
import type { FunctionName } from "@scrm/aws/function-access";
import {
  createRule,
  createSlaPolicy,
  interactionChanged,
  interactionId,
  newDelivery,
  outboxWrite,
  SlaPolicy,
  slaTimerRequest,
  startClock,
  syncRequest,
  systemClock,
} from "@scrm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { type HubSpotFake, startHubSpotFake } from "../fakes/hubspot";
import { grantedActions, type RecordedFunctions, startRecordedFunctions, ungranted } from "../support/access-recorder";
import { functionRegion as region } from "../support/aws-functions";
import { sampleInteraction } from "../support/interactions";
import { busEvent, scheduledEvent } from "../support/lambda-events";
import { type Answer, startReceiver } from "../support/receiver";
import { eventBridgeSqsRecord } from "../support/sqs-events";

/**
 * The bus handlers and the recovery function, driven through their entry points with the events
 * AWS hands them, against dynalite and the PutEvents fake behind recording proxies: every DynamoDB
 * and EventBridge call each makes must be granted by its entry in
 * packages/aws/src/function-access.ts, and every grant must be needed by one of these paths.
 */
const table = "scrm-relay-bus-access-test";
const busFunctions = [
  "process-delivery",
  "run-rules",
  "run-sla",
  "send-notification",
  "sync-crm",
  "recover-deliveries",
] as const satisfies readonly FunctionName[];

let env: RecordedFunctions;
let hubspot: HubSpotFake;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let fn: {
  processDelivery: typeof import("../../functions/process-delivery")["handler"];
  runRules: typeof import("../../functions/run-rules")["handler"];
  runSla: typeof import("../../functions/run-sla")["handler"];
  sendNotification: typeof import("../../functions/send-notification")["handler"];
  syncCrm: typeof import("../../functions/sync-crm")["handler"];
  recover: typeof import("../../functions/recover-deliveries")["handler"];
};

beforeAll(async () => {
  hubspot = await startHubSpotFake({ withProperties: true });
  receiver = await startReceiver((): Answer => ({ status: 200 }));
  env = await startRecordedFunctions(table, {
    NOTIFY_SIGNING_SECRET: `whsec_${randomBytes(32).toString("base64")}`,
    HUBSPOT_ACCESS_TOKEN: "test-token",
    HUBSPOT_BASE_URL: hubspot.url,
  });
  fn = {
    processDelivery: (await import("../../functions/process-delivery")).handler,
    runRules: (await import("../../functions/run-rules")).handler,
    runSla: (await import("../../functions/run-sla")).handler,
    sendNotification: (await import("../../functions/send-notification")).handler,
    syncCrm: (await import("../../functions/sync-crm")).handler,
    recover: (await import("../../functions/recover-deliveries")).handler,
  };
});
afterAll(async () => {
  await env?.stop();
  await hubspot?.stop();
  await receiver?.close();
});

const ago = (ms: number) => new Date(Date.now() - ms);
const inAnHour = () => new Date(Date.now() + 3_600_000);

/** A Page feed comment as Meta posts it. */
/** A comment on the Page's post 200, as Meta delivers it (`200_400`: post 200, comment 400). */
const metaComment = (commentId: string, message: string, verb: "add" | "edited" = "add") =>
  JSON.stringify(
    feedCommentPayload({
      pageId: "104000000000001",
      postId: "200",
      commentId: commentId.split("_")[1] ?? commentId,
      author: { id: "5550001", name: "Dana" },
      message,
      createdTime: 1767225600,
      verb,
    }),
  );

describe("the bus handlers' main paths", () => {
  it("process-delivery: a comment read by id, its edit once tagged, a body stored in parts, a missing delivery", async () => {
    const first = newDelivery("meta", metaComment("200_400", "it arrived broken, refund please"), new Date());
    await env.deliveries.save(first);
    await env.as("process-delivery", () => fn.processDelivery(busEvent("delivery.received", { deliveryId: first.id })));
    const id = interactionId("facebook", "200_400");
    const stored = await env.interactions.get(id);
    if (!stored) throw new Error("the comment became no interaction");

    // The rules pass tagged it since; the edit rewrites its tag hints too (inline, as the webhook publishes it).
    await env.interactions.put({ ...stored.interaction, tags: ["refund"] }, stored.version);
    const edit = newDelivery("meta", metaComment("200_400", "it arrived broken!! refund please", "edited"), new Date());
    await env.deliveries.save(edit);
    await env.as("process-delivery", () =>
      fn.processDelivery(busEvent("delivery.received", { deliveryId: edit.id, delivery: edit })),
    );
    expect((await env.interactions.get(id))?.interaction.text).toBe("it arrived broken!! refund please");

    // Too large for one item even gzipped: read back from its part items (a field nobody subscribes to).
    const filler = randomBytes(560 * 1024).toString("base64");
    const changes = [{ field: "ratings", value: { review_text: filler } }];
    const large = newDelivery(
      "meta",
      JSON.stringify({ object: "page", entry: [{ id: "1040", time: 1, changes }] }),
      new Date(),
    );
    await env.deliveries.save(large);
    await env.as("process-delivery", () => fn.processDelivery(busEvent("delivery.received", { deliveryId: large.id })));
    expect((await env.deliveries.get(large.id))?.status).not.toBe("pending");

    const missing = `${first.id.slice(0, 12)}-not-stored`;
    await expect(
      env.as("process-delivery", () => fn.processDelivery(busEvent("delivery.received", { deliveryId: missing }))),
    ).rejects.toThrow();
  });

  it("run-rules: enriches, tags, starts a clock, requests a notification and a sync, counts the hit", async () => {
    const admin = { rules: env.stores.rules, audit: env.stores.audit, clock: systemClock };
    await createRule(
      admin,
      {
        id: "vip-refunds",
        name: "VIP refunds",
        then: [
          { type: "tag", tags: ["vip"] },
          { type: "notify", url: "https://example.com/hook" },
          { type: "sync", target: "hubspot" },
          { type: "startSla", policy: "first-response" },
        ],
      },
      "test",
    );
    // A next-response clock asks whether the brand already wrote in the thread.
    await createSlaPolicy(admin, { id: "first-response", firstResponse: "PT1H", nextResponse: "PT2H" }, "test");
    const interaction = sampleInteraction(301, { threadId: "rules-thread" });
    const trigger = interactionChanged("interaction.received", interaction, { eventId: "e-301", change: "created" });
    await env.interactions.put(interaction, undefined, outboxWrite([], [trigger], new Date()));

    await env.as("run-rules", () => fn.runRules(busEvent(trigger.type, trigger.detail)));

    const stored = await env.interactions.get(interaction.id);
    expect(stored?.interaction.tags).toContain("vip");
    expect(stored?.interaction.sla?.firstResponse).toBeDefined();
    expect(stored?.pending.map((event) => event.type)).toContain("sync.requested");
    expect((await env.stores.rules.hits("default")).get("vip-refunds")?.count).toBe(1);
  });

  it("run-sla: a due breach escalates and clears the timer; a brand reply reaches the thread", async () => {
    const policy = SlaPolicy.parse({
      id: "five-minutes",
      firstResponse: "PT5M",
      escalations: [
        {
          at: "breach",
          actions: [
            { type: "setPriority", priority: "urgent" },
            { type: "escalate", level: 2 },
          ],
        },
      ],
      version: 1,
      updatedAt: new Date().toISOString(),
      updatedBy: "test",
    });
    await env.stores.rules.savePolicy(policy, undefined);
    const tenMinutesAgo = ago(10 * 60_000);
    const base = sampleInteraction(701, { occurredAt: tenMinutesAgo.toISOString(), tags: ["vip"] });
    const clock = startClock({ policy, calendar: undefined }, "firstResponse", tenMinutesAgo);
    const interaction = { ...base, sla: { firstResponse: clock as NonNullable<typeof clock> } };
    await env.interactions.put(interaction, undefined, {
      events: [slaTimerRequest(interaction, "start")],
      dueAt: new Date(),
    });
    await env.stores.timers.set("default", interaction.id, new Date());

    await env.as("run-sla", () =>
      fn.runSla(busEvent("sla.timer", { workspaceId: "default", interactionId: interaction.id })),
    );
    const replied = {
      workspaceId: "default",
      interactionId: interactionId("facebook", "reply-701"),
      platform: interaction.platform,
      threadId: interaction.threadId,
      occurredAt: new Date().toISOString(),
    };
    await env.as("run-sla", () => fn.runSla(busEvent("sla.thread-replied", replied)));

    const stored = await env.interactions.get(interaction.id);
    expect(stored?.interaction.sla?.firstResponse?.state).toBe("breached");
    expect(stored?.interaction.priority).toBe("urgent");
    expect(await env.stores.timers.dueBy("default", inAnHour(), 10)).not.toContain(interaction.id);
  });

  it("send-notification: one signed POST, the attempt written on the notification", async () => {
    const interaction = sampleInteraction(401);
    await env.interactions.put(interaction, undefined);
    const request = {
      notificationId: "ntf-401",
      workspaceId: "default",
      interactionId: interaction.id,
      url: receiver.url,
      rule: { id: "notify-ops", version: 1, name: "notify ops" },
      trigger: { type: "interaction.received", eventId: "e-401" },
    };

    await env.as("send-notification", () => fn.sendNotification(busEvent("notify.requested", request)));

    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers["webhook-signature"]).toMatch(/^v1,/);
    expect((await env.stores.notifications.get("ntf-401"))?.notification.state).toBe("delivered");
  });

  it("sync-crm: a batch to HubSpot, written back, with the events the interaction still carried", async () => {
    const interaction = sampleInteraction(501, { threadId: "sync-thread", tags: ["vip"] });
    const request = syncRequest(interaction, "hubspot", "rule-501");
    // Published by the rules pass a moment ago, not yet settled: the write-back carries it on and publishes it.
    const carried = { id: "escalated-501", type: "interaction.escalated", detail: { interactionId: interaction.id } };
    await env.interactions.put(interaction, undefined, { events: [request, carried], dueAt: inAnHour() });
    const record = eventBridgeSqsRecord("m-501", { detailType: "sync.requested", detail: request.detail }, { region });

    const answer = await env.as("sync-crm", () => fn.syncCrm({ Records: [record] }));

    expect(answer).toEqual({ batchItemFailures: [] });
    const stored = await env.interactions.get(interaction.id);
    expect(stored?.interaction.sync?.hubspot?.state).toBe("synced");
    expect(stored?.pending).toEqual([]);
  });

  it("recover-deliveries: a stranded delivery, a closed minute, a due outbox", async () => {
    const stranded = newDelivery("meta", metaComment("200_600", "hello?"), ago(5 * 60_000));
    const processed = newDelivery("meta", metaComment("200_601", "thanks"), ago(10 * 60_000));
    await Promise.all([stranded, processed].map((delivery) => env.deliveries.save(delivery)));
    await env.deliveries.settle(processed.id, {
      status: "processed",
      report: { interactionIds: [], workspaceIds: [], skipped: [] },
      attempts: 1,
    });
    const waiting = sampleInteraction(601);
    const trigger = interactionChanged("interaction.received", waiting, { eventId: "e-601", change: "created" });
    await env.interactions.put(waiting, undefined, { events: [trigger], dueAt: ago(60_000) });

    const result = await env.as("recover-deliveries", () => fn.recover(scheduledEvent(region)));

    expect(result.republished).toBeGreaterThanOrEqual(1);
    expect(result.outboxes).toBeGreaterThanOrEqual(1);
  });
});

describe("what each bus function called, against packages/aws/src/function-access.ts", () => {
  it.each(busFunctions)("%s calls only what it is granted, and uses every grant", (name) => {
    const granted = grantedActions(name);
    const called = env.observed(name);
    expect(called.length, `${name} was never driven`).toBeGreaterThan(0);
    expect(ungranted(called, granted), `${name} calls what its manifest entry does not grant`).toEqual([]);
    expect(ungranted(granted, new Set(called)), `${name} is granted what none of its paths calls`).toEqual([]);
  });

  it("would catch a grant taken away: send-notification without PutItem", () => {
    const withoutPut = new Set([...grantedActions("send-notification")].filter((a) => a !== "dynamodb:PutItem"));
    expect(ungranted(env.observed("send-notification"), withoutPut)).toEqual(["dynamodb:PutItem"]);
  });
});
