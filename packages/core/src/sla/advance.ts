import { applyRuleActions, type Effect } from "../decision/actions";
import type { HistoryEntry, Interaction, SlaClock, SlaState } from "../interaction/schema";
import { SlaMetricName } from "../rule/actions";
import type { Rule } from "../rule/schema";
import { type Checkpoint, checkpoints, isOpenClock, type ResolvedPolicy } from "./clock";
import type { SlaPolicy } from "./policy";

/** A warning or breach that rules may react to (`on: ["sla.warning"]`). */
export interface SlaTrigger {
  type: "sla.warning" | "sla.breached";
  metric: SlaMetricName;
  policy: string;
  /** Unique per clock and checkpoint, so a repeat of the same firing is the same event. */
  eventId: string;
}

export interface SlaAdvance {
  interaction: Interaction;
  triggers: SlaTrigger[];
  /** Work the escalation steps asked for (notify, sync, escalate), with the step as the acting rule. */
  effects: Effect[];
}

/** Policies by id; a clock whose policy was deleted keeps its due time and breaches without steps. */
export type PolicyLookup = (id: string) => ResolvedPolicy | undefined;

/** Every clock an interaction can have, in one order (the schema's). */
export const slaMetrics = SlaMetricName.options;

const orphan = (id: string): ResolvedPolicy => ({
  policy: {
    id,
    version: 0,
    enabled: true,
    order: 0,
    workspaceId: "default",
    pauseWhenPending: true,
    escalations: [],
    updatedAt: new Date(0).toISOString(),
    updatedBy: "system",
  },
  calendar: undefined,
});

/** A step's actions run as a rule named after the policy, so they share the rules' action semantics. */
function stepRule(policy: SlaPolicy, checkpoint: Checkpoint): Rule {
  const now = new Date(0).toISOString();
  return {
    id: policy.id,
    version: policy.version,
    name: `${policy.name ?? policy.id}: ${checkpoint.step?.at}`,
    enabled: true,
    order: 0,
    on: ["sla.warning"],
    then: checkpoint.step?.actions ?? [],
    stop: false,
    workspaceId: policy.workspaceId,
    createdAt: now,
    updatedAt: now,
    updatedBy: "system",
  } as Rule;
}

/**
 * Fires every checkpoint of every open clock that is due by `now`, in time order: the warning, the
 * breach (state `breached`, `breachedAt` the due time itself, so a late delivery is breached at once
 * and never silently met) and the escalation steps (their actions applied as a rule's would be).
 * Each fired checkpoint is recorded on its clock, so firing again finds nothing: a timer acts once
 * in effect as long as the result is written conditionally.
 */
export function advanceClocks(interaction: Interaction, policies: PolicyLookup, now: Date): SlaAdvance {
  let current = interaction;
  const triggers: SlaTrigger[] = [];
  const effects: Effect[] = [];
  for (const metric of slaMetrics) {
    let clock = current.sla?.[metric];
    if (!clock || !isOpenClock(clock)) continue;
    const resolved = policies(clock.policy) ?? orphan(clock.policy);
    const by = `sla:${clock.policy}@${clock.policyVersion ?? resolved.policy.version}`;
    const history: HistoryEntry[] = [];
    let fired = false;
    for (const checkpoint of checkpoints(clock, metric, resolved)) {
      if (checkpoint.at.getTime() > now.getTime()) break;
      fired = true;
      const at = checkpoint.at.toISOString();
      const eventId = `sla:${current.id}:${metric}:${clock.startedAt ?? clock.dueAt}:${checkpoint.key}`;
      clock = { ...clock, fired: [...(clock.fired ?? []), checkpoint.key] };
      if (checkpoint.kind === "warning") {
        clock = { ...clock, warnedAt: at };
        history.push({ at, type: "sla.warning", by, detail: { metric, policy: clock.policy, dueAt: clock.dueAt } });
        triggers.push({ type: "sla.warning", metric, policy: clock.policy, eventId });
      } else if (checkpoint.kind === "breach") {
        clock = { ...clock, state: "breached", breachedAt: at };
        history.push({ at, type: "sla.breached", by, detail: { metric, policy: clock.policy, dueAt: clock.dueAt } });
        triggers.push({ type: "sla.breached", metric, policy: clock.policy, eventId });
      } else {
        current = withClock(current, metric, clock, history);
        history.length = 0;
        const applied = applyRuleActions(current, {
          rule: stepRule(resolved.policy, checkpoint),
          trigger: { type: `sla.step`, eventId },
          at: now.toISOString(),
          by,
          entryType: "sla.step",
        });
        current = applied.interaction;
        clock = current.sla?.[metric] ?? clock;
        effects.push(...applied.effects);
      }
    }
    // Nothing due leaves the interaction as it was (the same object: callers skip the write).
    if (fired) current = withClock(current, metric, clock, history);
  }
  return { interaction: current, triggers, effects };
}

function withClock(interaction: Interaction, metric: SlaMetricName, clock: SlaClock, history: HistoryEntry[]) {
  const sla: SlaState = { ...interaction.sla, [metric]: clock };
  return { ...interaction, sla, history: history.length ? [...interaction.history, ...history] : interaction.history };
}

/** The next instant any open clock has something to do (the timer's due time), if any. */
export function nextCheckpoint(interaction: Interaction, policies: PolicyLookup): Date | undefined {
  let next: Date | undefined;
  for (const metric of slaMetrics) {
    const clock = interaction.sla?.[metric];
    if (!clock || !isOpenClock(clock)) continue;
    const first = checkpoints(clock, metric, policies(clock.policy) ?? orphan(clock.policy))[0];
    if (first && (!next || first.at < next)) next = first.at;
  }
  return next;
}
