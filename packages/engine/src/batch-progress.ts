import { isTerminalBatch, type BatchRecord } from './types.ts';

export interface BatchProgress {
  readonly seq: number;
  readonly batch: BatchRecord;
  readonly done: boolean;
  /** Jobs per second finished since the batch started. */
  readonly throughput: number | null;
  readonly wallMs: number | null;
  readonly etaMs: number | null;
}

/** Batch-level figures derived from its record: wall time, throughput, ETA. */
export function batchProgress(batch: BatchRecord, seq = 0): BatchProgress {
  const c = batch.counts;
  const finished = c.succeeded + c.failed + c.cancelled + c.timedOut;
  const end = batch.finishedAt?.getTime() ?? Date.now();
  const wallMs = batch.startedAt ? end - batch.startedAt.getTime() : null;
  const throughput = wallMs && wallMs > 0 ? (finished / wallMs) * 1000 : null;
  const remaining = batch.total - finished;
  const etaMs = batch.finishedAt ? 0 : throughput && throughput > 0 ? (remaining / throughput) * 1000 : null;
  return { seq, batch, done: isTerminalBatch(batch.status), throughput, wallMs, etaMs };
}
