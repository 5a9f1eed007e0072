import { isTerminalBatch, type BatchRecord } from './types.ts';

export interface BatchProgress {
  readonly seq: number;
  readonly batch: BatchRecord;
  readonly done: boolean;
  /** Jobs done (succeeded, failed or timed out: cancelled jobs are not throughput) per second of wall time. */
  readonly throughput: number | null;
  /** First job start to the end (or now), less the time it sat finished before a retry reopened it (`idleMs`). */
  readonly wallMs: number | null;
  readonly etaMs: number | null;
}

/** Batch-level figures derived from its record: wall time, throughput, ETA. */
export function batchProgress(batch: BatchRecord, seq = 0): BatchProgress {
  const c = batch.counts;
  const done = c.succeeded + c.failed + c.timedOut;
  const finished = done + c.cancelled;
  const end = batch.finishedAt?.getTime() ?? Date.now();
  // A retried batch's idle gap (finished, waiting for someone to press retry) is not time it spent working.
  const wallMs = batch.startedAt ? Math.max(0, end - batch.startedAt.getTime() - batch.idleMs) : null;
  // Cancelled jobs are counted apart: a cancel is not work done, and counting it would make a cancelled batch look fast.
  const throughput = wallMs && wallMs > 0 ? (done / wallMs) * 1000 : null;
  const remaining = batch.total - finished;
  const etaMs = batch.finishedAt ? 0 : throughput && throughput > 0 ? (remaining / throughput) * 1000 : null;
  return { seq, batch, done: isTerminalBatch(batch.status), throughput, wallMs, etaMs };
}
