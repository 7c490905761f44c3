import { createHash } from "node:crypto";
import type { HistoryEntry, Interaction } from "../interaction/schema";
import type { Action, Rule } from "../rule";

/** What one action did: changed the interaction, asked for work elsewhere, or was held back. */
export type ActionOutcome = "applied" | "unchanged" | "overridden" | "requested";

/** Work a rule asks for outside the interaction itself (published after the write commits). */
export type Effect =
  | { type: "notify"; notificationId: string; url: string; note?: string; rule: RuleRef }
  | { type: "sync"; target: "salesforce" | "hubspot"; rule: RuleRef }
  | { type: "startSla"; policy: string; rule: RuleRef }
  | { type: "stopSla"; policy?: string; metric?: string; rule: RuleRef }
  | { type: "escalate"; level: number; reason?: string; rule: RuleRef };

export interface RuleRef {
  id: string;
  version: number;
  name: string;
}

export interface ActionContext {
  rule: Rule;
  /** The event that started the pass (`interaction.received`, …) and its id. */
  trigger: { type: string; eventId: string };
  at: string;
  /** Who acts, for history and escalation (default `rule:<id>@<version>`; an SLA step: `sla:<policy>@<version>`). */
  by?: string;
  /** The history entry's type (default `rule`; an SLA escalation step: `sla.step`). */
  entryType?: string;
}

export interface ActionsResult {
  interaction: Interaction;
  effects: Effect[];
  outcomes: Array<{ action: Action; outcome: ActionOutcome }>;
}

/**
 * Applies one matched rule's actions, in order. A field a person decided (`overrides`) is never
 * changed by a rule: the action is recorded as `overridden` instead. The history gets one entry per
 * matched rule that did something, naming the rule and its version.
 */
export function applyRuleActions(current: Interaction, context: ActionContext): ActionsResult {
  const { rule } = context;
  const ref: RuleRef = { id: rule.id, version: rule.version, name: rule.name };
  let next: Interaction = current;
  const effects: Effect[] = [];
  const outcomes: ActionsResult["outcomes"] = [];
  const decided = (field: string) => Boolean(next.overrides?.[field]);
  const update = <F extends "priority" | "status" | "assignee">(field: F, value: Interaction[F]): ActionOutcome => {
    if (next[field] === value) return "unchanged";
    if (decided(field)) return "overridden";
    next = { ...next, [field]: value };
    return "applied";
  };

  const applyOne = (action: Action, index: number): ActionOutcome => {
    switch (action.type) {
      case "tag":
      case "untag": {
        const adding = action.type === "tag";
        const wanted = action.tags.filter((tag) => next.tags.includes(tag) !== adding);
        const allowed = wanted.filter((tag) => !decided(`tag:${tag}`));
        if (allowed.length) {
          next = {
            ...next,
            tags: adding ? [...next.tags, ...allowed] : next.tags.filter((tag) => !allowed.includes(tag)),
          };
        }
        return allowed.length ? "applied" : wanted.length ? "overridden" : "unchanged";
      }
      case "setPriority":
        return update("priority", action.priority);
      case "setStatus":
        return update("status", action.status);
      case "assign":
        return update("assignee", action.assignee);
      case "ignore":
        return update("status", "ignored");
      case "escalate": {
        if ((next.escalation?.level ?? 0) >= action.level) return "unchanged";
        next = {
          ...next,
          escalation: {
            level: action.level,
            ...(action.reason ? { reason: action.reason } : {}),
            at: context.at,
            by: context.by ?? `rule:${rule.id}@${rule.version}`,
          },
        };
        effects.push({
          type: "escalate",
          level: action.level,
          ...(action.reason ? { reason: action.reason } : {}),
          rule: ref,
        });
        return "applied";
      }
      case "sync": {
        const known = next.sync?.[action.target];
        if (known?.state !== "pending") {
          next = { ...next, sync: { ...next.sync, [action.target]: { ...known, state: "pending" } } };
        }
        effects.push({ type: "sync", target: action.target, rule: ref });
        return "requested";
      }
      case "startSla":
        effects.push({ type: "startSla", policy: action.policy, rule: ref });
        return "requested";
      case "stopSla":
        effects.push({
          type: "stopSla",
          ...(action.policy ? { policy: action.policy } : {}),
          ...(action.metric ? { metric: action.metric } : {}),
          rule: ref,
        });
        return "requested";
      case "notify":
        effects.push({
          type: "notify",
          notificationId: notificationId(next.id, context.trigger.eventId, rule.id, index),
          url: action.url,
          ...(action.note ? { note: action.note } : {}),
          rule: ref,
        });
        return "requested";
    }
  };
  for (const [index, action] of rule.then.entries()) outcomes.push({ action, outcome: applyOne(action, index) });

  if (outcomes.some((entry) => entry.outcome !== "unchanged")) {
    const entry: HistoryEntry = {
      at: context.at,
      type: context.entryType ?? "rule",
      by: context.by ?? `rule:${rule.id}@${rule.version}`,
      detail: {
        rule: rule.id,
        version: rule.version,
        name: rule.name,
        event: context.trigger.type,
        trigger: context.trigger.eventId,
        actions: outcomes.map(({ action, outcome }) => ({ ...action, outcome })),
      },
    };
    next = { ...next, history: [...next.history, entry] };
  }
  return { interaction: next, effects, outcomes };
}

/** Stable across retries of the same pass, so at-least-once handling never notifies twice. */
export function notificationId(interactionId: string, eventId: string, ruleId: string, actionIndex: number): string {
  const hash = createHash("sha256").update(`${interactionId}\n${eventId}\n${ruleId}\n${actionIndex}`);
  return `ntf_${hash.digest("base64url").slice(0, 24)}`;
}

/** An ignored interaction (spam) is neither synced nor timed: such requests are dropped at the end of a pass. */
export function dropIgnoredEffects(interaction: Interaction, effects: Effect[]): Effect[] {
  if (interaction.status !== "ignored") return effects;
  return effects.filter((effect) => effect.type !== "sync" && effect.type !== "startSla");
}
