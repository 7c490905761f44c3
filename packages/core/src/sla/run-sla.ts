import { effectEvent } from "../decision/effect-events";
import type { RuleSets } from "../decision/rule-sets";
import { interactionChanged } from "../ingest/interaction-events";
import { Interaction, type SlaClock } from "../interaction/schema";
import { outboxWrite, publishOutbox } from "../outbox";
import type { Bus, BusEvent, Clock, InteractionStore, Logger, Outbox, PendingEvent } from "../ports";
import type { SlaMetricName } from "../rule/actions";
import { retryOnConflict } from "../store/retry-on-conflict";
import type { ThreadReader } from "../sync/crm-events";
import { advanceClocks, nextCheckpoint } from "./advance";
import { clockTransition, isOpenClock, startClock, stopClock, stoppedType } from "./clock";

/**
 * Durable SLA timers: one per interaction with open clocks, due at its next checkpoint. Stored with
 * the outbox's due index, so the outbox sweeper publishes `sla.timer` when it falls due.
 */
export interface SlaTimerStore {
  /** Sets the interaction's timer to `dueAt`, or removes it (undefined). */
  set(workspaceId: string, interactionId: string, dueAt: Date | undefined): Promise<void>;
  /** Interactions whose timer falls due by `until`, soonest first (for `/sla/at-risk`). */
  dueBy(workspaceId: string, until: Date, limit: number): Promise<string[]>;
}

export const slaTimerType = "sla.timer";
export const threadRepliedType = "sla.thread-replied";

export interface SlaTimerDetail {
  workspaceId: string;
  interactionId: string;
}

export interface ThreadReplied {
  workspaceId: string;
  interactionId: string;
  platform: string;
  threadId: string;
  /** The reply's event time on the platform. */
  occurredAt: string;
}

/** The request, written with a change of clocks, to (re)compute the interaction's timer. */
export function slaTimerRequest(interaction: Interaction, cause: string): PendingEvent<SlaTimerDetail> {
  return {
    id: `sla-timer:${cause}`,
    type: slaTimerType,
    awaitConsumer: true,
    detail: { workspaceId: interaction.workspaceId, interactionId: interaction.id },
  };
}

/** The brand replied in a thread: the thread's waiting clocks stop (written with the reply). */
export function threadReplied(interaction: Interaction, eventId: string): PendingEvent<ThreadReplied> {
  return {
    id: `sla-reply:${eventId}`,
    type: threadRepliedType,
    awaitConsumer: true,
    detail: {
      workspaceId: interaction.workspaceId,
      interactionId: interaction.id,
      platform: interaction.platform,
      threadId: interaction.threadId,
      occurredAt: interaction.occurredAt,
    },
  };
}

export interface RunSlaDeps {
  interactions: InteractionStore;
  ruleSets: RuleSets;
  timers: SlaTimerStore;
  threads: ThreadReader;
  bus: Bus;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
}

/** The `run-sla` handler: a timer fell due (or clocks changed), or the brand replied in a thread. */
export async function runSla(deps: RunSlaDeps, event: BusEvent): Promise<void> {
  if (event.type === threadRepliedType) await applyThreadReply(deps, event.detail as ThreadReplied);
  else await runSlaTimer(deps, (event.detail as SlaTimerDetail).interactionId);
}

/**
 * Fires what is due on the interaction's clocks (one conditional write: warnings and breaches become
 * rule triggers, escalation steps act), then sets its timer to the next checkpoint, then takes the
 * timer requests off the interaction. A crash at any point leaves a request or a due timer behind,
 * and doing it again fires nothing twice: fired checkpoints are on the clocks.
 */
