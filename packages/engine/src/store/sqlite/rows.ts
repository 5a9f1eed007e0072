import type { BatchRecord, ComparisonRecord, JobAttemptRecord, JobRecord } from '../../types.ts';
import type * as schema from '../schema.ts';

export type BatchRow = typeof schema.batches.$inferSelect;
export type JobRow = typeof schema.jobs.$inferSelect;
export type JobAttemptRow = typeof schema.jobAttempts.$inferSelect;
export type ComparisonRow = typeof schema.comparisons.$inferSelect;

/** Row → record mappers. The enum columns come back typed (see ../schema.ts): no casts here. */

export function toDate(ms: number | null | undefined): Date | null {
  return ms === null || ms === undefined ? null : new Date(ms);
}

export function batchFromRow(r: BatchRow): BatchRecord {
  return {
    id: String(r.id),
    team: r.team,
    name: r.name,
    task: r.task,
    tag: r.tag,
    status: r.status,
    total: r.total,
    counts: { queued: r.queued, running: r.running, succeeded: r.succeeded, failed: r.failed, cancelled: r.cancelled, timedOut: r.timedOut },
    route: JSON.parse(r.route),
    autoReroute: r.autoReroute,
    cancelRequested: r.cancelRequested,
    usage: { blockedMs: r.blockedMs, busyMs: r.busyMs, runMs: r.measuredRunMs, jobs: r.measuredJobs },
    timeoutMs: r.timeoutMs,
    maxAttempts: r.maxAttempts,
    backoffMs: r.backoffMs,
    background: r.background,
    createdAt: new Date(r.createdAt),
    startedAt: toDate(r.startedAt),
    finishedAt: toDate(r.finishedAt),
    comparisonId: r.comparisonId === null ? null : String(r.comparisonId),
  };
}

export function jobFromRow(r: JobRow): JobRecord {
  return {
    id: String(r.id),
    batchId: String(r.batchId),
    index: r.idx,
    status: r.status,
    input: JSON.parse(r.input),
    result: r.result === null ? null : JSON.parse(r.result),
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '', stack: r.errorStack ?? undefined } : null,
    attempts: r.attempts,
    executor: r.executor,
    worker: r.worker,
    queuedAt: new Date(r.queuedAt),
    startedAt: toDate(r.startedAt),
    finishedAt: toDate(r.finishedAt),
  };
}

export function attemptFromRow(r: JobAttemptRow): JobAttemptRecord {
  return {
    attempt: r.attempt,
    status: r.status,
    executor: r.executor ?? 'ASYNC',
    queuedAt: toDate(r.queuedAt),
    startedAt: toDate(r.startedAt),
    finishedAt: toDate(r.finishedAt),
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '' } : null,
    worker: r.worker,
  };
}

export function comparisonFromRow(r: ComparisonRow): ComparisonRecord {
  return {
    id: String(r.id),
    team: r.team,
    name: r.name,
    task: r.task,
    tag: r.tag,
    total: r.total,
    status: r.status,
    strategies: JSON.parse(r.strategies),
    runs: JSON.parse(r.runs),
    verdict: r.verdict,
    error: r.error,
    createdAt: new Date(r.createdAt),
    finishedAt: toDate(r.finishedAt),
  };
}
