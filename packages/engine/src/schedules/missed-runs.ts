import type { CronSpec } from './cron.ts';

/**
 * The missed-run policy, as one pure function. A schedule's cron times after its cursor (`dueAfter`) are still to
 * run. When the engine wakes (its timer, or start after a restart) and finds one or more of them at or before now,
 * it starts ONE run, for the latest of them, and goes back to the cron: runs missed while the server was down (or
 * while the event loop was late) are not replayed one by one. A cron time still ahead is left to its timer.
 *
 * Returns the run to claim now (null: none is due) and the next cron time to wake for after it.
 */
export function dueRun(spec: CronSpec, dueAfterMs: number, nowMs: number): { runAt: number | null; nextAt: number | null } {
  const latest = spec.latestAtOrBefore(nowMs);
  const runAt = latest !== null && latest > dueAfterMs ? latest : null;
  return { runAt, nextAt: spec.nextAfter(Math.max(dueAfterMs, nowMs)) };
}
