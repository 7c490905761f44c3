import type { NamedCalendar } from "../calendar";
import type { InteractionChanged } from "../ingest/interaction-events";
import { interactionChanged } from "../ingest/interaction-events";
import { Interaction } from "../interaction/schema";
import { outboxWrite, publishOutbox } from "../outbox";
import type { Bus, BusEvent, Clock, Enricher, InteractionStore, Logger, Outbox, PendingEvent } from "../ports";
import { RuleEvent } from "../rule";
import { advanceClocks } from "../sla/advance";
import { reconcileClocks } from "../sla/reconcile";
import { slaTimerRequest, threadReplied } from "../sla/run-sla";
import { retryOnConflict } from "../store/retry-on-conflict";
import type { ThreadReader } from "../sync/crm-events";
import { dropIgnoredEffects, type Effect } from "./actions";
import { effectEvent } from "./effect-events";
import { enrichInteraction, needsEnrichment } from "./enrich";
import { runRuleCycle } from "./pass";
import type { RuleHitCounter, RuleSets } from "./rule-sets";

export interface RunRulesDeps {
  interactions: InteractionStore;
  ruleSets: RuleSets;
  /** The thread's other messages (does a new customer message wait for a first or a next response?). */
  threads: ThreadReader;
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
    const { rules, policies } = await deps.ruleSets.both(stored.interaction.workspaceId);
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
    const keptEffects = effects.filter((entry) => kept.has(entry.effect));

    // The SLA clocks follow the pass: started, stopped, paused, resumed, and what is already due fired.
    const now = deps.clock.now();
    const received = triggers.some((trigger) => trigger.type === "interaction.received");
    current = await reconcileClocks({
      after: current,
      received,
      changes: triggers.map((trigger) => String((trigger.detail as Partial<InteractionChanged>).change ?? "")),
      effects: keptEffects.map((entry) => entry.effect),
      policies: policies.enabled,
      lookup: (id) => policies.get(id),
      calendars: policies.calendars as Map<string, NamedCalendar>,
      brandRepliedBefore: () => brandRepliedBefore(deps.threads, current),
      now,
    });
    const fired = advanceClocks(current, (id) => policies.get(id), now);
    current = fired.interaction;

    const next = Interaction.parse(current);
    const events = keptEffects.map((entry, index) => effectEvent(next, entry.effect, entry.trigger, index));
    const firstTrigger = triggers[0] as PendingEvent;
    events.push(
      ...fired.triggers.map((trigger) =>
        interactionChanged(trigger.type, next, {
          eventId: trigger.eventId,
          change: trigger.type,
          by: `sla:${trigger.policy}`,
        }),
      ),
      ...fired.effects.map((effect, index) => effectEvent(next, effect, firstTrigger, events.length + index)),
    );
    if (JSON.stringify(next.sla) !== JSON.stringify(stored.interaction.sla))
      events.push(slaTimerRequest(next, firstTrigger.id));
    if (received && next.direction === "outbound") events.push(threadReplied(next, firstTrigger.id));
    const rest = stored.pending.filter((pending) => !triggers.includes(pending));
    const entry = await deps.interactions.put(next, stored.version, outboxWrite(rest, events, now));
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

/** Whether the brand's account wrote in the thread before this message (a later customer message then waits for a next response). */
async function brandRepliedBefore(threads: ThreadReader, interaction: Interaction): Promise<boolean> {
  const thread = await threads.listThread(interaction.workspaceId, interaction.platform, interaction.threadId);
  return thread.some((other) => other.direction === "outbound" && other.occurredAt <= interaction.occurredAt);
}
