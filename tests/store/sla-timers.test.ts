import {
  type BusEvent,
  type Clock,
  publishDueEvents,
  RuleSets,
  type RunSlaDeps,
  runSlaTimer,
  SlaPolicy,
  slaTimerRequest,
  startClock,
} from "@scrm/core";
import { DynamoInteractionStore, decisionStores } from "@scrm/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTable, storeServers } from "../support/dynamo";
import { sampleInteraction } from "../support/interactions";

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const t0 = Date.parse("2026-11-23T09:00:00.000Z");
const minutes = (n: number) => new Date(t0 + n * 60_000);

const policy = SlaPolicy.parse({
  id: "ten-minutes",
  firstResponse: "PT10M",
  escalations: [
    { at: "80%", actions: [{ type: "tag", tags: ["sla-warned"] }] },
    {
      at: "breach",
      actions: [
        { type: "notify", url: "https://example.com/hook" },
        { type: "escalate", level: 2 },
      ],
    },
  ],
  version: 1,
  updatedAt: new Date(t0).toISOString(),
  updatedBy: "test",
});

describe.each(storeServers())("durable SLA timers on %s", (server) => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let interactions: DynamoInteractionStore;
  let stores: ReturnType<typeof decisionStores>;
  const published: BusEvent[] = [];
  let now = minutes(0);
  const clock: Clock = { now: () => now };

  /** A process's view: fresh caches each time, as after a restart or on another Lambda. */
  const process = (): RunSlaDeps => ({
    interactions,
    ruleSets: new RuleSets(stores.rules, silent),
    timers: stores.timers,
    threads: stores.threads,
    bus: { publish: async (events) => void published.push(...events) },
    outbox: stores.outbox,
    clock,
    logger: silent,
  });

  beforeAll(async () => {
    table = await freshTable(server);
    interactions = new DynamoInteractionStore(table.documents, table.tableName);
    stores = decisionStores(table.documents, table.tableName);
    await stores.rules.savePolicy(policy, undefined);
  });
  afterAll(() => table.stop());

  it("each checkpoint fires once across two racing handlers, a restart between warning and breach, and two racing sweepers", async () => {
    const base = sampleInteraction(1, { occurredAt: minutes(0).toISOString() });
    const firstResponse = startClock({ policy, calendar: undefined }, "firstResponse", minutes(0));
    const interaction = { ...base, sla: { firstResponse: firstResponse as NonNullable<typeof firstResponse> } };
    await interactions.put(interaction, undefined, {
      events: [slaTimerRequest(interaction, "start")],
      dueAt: minutes(0),
    });

    // The request sets the timer (nothing due yet) and is taken off the interaction.
    await runSlaTimer(process(), interaction.id);
    expect((await interactions.get(interaction.id))?.pending).toEqual([]);
    expect(await stores.timers.dueBy("default", minutes(8), 10)).toEqual([interaction.id]);
    expect(await stores.timers.dueBy("default", minutes(7), 10)).toEqual([]);

    // 80%: two sweepers race to publish the due timer; one publishes.
    now = minutes(8.01);
    published.length = 0;
    const sweeper = {
      bus: { publish: async (events: BusEvent[]) => void published.push(...events) },
      outbox: stores.outbox,
      clock,
      logger: silent,
    };
    await Promise.all([publishDueEvents(sweeper), publishDueEvents(sweeper)]);
    expect(published.filter((event) => event.type === "sla.timer")).toHaveLength(1);

    // Two handlers race on it: the warning and its step happen once.
    await Promise.all([runSlaTimer(process(), interaction.id), runSlaTimer(process(), interaction.id)]);
    const warned = (await interactions.get(interaction.id))?.interaction;
    expect(warned?.tags).toEqual(["sla-warned"]);
    expect(warned?.history.filter((entry) => entry.type === "sla.warning")).toHaveLength(1);
    expect(warned?.sla?.firstResponse?.state).toBe("running");
    expect(await stores.timers.dueBy("default", minutes(9.99), 10)).toEqual([]);
    expect(await stores.timers.dueBy("default", minutes(10), 10)).toEqual([interaction.id]);

    // A restart (new caches), then the breach, raced again: breached once, one notify, one escalation.
    now = minutes(10.5);
    await Promise.all([runSlaTimer(process(), interaction.id), runSlaTimer(process(), interaction.id)]);
    const stored = await interactions.get(interaction.id);
    const breached = stored?.interaction;
    expect(breached?.sla?.firstResponse).toMatchObject({ state: "breached", breachedAt: minutes(10).toISOString() });
    expect(breached?.history.filter((entry) => entry.type === "sla.breached")).toHaveLength(1);
    expect(breached?.escalation?.level).toBe(2);
    // Events are delivered at least once (published, and kept until settled): what counts is one of each.
    const distinct = (type: string) =>
      new Set(
        [...(stored?.pending ?? []), ...published]
          .filter((event) => event.type === type)
          .map((event) =>
            JSON.stringify(
              (event.detail as { notificationId?: string; eventId?: string }).notificationId ??
                (event.detail as { eventId?: string }).eventId,
            ),
          ),
      ).size;
    expect(distinct("notify.requested")).toBe(1);
    expect(distinct("sla.breached")).toBe(1);
    // Nothing left to fire: the timer is gone.
    expect(await stores.timers.dueBy("default", minutes(60 * 24), 10)).toEqual([]);
  });
});
