import { randomUUID } from "node:crypto";
import * as z from "zod";
import { notFound } from "../errors";
import { interactionChanged } from "../ingest/interaction-events";
import { Intent, Interaction, Priority, Status } from "../interaction/schema";
import { outboxWrite, publishOutbox } from "../outbox";
import type { AuditLog, Bus, Clock, InteractionStore, Logger, Outbox } from "../ports";
import { retryOnConflict } from "../store/retry-on-conflict";

const Tag = z.string().trim().min(1).max(100);
const decidable = ["tags", "priority", "status", "assignee", "sentiment", "intent"] as const;
const scoreOf = { negative: -1, neutral: 0, positive: 1 } as const;

/** A person's decision (`PATCH /api/v1/interactions/:id`): every field optional, at least one given. */
export const InteractionPatch = z
  .strictObject({
    tags: z.array(Tag).optional().meta({ description: "the whole tag set (replaces)" }),
    addTags: z.array(Tag).optional(),
    removeTags: z.array(Tag).optional(),
    priority: Priority.optional(),
    status: Status.optional(),
    assignee: z.string().trim().min(1).nullable().optional().meta({ description: "null unassigns" }),
    sentiment: z
      .strictObject({
        label: z.enum(["negative", "neutral", "positive"]),
        score: z.number().min(-1).max(1).optional(),
      })
      .optional(),
    intent: Intent.optional(),
    release: z
      .array(z.union([z.enum(decidable), z.string().regex(/^tag:.+$/)]))
      .optional()
      .meta({ description: "fields handed back to automation (`tags` releases every tag decision)" }),
    note: z.string().max(2000).optional().meta({ description: "why, kept in the history" }),
  })
  .refine((patch) => Object.keys(patch).some((key) => key !== "note"), { message: "nothing to change" })
  .meta({ id: "InteractionPatch", description: "a person's override, recorded as such; automation never undoes it" });
export type InteractionPatch = z.infer<typeof InteractionPatch>;

export interface OverrideDeps {
  interactions: InteractionStore;
  audit: AuditLog;
  bus: Bus;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
}

/**
 * Applies a person's decision, records who and when on the interaction (`overrides`, history) and
 * in the audit log, and lets the rules run again on the change (they cannot undo it).
 */
export async function overrideInteraction(
  deps: OverrideDeps,
  id: string,
  patch: InteractionPatch,
  actor: string,
): Promise<Interaction> {
  const eventId = `override:${randomUUID()}`;
  return retryOnConflict(async () => {
    const stored = await deps.interactions.get(id);
    if (!stored) throw notFound("interaction.not_found", `no interaction with id ${id}`);
    const at = deps.clock.now().toISOString();
    const { next, changes } = decide(stored.interaction, patch, `user:${actor}`, at);
    const event = interactionChanged("interaction.updated", next, { eventId, change: "override", by: `user:${actor}` });
    const entry = await deps.interactions.put(
      Interaction.parse(next),
      stored.version,
      outboxWrite(stored.pending, [event], deps.clock.now()),
    );
    await deps.audit.record({
      id: eventId,
      at,
      workspaceId: next.workspaceId,
      actor,
      action: "interaction.overridden",
      entity: { type: "interaction", id },
      detail: {
        changes,
        ...(patch.release ? { released: patch.release } : {}),
        ...(patch.note ? { note: patch.note } : {}),
      },
    });
    await publishOutbox(deps, entry);
    return next;
  });
}

type Changes = Record<string, { from: unknown; to: unknown }>;

/** Pure: the interaction after the patch, with each decided field marked as a person's. */
export function decide(current: Interaction, patch: InteractionPatch, by: string, at: string) {
  const overrides = { ...current.overrides };
  const changes: Changes = {};
  const next: Interaction = { ...current };
  const mark = (field: string) => {
    overrides[field] = { by, at };
  };

  for (const field of patch.release ?? []) {
    for (const key of Object.keys(overrides)) {
      if (key === field || (field === "tags" && key.startsWith("tag:"))) delete overrides[key];
    }
  }

  const tags = new Set(patch.tags ?? current.tags);
  for (const tag of patch.addTags ?? []) tags.add(tag);
  for (const tag of patch.removeTags ?? []) tags.delete(tag);
  const touched = new Set([...(patch.tags ?? []), ...(patch.addTags ?? []), ...(patch.removeTags ?? [])]);
  if (patch.tags) for (const tag of current.tags) touched.add(tag);
  for (const tag of touched) mark(`tag:${tag}`);
  if (touched.size) {
    next.tags = [...tags];
    if (JSON.stringify(next.tags) !== JSON.stringify(current.tags))
      changes.tags = { from: current.tags, to: next.tags };
  }

  const scalar = <F extends "priority" | "status" | "intent">(field: F, value: Interaction[F] | undefined) => {
    if (value === undefined) return;
    mark(field);
    if (current[field] !== value) changes[field] = { from: current[field], to: value };
    next[field] = value;
  };
  scalar("priority", patch.priority);
  scalar("status", patch.status);
  scalar("intent", patch.intent);
  if (patch.assignee !== undefined) {
    mark("assignee");
    if (current.assignee !== (patch.assignee ?? undefined))
      changes.assignee = { from: current.assignee, to: patch.assignee };
    if (patch.assignee === null) delete next.assignee;
    else next.assignee = patch.assignee;
  }
  if (patch.sentiment) {
    mark("sentiment");
    const sentiment = { label: patch.sentiment.label, score: patch.sentiment.score ?? scoreOf[patch.sentiment.label] };
    changes.sentiment = { from: current.sentiment, to: sentiment };
    next.sentiment = sentiment;
  }

  next.overrides = overrides;
  if (!Object.keys(overrides).length) delete next.overrides;
  next.history = [
    ...current.history,
    {
      at,
      type: "override",
      by,
      detail: {
        changes,
        ...(patch.release ? { released: patch.release } : {}),
        ...(patch.note ? { note: patch.note } : {}),
      },
    },
  ];
  return { next, changes };
}
