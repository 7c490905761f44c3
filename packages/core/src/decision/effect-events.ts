import type { Interaction } from "../interaction/schema";
import type { PendingEvent } from "../ports";
import type { Effect } from "./actions";

/** An effect as the event its handler consumes, with an id stable across repeats of the same pass. */
export function effectEvent(
  interaction: Interaction,
  effect: Effect,
  trigger: PendingEvent,
  index: number,
): PendingEvent {
  const base = {
    workspaceId: interaction.workspaceId,
    interactionId: interaction.id,
    rule: effect.rule,
    trigger: { type: trigger.type, eventId: trigger.id },
  };
  const id = `${trigger.id}:${effect.rule.id}:${index}`;
  switch (effect.type) {
    case "notify":
      return {
        id,
        type: "notify.requested",
        detail: {
          ...base,
          notificationId: effect.notificationId,
          url: effect.url,
          ...(effect.note ? { note: effect.note } : {}),
        },
      };
    case "sync":
      // Awaited: it stays on the interaction until the sync's answer is written back (never lost).
      return { id, type: "sync.requested", awaitConsumer: true, detail: { ...base, target: effect.target } };
    case "startSla":
      return { id, type: "sla.start-requested", detail: { ...base, policy: effect.policy } };
    case "stopSla":
      return { id, type: "sla.stop-requested", detail: { ...base, policy: effect.policy, metric: effect.metric } };
    case "escalate":
      return { id, type: "interaction.escalated", detail: { ...base, level: effect.level, reason: effect.reason } };
  }
}
