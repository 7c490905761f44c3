import type { Interaction } from "../interaction/schema";
import type { Rule } from "./schema";

/** A complete, valid Interaction for tests and benchmarks; override what the case is about. */
export function sampleInteraction(overrides: Partial<Interaction> = {}): Interaction {
  return {
    id: "int_1",
    workspaceId: "default",
    platform: "facebook",
    kind: "comment",
    direction: "inbound",
    externalId: "c1",
    threadId: "t1",
    account: { id: "page1" },
    author: { id: "u1", name: "Noa", followers: 12_000 },
    text: "My order arrived broken, I want a refund",
    occurredAt: "2026-01-04T08:00:00.000Z",
    receivedAt: "2026-01-04T08:00:01.000Z",
    tags: [],
    priority: "normal",
    status: "open",
    deliveryId: "d1",
    history: [],
    ...overrides,
  };
}

/** A stored rule around a `when` and actions; override what the case is about. */
export function sampleRule(overrides: Partial<Rule> = {}): Rule {
  return {
    id: "r1",
    name: "rule",
    enabled: true,
    order: 100,
    on: ["interaction.received"],
    then: [{ type: "tag", tags: ["x"] }],
    stop: false,
    workspaceId: "default",
    version: 1,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    updatedBy: "test",
    ...overrides,
  };
}
