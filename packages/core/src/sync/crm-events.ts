import { interactionChanged } from "../ingest/interaction-events";
import { Interaction, type Status } from "../interaction/schema";
import { outboxWrite, publishOutbox } from "../outbox";
import type { Bus, Clock, InteractionStore, Logger, Outbox, StoredInteraction } from "../ports";
import { retryOnConflict } from "../store/retry-on-conflict";
import { caseKeyOf, markCaseClosed, threadKeyOf } from "./case-key";
import type { CrmTarget, ThreadCaseStore } from "./ports";

/** One case of a thread, as the CRM knows it (`caseKeyOf(threadId, seq)`). */
export interface CaseRef {
  workspaceId: string;
  platform: string;
  threadId: string;
  seq: number;
}

/** A thread's interactions, oldest first (the `thread` index). */
export interface ThreadReader {
  listThread(workspaceId: string, platform: string, threadId: string): Promise<Interaction[]>;
}

/**
 * Which case a CRM record belongs to, for CRMs whose webhooks name only their own id (a HubSpot
 * ticket's `objectId`). Written when the sync learns the record id.
 */
export interface CrmRecordIndex {
  find(target: CrmTarget, objectType: string, recordId: string): Promise<CaseRef | undefined>;
  put(target: CrmTarget, objectType: string, recordId: string, ref: CaseRef): Promise<void>;
}

export type CrmCaseChange = "closed" | "reopened" | "answered";

/** What the CRM said about a case: closed (or resolved), reopened, or answered by an agent. */
export interface CrmCaseEvent {
  target: CrmTarget;
  change: CrmCaseChange;
  case: CaseRef;
  /** Unique per CRM event and stable across its retries: the outbox events are keyed on it. */
  eventId: string;
  /** When the CRM made the change (ISO-8601); the reopen window counts from here. */
  at: string;
  /** The CRM's record (case or ticket id), kept in the history. */
  recordId?: string;
}

export interface CrmEventDeps {
  interactions: InteractionStore;
  threads: ThreadReader;
  cases: ThreadCaseStore;
  bus: Bus;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
}

/** `abc#3` → thread `abc`, case 3; a key without a numeric suffix is the thread's first case. */
export function parseCaseKey(caseKey: string): { threadId: string; seq: number } {
  const match = /^(.+)#(\d+)$/.exec(caseKey);
  const seq = match ? Number(match[2]) : 1;
  return match && seq >= 2 ? { threadId: match[1] as string, seq } : { threadId: caseKey, seq: 1 };
}

const changeName: Record<CrmCaseChange, string> = {
  closed: "crm.case-closed",
  reopened: "crm.case-reopened",
  answered: "crm.case-answered",
};

/** The status the change sets on an interaction, or undefined when it leaves it alone. */
function nextStatus(change: CrmCaseChange, current: Status): Status | undefined {
  if (change === "closed") return current === "open" || current === "pending" ? "resolved" : undefined;
  if (change === "reopened") return current === "resolved" ? "open" : undefined;
  return undefined;
}

/** An answered case matters to the interactions still waiting for an answer. */
const concerned = (change: CrmCaseChange, interaction: Interaction) =>
  change === "answered"
    ? interaction.status === "open" || interaction.status === "pending"
    : !interaction.overrides?.status && nextStatus(change, interaction.status) !== undefined;

/**
 * Applies a CRM's word on a case (CONTRACT §7, "back from the CRM"): the thread's case is marked
 * closed or open again for that CRM, each interaction of the case gets the status the CRM implies
 * (a `crm:<target>` decision in its history; a status a person decided stays), and an
 * `interaction.updated` event (`crm.case-closed`, `crm.case-reopened`, `crm.case-answered`) goes to
 * its outbox so the rules and the SLA clocks run. Safe to repeat: a second delivery changes nothing.
 */
export async function applyCrmCaseEvent(deps: CrmEventDeps, event: CrmCaseEvent): Promise<{ updated: string[] }> {
  const { workspaceId, platform, threadId, seq } = event.case;
  const scope = { workspaceId, target: event.target, platform, threadId };
  if (event.change === "closed") await markCaseClosed(deps.cases, { ...scope, seq }, event.at);
  if (event.change === "reopened") await markCaseOpen(deps.cases, { ...scope, seq });

  const caseKey = caseKeyOf(threadId, seq);
  const current = await deps.cases.get(workspaceId, event.target, threadKeyOf(platform, threadId));
  // Synced interactions name their case; the others belong to the thread's current case.
  const inCase = (interaction: Interaction) => {
    const synced = interaction.sync?.[event.target]?.caseKey;
    return synced ? synced === caseKey : (current?.seq ?? 1) === seq;
  };
  const members = (await deps.threads.listThread(workspaceId, platform, threadId)).filter(
    (interaction) => inCase(interaction) && concerned(event.change, interaction),
  );
  const updated: string[] = [];
  for (const member of members) {
    if (await updateOne(deps, event, caseKey, member.id)) updated.push(member.id);
  }
  deps.logger.info("applied a CRM case event", {
    target: event.target,
    change: event.change,
    caseKey,
    eventId: event.eventId,
    updated: updated.length,
  });
  return { updated };
}

/** One interaction, re-read and written conditionally; answers whether anything was written. */
async function updateOne(deps: CrmEventDeps, event: CrmCaseEvent, caseKey: string, id: string): Promise<boolean> {
  const by = `crm:${event.target}`;
  const change = changeName[event.change];
  return retryOnConflict(async () => {
    const stored: StoredInteraction | undefined = await deps.interactions.get(id);
    if (!stored || !concerned(event.change, stored.interaction)) return false;
    if (stored.pending.some((pending) => pending.id === event.eventId)) return false;
    const now = deps.clock.now();
    const from = stored.interaction.status;
    const to = nextStatus(event.change, from);
    const next: Interaction = to
      ? {
          ...stored.interaction,
          status: to,
          history: [
            ...stored.interaction.history,
            {
              at: now.toISOString(),
              type: change,
              by,
              detail: {
                caseKey,
                changes: { status: { from, to } },
                eventId: event.eventId,
                ...(event.recordId ? { recordId: event.recordId } : {}),
              },
            },
          ],
        }
      : stored.interaction;
    const pending = interactionChanged("interaction.updated", next, { eventId: event.eventId, change, by });
    const entry = await deps.interactions.put(
      Interaction.parse(next),
      stored.version,
      outboxWrite(stored.pending, [pending], now),
    );
    await publishOutbox(deps, entry);
    return true;
  });
}

/** The CRM reopened the case: it is the thread's open case again (unless a later one exists). */
export async function markCaseOpen(
  store: ThreadCaseStore,
  scope: { workspaceId: string; target: CrmTarget; platform: string; threadId: string; seq: number },
): Promise<void> {
  const threadKey = threadKeyOf(scope.platform, scope.threadId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.get(scope.workspaceId, scope.target, threadKey);
    if (current && (current.seq !== scope.seq || !current.closedAt)) return;
    if (await store.put(scope.workspaceId, scope.target, threadKey, { seq: scope.seq }, current)) return;
  }
}
