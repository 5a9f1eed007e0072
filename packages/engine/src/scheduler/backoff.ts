/** The cap on one retry delay. */
export const MAX_BACKOFF_MS = 60_000;

/**
 * Exponential backoff with full jitter: a delay drawn uniformly from [0, base × 2^(attempt-1)], capped.
 * Full jitter spreads retries of many failed jobs so they do not hit a recovering service together.
 */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}
