import { CrmCallFailed, type SyncItem, type SyncResult } from "./ports";

/**
 * A connector's batch, synced group by group (items written with the same mapping go together) in
 * chunks of at most `chunkSize`: answers come back in the items' order, and a call failing as a
 * whole (`CrmCallFailed`) fails its own chunk only, so the other groups' answers stand.
 */
export async function syncInGroups<Group>(
  items: readonly SyncItem[],
  groupOf: (item: SyncItem) => Group,
  chunkSize: number,
  syncChunk: (chunk: SyncItem[], group: Group) => Promise<SyncResult[]>,
): Promise<SyncResult[]> {
  const groups = new Map<Group, number[]>();
  items.forEach((item, index) => {
    const group = groupOf(item);
    const indexes = groups.get(group);
    if (indexes) indexes.push(index);
    else groups.set(group, [index]);
  });
  const results: SyncResult[] = new Array(items.length);
  for (const [group, indexes] of groups) {
    for (let start = 0; start < indexes.length; start += chunkSize) {
      const taken = indexes.slice(start, start + chunkSize);
      const chunk = taken.map((index) => items[index] as SyncItem);
      const answers = await syncChunk(chunk, group).catch((error: unknown) => {
        if (!(error instanceof CrmCallFailed)) throw error;
        return error.resultsFor(chunk);
      });
      taken.forEach((index, n) => {
        results[index] = answers[n] as SyncResult;
      });
    }
  }
  return results;
}