export async function runSlaTimer(deps: RunSlaDeps, interactionId: string): Promise<void> {
  const advanced = await retryOnConflict(async () => {
    const stored = await deps.interactions.get(interactionId);
    if (!stored) return undefined;
    const lookup = await policyLookup(deps, stored.interaction.workspaceId);
    // Only the requests this state answers are settled: one written meanwhile gets its own run.
    const seen = new Set(stored.pending.filter((event) => event.type === slaTimerType).map((event) => event.id));
    const now = deps.clock.now();
    const result = advanceClocks(stored.interaction, lookup, now);
    if (result.interaction === stored.interaction) return { interaction: stored.interaction, lookup, seen };
    const next = Interaction.parse(result.interaction);
    const triggers = result.triggers.map((trigger) =>
      interactionChanged(trigger.type, next, {
        eventId: trigger.eventId,
        change: trigger.type,
        by: `sla:${trigger.policy}`,
      }),
    );
    const effects = result.effects.map((effect, index) =>
      effectEvent(next, effect, { id: `sla-step:${next.id}:${now.getTime()}`, type: "sla.step", detail: {} }, index),
    );
    const entry = await deps.interactions.put(
      next,
      stored.version,
      outboxWrite(stored.pending, [...triggers, ...effects], now),
    );
    await publishOutbox(deps, entry);
    return { interaction: next, lookup, seen };
  });
  if (!advanced) return;
  await deps.timers.set(
    advanced.interaction.workspaceId,
    interactionId,
    nextCheckpoint(advanced.interaction, advanced.lookup),
  );
  await settleRequests(deps, interactionId, (event) => advanced.seen.has(event.id));
}

/**
 * The brand's reply (event time `occurredAt`) stops the response clocks of the thread's earlier
 * customer messages — met if in time, by event time — and restarts their periodic-update clocks.
 * Each changed interaction gets a timer request; the reply's own request is settled last.
 */
async function applyThreadReply(deps: RunSlaDeps, reply: ThreadReplied): Promise<void> {
  const at = new Date(reply.occurredAt);
  const members = await deps.threads.listThread(reply.workspaceId, reply.platform, reply.threadId);
  for (const member of members) {
    if (member.direction !== "inbound" || member.occurredAt > reply.occurredAt || !member.sla) continue;
    await retryOnConflict(async () => {
      const stored = await deps.interactions.get(member.id);
      if (!stored?.interaction.sla) return;
      const lookup = await policyLookup(deps, stored.interaction.workspaceId);
      const now = deps.clock.now();
      let next = stored.interaction;
      const changed: Array<{ metric: SlaMetricName; clock: SlaClock; type: string }> = [];
      for (const metric of ["firstResponse", "nextResponse"] as const) {
        const clock = next.sla?.[metric];
        if (!clock || !isOpenClock(clock)) continue;
        const stopped = stopClock(clock, at);
        next = { ...next, sla: { ...next.sla, [metric]: stopped } };
        changed.push({ metric, clock: stopped, type: stoppedType(stopped) });
      }
      const resolution = next.sla?.resolution;
      const policy = resolution && isOpenClock(resolution) ? lookup(resolution.policy) : undefined;
      const periodic = next.sla?.periodicUpdate;
      if (policy?.policy.periodicUpdate && (!periodic || periodic.startedAt !== reply.occurredAt)) {
        const clock = startClock(policy, "periodicUpdate", at);
        if (clock) {
          next = { ...next, sla: { ...next.sla, periodicUpdate: clock } };
          changed.push({ metric: "periodicUpdate", clock, type: "sla.started" });
        }
      }
      if (!changed.length) return;
      const history = changed.map(({ metric, clock, type }) =>
        clockTransition(metric, clock, type, now, { reply: reply.interactionId }),
      );
      next = Interaction.parse({ ...next, history: [...next.history, ...history] });
      const request = slaTimerRequest(next, `reply:${reply.interactionId}`);
      const entry = await deps.interactions.put(next, stored.version, outboxWrite(stored.pending, [request], now));
      await publishOutbox(deps, entry);
    });
  }
  await settleRequests(deps, reply.interactionId, (event) => event.type === threadRepliedType);
}

/** Takes the handled requests off an interaction's outbox (they stay, and come back, until this). */
async function settleRequests(deps: RunSlaDeps, interactionId: string, handled: (event: PendingEvent) => boolean) {
  await retryOnConflict(async () => {
    const stored = await deps.interactions.get(interactionId);
    if (!stored?.pending.some(handled)) return;
    const rest = stored.pending.filter((event) => !handled(event));
    await deps.interactions.put(
      stored.interaction,
      stored.version,
      rest.length ? outboxWrite(rest, [], deps.clock.now()) : undefined,
    );
  });
}

async function policyLookup(deps: Pick<RunSlaDeps, "ruleSets">, workspaceId: string) {
  const policies = await deps.ruleSets.policies(workspaceId);
  return (id: string) => policies.get(id);
}
