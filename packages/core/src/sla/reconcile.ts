import type { Effect } from "../decision/actions";
import type { HistoryEntry, Interaction, SlaClock } from "../interaction/schema";
import type { SlaMetricName } from "../rule/actions";
import type { CompileOptions } from "../rule/compile";
import { explainRule } from "../rule/explain";
import { type PolicyLookup, slaMetrics } from "./advance";
import {
  clockTransition,
  isOpenClock,
  pauseClock,
  type ResolvedPolicy,
  resumeClock,
  startClock,
  stopClock,
  stoppedType,
} from "./clock";

/** What the rules pass tells the clocks about one write. */
export interface SlaInputs {
  /** The interaction after the rules changed it (status is read from it, not from a change in the pass). */
  after: Interaction;
  /** The pass was started by the interaction's arrival (`interaction.received`). */
  received: boolean;
  /** The changes named by the pass's triggers (`crm.case-answered`, `override`, …). */
  changes: string[];
  effects: Effect[];
  /** Enabled policies of the workspace, in order, for selection by their conditions. */
  policies: readonly ResolvedPolicy[];
  lookup: PolicyLookup;
  calendars: CompileOptions["calendars"];
  /** Whether the brand already replied in the thread before this message (asked only when needed). */
  brandRepliedBefore: () => Promise<boolean>;
  now: Date;
}

const responseMetrics: readonly SlaMetricName[] = ["firstResponse", "nextResponse"];

/**
 * The clocks after one rules pass: started (a rule's `startSla`, or the first policy whose
 * conditions an arriving customer message meets), stopped (`stopSla`, a resolved or ignored status,
 * a CRM case answered), paused while `pending` and resumed after. Every transition goes on the
 * history. Times are the platform's event time for starts, the pass's time for the rest.
 */
export async function reconcileClocks(input: SlaInputs): Promise<Interaction> {
  const { now, lookup } = input;
  let current = input.after;
  const history: HistoryEntry[] = [];
  const set = (metric: SlaMetricName, clock: SlaClock, type: string, detail: Record<string, unknown> = {}) => {
    current = { ...current, sla: { ...current.sla, [metric]: clock } };
    history.push(clockTransition(metric, clock, type, now, detail));
  };
  const calendarOf = (clock: SlaClock) => lookup(clock.policy)?.calendar;

  // Starts: only customers' messages are waited on.
  if (current.direction === "inbound" && current.status !== "ignored" && current.status !== "resolved") {
    const requested = input.effects.flatMap((effect) => (effect.type === "startSla" ? [effect.policy] : []));
    const chosen: ResolvedPolicy[] = requested.flatMap((id) => {
      // A disabled policy is kept, not used: a rule naming it starts nothing.
      const found = lookup(id);
      return found?.policy.enabled ? [found] : [];
    });
    if (!requested.length && input.received && !current.sla) {
      const auto = input.policies.find(
        ({ policy }) =>
          policy.when && explainRule({ when: policy.when }, current, { calendars: input.calendars }).matched,
      );
      if (auto) chosen.push(auto);
    }
    for (const resolved of chosen) {
      const wanted: SlaMetricName[] = [];
      if (resolved.policy.firstResponse || resolved.policy.nextResponse) {
        const replied = resolved.policy.nextResponse ? await input.brandRepliedBefore() : false;
        wanted.push(replied || !resolved.policy.firstResponse ? "nextResponse" : "firstResponse");
      }
      if (resolved.policy.resolution) wanted.push("resolution");
      for (const metric of wanted) {
        if (current.sla?.[metric]) continue;
        const clock = startClock(resolved, metric, new Date(current.occurredAt));
        if (clock) set(metric, clock, "sla.started");
      }
    }
  }

  // Stops asked by rules.
  for (const effect of input.effects) {
    if (effect.type !== "stopSla") continue;
    for (const metric of slaMetrics) {
      const clock = current.sla?.[metric];
      if (!clock || !isOpenClock(clock)) continue;
      if (effect.policy && clock.policy !== effect.policy) continue;
      if (effect.metric && effect.metric !== metric) continue;
      const stopped = stopClock(clock, now);
      set(metric, stopped, stoppedType(stopped), { by: `rule:${effect.rule.id}@${effect.rule.version}` });
    }
  }

  // The CRM says the case was answered: the response clocks stop.
  if (input.changes.includes("crm.case-answered")) {
    for (const metric of responseMetrics) {
      const clock = current.sla?.[metric];
      if (!clock || !isOpenClock(clock)) continue;
      const stopped = stopClock(clock, now);
      set(metric, stopped, stoppedType(stopped), { reason: "crm.case-answered" });
    }
  }

  // Status: resolved (or ignored) stops everything; pending pauses resolution; open again resumes.
  // Read from the status itself, not from a change within this pass: a person's PATCH writes the
  // status first and the pass that follows finds it already set.
  const status = current.status;
  for (const metric of slaMetrics) {
    const clock = current.sla?.[metric];
    if (!clock || !isOpenClock(clock)) continue;
    const pausable = metric === "resolution" || metric === "periodicUpdate";
    if (status === "resolved" || status === "ignored") {
      const stopped = stopClock(clock, now);
      set(metric, stopped, stoppedType(stopped), { reason: `status ${status}` });
    } else if (status === "pending" && pausable && lookup(clock.policy)?.policy.pauseWhenPending !== false) {
      const paused = pauseClock(clock, calendarOf(clock), now);
      if (paused !== clock) set(metric, paused, "sla.paused");
    } else if (status === "open" && clock.state === "paused") {
      set(metric, resumeClock(clock, calendarOf(clock), now), "sla.resumed");
    }
  }
  return history.length ? { ...current, history: [...current.history, ...history] } : current;
}
