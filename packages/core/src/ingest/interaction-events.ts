import type { Interaction } from "../interaction/schema";
import type { Observation } from "../normalise/observation";
import type { PendingEvent } from "../ports";

/** The detail of `interaction.received` / `interaction.updated` (and the rules pass's other triggers). */
export interface InteractionChanged {
  id: string;
  workspaceId: string;
  /** Unique per cause: the platform event's key, or the id of a person's change. */
  eventId: string;
  /** What changed: the platform's change, `override` (a person), or an SLA transition. */
  change: Observation["change"] | "override" | string;
  by?: string;
}

/** An event about an interaction, awaiting the rules pass that consumes it on the same item. */
export function interactionChanged(
  type: string,
  interaction: Interaction,
  cause: { eventId: string; change: InteractionChanged["change"]; by?: string },
): PendingEvent<InteractionChanged> {
  return {
    id: cause.eventId,
    type,
    awaitConsumer: true,
    detail: { id: interaction.id, workspaceId: interaction.workspaceId, ...cause },
  };
}
