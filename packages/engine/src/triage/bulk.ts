import type { FailedJobsFilter, Store } from '../store/store.ts';

/** The most jobs one bulk retry puts back: one transaction of this size stays well under a second. */
export const BULK_RETRY_LIMIT = 10_000;

/** What a bulk action did. */
export interface BulkOutcome {
  /** Jobs put back in the queue (retry), or queued and running jobs cancelled (cancel). */
  readonly jobs: number;
  /** Batches touched. */
  readonly batches: number;
}

/** What the bulk actions need of the scheduler: the same operations a single retry or cancel uses. */
export interface BulkTarget {
  retryJobs(jobs: ReadonlyArray<{ id: string; batchId: string }>): number;
  cancelBatch(batchId: string): void;
}

/**
 * Retries the filter's failed and timed-out jobs (newest failures first, at most BULK_RETRY_LIMIT a call), each with
 * a fresh attempt budget, as retryJob does one.
 */
export function retryWhere(store: Store, scheduler: BulkTarget, filter: FailedJobsFilter): BulkOutcome {
  const refs = store.failedJobRefs(filter, BULK_RETRY_LIMIT);
  const jobs = scheduler.retryJobs(refs);
  return { jobs, batches: new Set(refs.map((r) => r.batchId)).size };
}

/**
 * Cancels what is still to run in the unfinished batches that have failures matching the filter: when a service is
 * down, this stops the batches that keep hitting it. Counts the jobs that were queued or running.
 */
export function cancelWhere(store: Store, scheduler: BulkTarget, filter: FailedJobsFilter): BulkOutcome {
  const batchIds = store.unfinishedBatchesWithFailures(filter);
  let jobs = 0;
  for (const batchId of batchIds) {
    const batch = store.getBatch(batchId);
    if (!batch) continue;
    jobs += batch.counts.queued + batch.counts.running;
    scheduler.cancelBatch(batchId);
  }
  return { jobs, batches: batchIds.length };
}
