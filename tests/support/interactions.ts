import { type Interaction, interactionId } from "@scrm/core";

/** A valid stored Interaction number `n`, with any field overridden. */
export function sampleInteraction(n: number, overrides: Partial<Interaction> = {}): Interaction {
  const platform = overrides.platform ?? "facebook";
  const externalId = `ext-${n}`;
  return {
    id: interactionId(platform, externalId),
    workspaceId: "default",
    platform,
    kind: "comment",
    direction: "inbound",
    externalId,
    threadId: `thread-${n % 3}`,
    account: { id: "page-1" },
    author: { id: `user-${n}`, name: "שרה כהן" },
    text: `text ${n} 🙂`,
    occurredAt: new Date(Date.UTC(2026, 10, 1, 12, 0, n)).toISOString(),
    receivedAt: new Date(Date.UTC(2026, 10, 1, 12, 5, n)).toISOString(),
    tags: [],
    priority: "normal",
    status: "open",
    deliveryId: "d-1",
    history: [],
    ...overrides,
  };
}
