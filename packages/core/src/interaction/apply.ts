import type { Observation } from "../normalise/observation";
import { interactionId } from "./id";
import type { DeliveryState, HistoryEntry, Interaction } from "./schema";

export interface ApplyContext {
  workspaceId: string;
  deliveryId: string;
  receivedAt: string;
}

export type InteractionEventType = "interaction.received" | "interaction.updated";

export interface ApplyOutcome {
  /** The interaction to store, or `undefined` when the observation changes nothing (a redelivery). */
  next: Interaction | undefined;
  event: InteractionEventType | undefined;
}

const unchanged: ApplyOutcome = { next: undefined, event: undefined };
const deliveryRank: Record<DeliveryState, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Folds one observation into the stored interaction (or none). Pure: the store supplies the
 * current version and writes the result conditionally, so a lost race is simply re-applied.
 * A redelivered event (same `eventKey`) is a no-op; edits and deletions update, never duplicate.
 */
export function applyObservation(
  current: Interaction | undefined,
  observation: Observation,
  context: ApplyContext,
): ApplyOutcome {
  if (current?.history.some((entry) => entry.detail?.eventKey === observation.eventKey)) return unchanged;

  const base = current ?? createInteraction(observation, context);
  const entry = (type: string, at: string, detail: Record<string, unknown> = {}): HistoryEntry => ({
    at,
    type,
    by: "platform",
    detail: { eventKey: observation.eventKey, deliveryId: context.deliveryId, ...detail },
  });

  switch (observation.change) {
    case "created": {
      if (current) {
        // Seen already through another event (e.g. an edit or deletion that arrived first): fill gaps only.
        const next = { ...mergeDraft(current, observation.draft), history: [...current.history] };
        next.history.push(entry("received", context.receivedAt));
        return { next, event: "interaction.updated" };
      }
      return {
        next: { ...base, history: [entry("received", context.receivedAt)] },
        event: "interaction.received",
      };
    }
    case "edited": {
      const stale = current?.edited && current.edited.at > observation.at;
      const next: Interaction = {
        ...base,
        text: stale ? base.text : observation.draft.text,
        edited: stale ? base.edited : { at: observation.at, previousText: current ? current.text : undefined },
        history: [...(current?.history ?? []), entry("edited", observation.at, { text: observation.draft.text })],
      };
      if (!current) next.history.unshift(entry("received", context.receivedAt, { from: "edit" }));
      return { next: dropUndefined(next), event: current ? "interaction.updated" : "interaction.received" };
    }
    case "deleted": {
      const next: Interaction = {
        ...base,
        deleted: base.deleted ?? { at: observation.at },
        history: [...(current?.history ?? []), entry("deleted", observation.at)],
      };
      return { next, event: current ? "interaction.updated" : "interaction.received" };
    }
    case "delivery": {
      const known = base.delivery;
      const advances = !known || deliveryRank[observation.report.state] > deliveryRank[known.state];
      const next: Interaction = {
        ...base,
        // The message was sent at its earliest status, whatever order the statuses arrive in.
        occurredAt: earliest(base.occurredAt, observation.draft.occurredAt),
        delivery: advances ? observation.report : known,
        history: [
          ...(current?.history ?? []),
          entry("delivery", observation.report.at, { state: observation.report.state }),
        ],
      };
      return { next: dropUndefined(next), event: current ? "interaction.updated" : "interaction.received" };
    }
  }
}

function createInteraction(observation: Observation, context: ApplyContext): Interaction {
  const { draft } = observation;
  return dropUndefined({
    ...draft,
    id: interactionId(draft.platform, draft.externalId),
    workspaceId: context.workspaceId,
    receivedAt: context.receivedAt,
    tags: [],
    priority: "normal",
    status: "open",
    deliveryId: context.deliveryId,
    history: [],
  });
}

/** Keeps what is known; a later, fuller description (the original `add`) fills what was missing. */
function mergeDraft(current: Interaction, draft: Observation["draft"]): Interaction {
  return dropUndefined({
    ...current,
    author: {
      ...draft.author,
      ...current.author,
      id: current.author.id === "unknown" ? draft.author.id : current.author.id,
    },
    text: current.edited || current.text ? current.text : draft.text,
    parentId: current.parentId ?? draft.parentId,
    attachments: current.attachments ?? draft.attachments,
    occurredAt: earliest(draft.occurredAt, current.occurredAt),
  });
}

/** ISO-8601 UTC instants of one format compare as strings. */
function earliest(a: string, b: string): string {
  return a.localeCompare(b) < 0 ? a : b;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
