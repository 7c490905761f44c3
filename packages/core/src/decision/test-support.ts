import type { Interaction } from "../interaction/schema";

export const at = "2026-11-22T12:00:00.000Z";

/** A stored interaction for decision tests, with any field overridden. */
export function interactionFor(overrides: Partial<Interaction> = {}): Interaction {
  return {
    id: "fb_1",
    workspaceId: "default",
    platform: "facebook",
    kind: "comment",
    direction: "inbound",
    externalId: "1",
    threadId: "t",
    account: { id: "page" },
    author: { id: "u" },
    text: "hi",
    occurredAt: at,
    receivedAt: at,
    tags: [],
    priority: "normal",
    status: "open",
    deliveryId: "d",
    history: [],
    ...overrides,
  };
}
