import type { Interaction } from "../interaction/schema";
import { draftInteraction } from "./dry-run";

export const at = "2026-11-22T12:00:00.000Z";

/** A stored interaction for decision tests, with any field overridden. */
export function interactionFor(overrides: Partial<Interaction> = {}): Interaction {
  return draftInteraction(
    {
      id: "fb_1",
      externalId: "1",
      threadId: "t",
      account: { id: "page" },
      author: { id: "u" },
      text: "hi",
      ...overrides,
    },
    at,
  );
}
