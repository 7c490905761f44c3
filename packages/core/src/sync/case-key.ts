import type { CaseState, CrmTarget, ThreadCase, ThreadCaseStore } from "./ports";

/** Closed cases younger than this are reopened by a new message; older ones give way to a new case. */
export const defaultReopenDays = 7;

/** CONTRACT §7: the thread id, then `#2`, `#3`… for each new case of the same thread. */
export const caseKeyOf = (threadId: string, seq: number) => (seq <= 1 ? threadId : `${threadId}#${seq}`);

/** The thread as the case store keys it: one thread id may exist on two platforms. */
export const threadKeyOf = (platform: string, threadId: string) => `${platform}#${threadId}`;

/**
 * The case a new message goes to, as Salesforce's own social handler decides: the thread's current
 * case, unless it was closed longer ago than the reopen window, in which case a new one starts.
 */
export function nextCase(current: ThreadCase | undefined, now: Date, reopenDays: number): ThreadCase {
  if (!current) return { seq: 1 };
  if (!current.closedAt) return current;
  const closedMs = now.getTime() - new Date(current.closedAt).getTime();
  return closedMs < reopenDays * 86_400_000 ? { seq: current.seq } : { seq: current.seq + 1 };
}

/**
 * Resolves (and records) the case key of a thread for a message arriving `now`, and whether the case
 * is new, reopened (the CRM closed it within the window) or already open: only the first two set the
 * case's status, so a message never overwrites the status an agent set.
 */
export async function resolveCaseKey(
  store: ThreadCaseStore,
  scope: { workspaceId: string; target: CrmTarget; platform: string; threadId: string },
  now: Date,
  reopenDays = defaultReopenDays,
): Promise<{ caseKey: string; caseState: CaseState }> {
  const threadKey = threadKeyOf(scope.platform, scope.threadId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.get(scope.workspaceId, scope.target, threadKey);
    const next = nextCase(current, now, reopenDays);
    const unchanged = current && current.seq === next.seq && current.closedAt === next.closedAt;
    if (unchanged || (await store.put(scope.workspaceId, scope.target, threadKey, next, current))) {
      const caseState: CaseState =
        !current || current.seq !== next.seq ? "new" : current.closedAt ? "reopened" : "open";
      return { caseKey: caseKeyOf(scope.threadId, next.seq), caseState };
    }
  }
  throw new Error(`case key of thread ${threadKey} kept changing`);
}

/** The CRM closed (or answered) a case: later messages reopen it within the window, or start the next one. */
export async function markCaseClosed(
  store: ThreadCaseStore,
  scope: { workspaceId: string; target: CrmTarget; platform: string; threadId: string; seq: number },
  at: string,
): Promise<void> {
  const threadKey = threadKeyOf(scope.platform, scope.threadId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.get(scope.workspaceId, scope.target, threadKey);
    if (current && current.seq !== scope.seq) return; // a later case exists already
    if (await store.put(scope.workspaceId, scope.target, threadKey, { seq: scope.seq, closedAt: at }, current)) return;
  }
}
