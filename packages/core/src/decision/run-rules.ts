import type { InteractionChanged } from "../ingest/interaction-events";
import { Interaction } from "../interaction/schema";
import { outboxWrite, publishOutbox } from "../outbox";
import type { Bus, BusEvent, Clock, Enricher, InteractionStore, Logger, Outbox, PendingEvent } from "../ports";
import { RuleEvent } from "../rule";
import { retryOnConflict } from "../store/retry-on-conflict";
import { dropIgnoredEffects, type Effect } from "./actions";
import { enrichInteraction, needsEnrichment } from "./enrich";
import { runRuleCycle } from "./pass";
import type { RuleHitCounter, RuleSets } from "./rule-sets";

export interface RunRulesDeps {
  interactions: InteractionStore;
  ruleSets: RuleSets;
  hits: RuleHitCounter;
  enricher: Enricher;
  bus: Bus;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
}

const isRuleEvent = (type: string): type is RuleEvent => RuleEvent.safeParse(type).success;

/**
 * The consumer of `interaction.*` (and `sla.*`) events: enrich, run the rules for every trigger
 * still pending on the interaction, and write the result with the triggers removed and the rules'
 * effects in the outbox, in one conditional write. A trigger that is no longer pending was handled
 * already, so a redelivered event changes nothing.
 */
export async function runRules(deps: RunRulesDeps, event: BusEvent<InteractionChanged>): Promise<void> {
  await retryOnConflict(async () => {
    const stored = await deps.interactions.get(event.detail.id);
    if (!stored) return;
    const triggers = stored.pending.filter((pending) => pending.awaitConsumer && isRuleEvent(pending.type));
    if (!triggers.length) return;

    const at = deps.clock.now().toISOString();
    const rules = await deps.ruleSets.current(stored.interaction.workspaceId);
    let current = stored.interaction;
    const effects: Array<{ effect: Effect; trigger: PendingEvent }> = [];
    const matched: string[] = [];
    for (const trigger of triggers) {
      const change = (trigger.detail as Partial<InteractionChanged>).change;
      if (needsEnrichment(current, change)) current = await enrichInteraction(deps.enricher, current, at);
      const cycle = runRuleCycle(rules, current, { type: trigger.type as RuleEvent, eventId: trigger.id }, at);
      current = cycle.interaction;
      effects.push(...cycle.effects.map((effect) => ({ effect, trigger })));
      matched.push(...cycle.matches.map((match) => match.ruleId));
    }

    const kept = new Set(
      dropIgnoredEffects(
        current,
        effects.map((entry) => entry.effect),
      ),
    );
    if (kept.size < effects.length) current = withoutRequestedSync(stored.interaction, current);
    const next = Interaction.parse(current);
    const events = effects
      .filter((entry) => kept.has(entry.effect))
      .map((entry, index) => effectEvent(next, entry.effect, entry.trigger, index));
    const rest = stored.pending.filter((pending) => !triggers.includes(pending));
    const entry = await deps.interactions.put(next, stored.version, outboxWrite(rest, events, deps.clock.now()));
    deps.hits.add(next.workspaceId, matched, at);
    await publishOutbox(deps, entry);
  });
}

/** An interaction that ended ignored keeps no sync request this pass made. */
function withoutRequestedSync(before: Interaction, after: Interaction): Interaction {
  if (!after.sync) return after;
  const sync = Object.fromEntries(
    Object.entries(after.sync).filter(([target, state]) => before.sync?.[target] || state.state !== "pending"),
  );
  const { sync: _dropped, ...rest } = after;
  return Object.keys(sync).length ? { ...rest, sync } : rest;
}

/** An effect as the event other handlers consume (notify now; CRM sync and SLA in their issues). */
function effectEvent(interaction: Interaction, effect: Effect, trigger: PendingEvent, index: number): PendingEvent {
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
