import { describe, expect, it } from "vitest";
import type { InteractionDraft, Observation } from "../normalise/observation";
import { applyObservation } from "./apply";
import { interactionId } from "./id";
import { Interaction } from "./schema";

const draft: InteractionDraft = {
  platform: "facebook",
  kind: "comment",
  direction: "inbound",
  externalId: "5001_1",
  threadId: "104_5001",
  account: { id: "104" },
  author: { id: "u1", name: "נועה" },
  text: "המוצר הגיע שבור 😡",
  occurredAt: "2026-11-01T10:00:00.000Z",
};
const context = { workspaceId: "default", deliveryId: "d1", receivedAt: "2026-11-01T10:00:02.000Z" };
const created: Observation = { change: "created", eventKey: "k-add", draft };
const edited: Observation = {
  change: "edited",
  eventKey: "k-edit",
  at: "2026-11-01T10:05:00.000Z",
  draft: { ...draft, text: "the product arrived broken" },
};
const deleted: Observation = { change: "deleted", eventKey: "k-del", at: "2026-11-01T10:09:00.000Z", draft };

/** Applies observations in order, as the store would, returning the final interaction and events. */
function fold(...observations: Observation[]) {
  let current: Interaction | undefined;
  const events: string[] = [];
  for (const observation of observations) {
    const outcome = applyObservation(current, observation, context);
    if (outcome.next) current = Interaction.parse(outcome.next);
    if (outcome.event) events.push(outcome.event);
  }
  return { interaction: current as Interaction, events };
}

describe("applyObservation", () => {
  it("creates an open, normal-priority interaction with a stable id and one history entry", () => {
    const { interaction, events } = fold(created);
    expect(interaction).toMatchObject({
      id: interactionId("facebook", "5001_1"),
      workspaceId: "default",
      text: "המוצר הגיע שבור 😡",
      tags: [],
      priority: "normal",
      status: "open",
      deliveryId: "d1",
      receivedAt: context.receivedAt,
    });
    expect(interaction.history).toEqual([
      { at: context.receivedAt, type: "received", by: "platform", detail: { eventKey: "k-add", deliveryId: "d1" } },
    ]);
    expect(events).toEqual(["interaction.received"]);
  });

  it("has no second effect for a redelivered event", () => {
    const once = fold(created);
    expect(applyObservation(once.interaction, created, context)).toEqual({ next: undefined, event: undefined });
  });

  it("updates on edit (keeping the previous text) and marks a deletion, never creating a second interaction", () => {
    const { interaction, events } = fold(created, edited, deleted);
    expect(interaction.text).toBe("the product arrived broken");
    expect(interaction.edited).toEqual({ at: edited.at, previousText: "המוצר הגיע שבור 😡" });
    expect(interaction.deleted).toEqual({ at: "2026-11-01T10:09:00.000Z" });
    expect(interaction.history.map((entry) => entry.type)).toEqual(["received", "edited", "deleted"]);
    expect(events).toEqual(["interaction.received", "interaction.updated", "interaction.updated"]);
  });

  it("keeps the newer text when an older edit arrives late", () => {
    const later: Observation = {
      ...edited,
      eventKey: "k-edit-2",
      at: "2026-11-01T10:07:00.000Z",
      draft: { ...draft, text: "v2" },
    };
    const { interaction } = fold(created, later, edited);
    expect(interaction.text).toBe("v2");
  });

  it("builds the interaction from an edit that arrives before its add, and the add then fills gaps only", () => {
    const { interaction, events } = fold(edited, created);
    expect(interaction.text).toBe("the product arrived broken");
    expect(interaction.history.map((entry) => entry.type)).toEqual(["received", "edited", "received"]);
    expect(events).toEqual(["interaction.received", "interaction.updated"]);
  });

  it("keeps a deletion when the add arrives after it", () => {
    const { interaction } = fold(deleted, created);
    expect(interaction.deleted).toEqual({ at: deleted.at });
  });

  describe("delivery reports of the brand's own message", () => {
    const outbound: InteractionDraft = { ...draft, direction: "outbound", kind: "message", text: "" };
    const status = (
      state: "sent" | "delivered" | "read" | "failed",
      at: string,
    ): Extract<Observation, { change: "delivery" }> => ({
      change: "delivery",
      eventKey: `k-${state}`,
      report: { state, at },
      draft: { ...outbound, occurredAt: at },
    });
    const sent = status("sent", "2026-11-01T10:00:00.000Z");
    const delivered = status("delivered", "2026-11-01T10:00:05.000Z");
    const read = status("read", "2026-11-01T10:01:00.000Z");

    it.each([
      ["in order", [sent, delivered, read]],
      ["read first", [read, sent, delivered]],
      ["delivered last", [sent, read, delivered]],
    ])("ends read and dated by 'sent' when the statuses arrive %s", (_name, order) => {
      const { interaction } = fold(...order);
      expect(interaction.delivery).toEqual({ state: "read", at: read.report.at });
      expect(interaction.occurredAt).toBe(sent.report.at);
      expect(interaction.direction).toBe("outbound");
      expect(interaction.history).toHaveLength(3);
    });
  });
});
