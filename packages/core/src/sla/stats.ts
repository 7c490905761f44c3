import type { InteractionStore } from "../ports";
import { slaMetrics } from "./advance";

export interface SlaCounts {
  met: number;
  breached: number;
  running: number;
  paused: number;
}

/** How many interactions a scan may read: stats over a longer period are cut and say so. */
const maxScanned = 20_000;

/**
 * Met / breached (and still open) clocks per policy and metric, for interactions that occurred in
 * [since, until). A scan of the workspace's timeline: fine for a dashboard's period, bounded.
 */
export async function slaStats(
  interactions: InteractionStore,
  workspaceId: string,
  since: string,
  until: string,
): Promise<{
  since: string;
  until: string;
  scanned: number;
  truncated: boolean;
  policies: Record<string, Record<string, SlaCounts>>;
}> {
  const policies: Record<string, Record<string, SlaCounts>> = {};
  let scanned = 0;
  let cursor: string | undefined;
  do {
    const page = await interactions.list({ workspaceId, since, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const interaction of page.items) {
      scanned++;
      if (interaction.occurredAt >= until) continue;
      for (const metric of slaMetrics) {
        const clock = interaction.sla?.[metric];
        if (!clock) continue;
        const byMetric = policies[clock.policy] ?? {};
        const counts = byMetric[metric] ?? { met: 0, breached: 0, running: 0, paused: 0 };
        counts[clock.state]++;
        byMetric[metric] = counts;
        policies[clock.policy] = byMetric;
      }
    }
    cursor = page.nextCursor;
  } while (cursor && scanned < maxScanned);
  return { since, until, scanned, truncated: Boolean(cursor), policies };
}
