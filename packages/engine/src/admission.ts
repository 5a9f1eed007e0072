import type { QueueFullFailure, QuotaExceededFailure } from './errors.ts';

export interface AdmissionLimits {
  /** Jobs one team may hold (queued or running) across its unfinished batches. */
  readonly teamMaxQueuedJobs: number;
  /** Jobs the whole server holds (queued or running) before it refuses new work (overload). */
  readonly maxQueuedJobs: number;
  /** Main-thread event-loop delay (p99 over the last sampled second) above which new work is refused, ms. */
  readonly maxLoopDelayMs: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { teamMaxQueuedJobs: 1_000_000, maxQueuedJobs: 2_000_000, maxLoopDelayMs: 1_000 };

/** How long a refused client should wait before trying again: long enough for a busy second to pass. */
const RETRY_AFTER_MS = 1_000;

export interface AdmissionSources {
  /** Jobs held (queued or running) by the whole server and by `team`. */
  heldJobs(team: string): { readonly all: number; readonly team: number };
  /** p99 of the main event loop's delay over the last sampled second, ms. */
  loopDelayMs(): number;
}

/**
 * Whether a submission may be taken now, asked after validation (the size is known) and before anything is
 * written, so a refusal writes nothing. Held work is counted from the scheduler's unfinished batches (memory,
 * not SQL): a refusal costs microseconds, which is the point when a server is being flooded.
 */
export class Admission {
  constructor(
    readonly limits: AdmissionLimits,
    readonly sources: AdmissionSources,
  ) {}

  check(team: string, jobs: number): QuotaExceededFailure | QueueFullFailure | null {
    const delay = this.sources.loopDelayMs();
    if (delay > this.limits.maxLoopDelayMs) {
      return {
        kind: 'QUEUE_FULL',
        message: `The server is overloaded (its event loop lags ${Math.round(delay)} ms); try again in ${RETRY_AFTER_MS} ms`,
        retryAfterMs: RETRY_AFTER_MS,
      };
    }
    // Held = queued or running: an I/O batch may start thousands at once, and those are held just the same.
    const held = this.sources.heldJobs(team);
    const serverQueued = held.all;
    const teamQueued = held.team;
    if (serverQueued + jobs > this.limits.maxQueuedJobs) {
      return {
        kind: 'QUEUE_FULL',
        message: `The server holds ${serverQueued} unfinished jobs; ${jobs} more would pass its limit of ${this.limits.maxQueuedJobs}. Try again later`,
        retryAfterMs: RETRY_AFTER_MS,
      };
    }
    if (teamQueued + jobs > this.limits.teamMaxQueuedJobs) {
      return {
        kind: 'QUOTA_EXCEEDED',
        quota: 'queuedJobs',
        limit: this.limits.teamMaxQueuedJobs,
        message: `Team ${team} holds ${teamQueued} unfinished jobs; ${jobs} more would pass its quota of ${this.limits.teamMaxQueuedJobs}`,
        retryAfterMs: RETRY_AFTER_MS,
      };
    }
    return null;
  }
}
