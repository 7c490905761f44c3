import { ConflictError } from "../errors";

/** Lost races on one item before an attempt fails (and the bus or the caller retries it later). */
export const maxConflictRetries = 8;

/**
 * Runs `attempt` — read the item, decide, write it conditionally on the version read — again each
 * time it loses a race (`ConflictError`), at most `max` times in all; any other error ends it.
 */
export async function retryOnConflict<T>(attempt: (round: number) => Promise<T>, max = maxConflictRetries): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt(round);
    } catch (error) {
      if (!(error instanceof ConflictError) || round >= max) throw error;
    }
  }
}
