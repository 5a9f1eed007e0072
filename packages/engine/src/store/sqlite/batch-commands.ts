import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { BatchStatus, Route } from '../../types.ts';
import type { BatchUsageTotals, NewBatch } from '../store.ts';
import type { CountDeltas } from './count-deltas.ts';
import type { FinishSequence } from './finish-sequence.ts';
import type { GroupCommit } from './group-commit.ts';

/** The batch's unfinished statuses: the guard of every batch transition that may still happen. */
const UNFINISHED = `('QUEUED', 'RUNNING')`;
const RETRYABLE_JOBS = `batch_id = ? and status in ('FAILED', 'TIMED_OUT', 'CANCELLED')`;

/**
 * Batch-level commands. A submission and the compound commands (cancel, retry, recovery) are one transaction each,
 * committed before they return (the pending group first, so they see every job transition before them); a batch's
 * start, end and usage ride on the group commit like the job transitions they follow.
 */
export class BatchCommands {
  readonly #sqlite: Database.Database;
  readonly #group: GroupCommit;
  readonly #counts: CountDeltas;
  readonly #finishSeq: FinishSequence;
  readonly #log: Logger;
  /** Usage totals waiting for the next group commit, by batch: at most one write per batch per commit. */
  readonly #usage = new Map<string, BatchUsageTotals>();
  readonly #s;

  constructor(sqlite: Database.Database, group: GroupCommit, counts: CountDeltas, finishSeq: FinishSequence, log: Logger) {
    this.#sqlite = sqlite;
    this.#group = group;
    this.#counts = counts;
    this.#finishSeq = finishSeq;
    this.#log = log;
    const s = (text: string) => sqlite.prepare(text);
    this.#s = {
      insertBatch: s(
        `insert into batches (team, name, task, tag, status, total, queued, route, rule, timeout_ms, max_attempts, backoff_ms, background,
         auto_reroute, created_at, comparison_id) values (?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertJob: s(`insert into jobs (batch_id, idx, status, input, queued_at) values (?, ?, 'QUEUED', ?, ?)`),
      start: s(`update batches set status = 'RUNNING', started_at = coalesce(started_at, ?) where id = ? and status = 'QUEUED'`),
      finish: s(`update batches set status = ?, finished_at = ? where id = ? and status in ${UNFINISHED}`),
      setUsage: s(`update batches set blocked_ms = ?, busy_ms = ?, measured_run_ms = ?, measured_jobs = ? where id = ?`),
      setRoute: s(`update batches set route = ?, rule = ? where id = ?`),
      requestCancel: s(`update batches set cancel_requested = 1 where id = ?`),
      total: s(`select total from batches where id = ?`),
      // Each cancelled job takes a finish number of its own: the one before the reserved range, plus its index, plus one.
      cancelQueuedJobs: s(`update jobs set status = 'CANCELLED', finished_at = ?, finish_seq = ? + idx + 1 where batch_id = ? and status = 'QUEUED'`),
      cancelQueuedJob: s(
        `update jobs set status = 'CANCELLED', finished_at = ?, finish_seq = ? where id = ? and status = 'QUEUED' returning batch_id`,
      ),
      keepLastAttempts: s(
        `insert into job_attempts (job_id, attempt, status, executor, queued_at, started_at, finished_at, error_code, error_message, worker)
         select id, attempts, status, executor, queued_at, started_at, finished_at, error_code, error_message, worker from jobs where ${RETRYABLE_JOBS}`,
      ),
      requeueRetryable: s(
        `update jobs set status = 'QUEUED', result = null, error_code = null, error_message = null, error_stack = null,
         started_at = null, finished_at = null, finish_seq = null, queued_at = ? where ${RETRYABLE_JOBS}`,
      ),
      reopenBatch: s(
        `update batches set queued = queued + failed + timed_out + cancelled, failed = 0, timed_out = 0, cancelled = 0,
         status = 'QUEUED', finished_at = null, cancel_requested = 0 where id = ?`,
      ),
      keepInterruptedAttempts: s(
        `insert into job_attempts (job_id, attempt, status, executor, queued_at, started_at, finished_at, error_code, error_message, worker)
         select id, attempts, 'FAILED', executor, queued_at, started_at, ?, 'INTERRUPTED', 'The server stopped while this attempt ran; the job was queued again', worker
         from jobs where status = 'RUNNING'`,
      ),
      requeueInterrupted: s(`update jobs set status = 'QUEUED', queued_at = ?, started_at = null where status = 'RUNNING'`),
      // Recounts unfinished batches from their jobs: the counts are then exact whatever a crash interrupted.
      recount: s(
        `update batches set
           queued = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'QUEUED'),
           running = 0,
           succeeded = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'SUCCEEDED'),
           failed = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'FAILED'),
           cancelled = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'CANCELLED'),
           timed_out = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'TIMED_OUT')
         where status in ${UNFINISHED}`,
      ),
    };
  }

  /** The batch and all its jobs, or nothing: one transaction. Returns the new batch's id. */
  insert(batch: NewBatch, inputs: readonly unknown[]): string {
    this.#group.flush();
    const id = this.#sqlite.transaction(() => {
      const { lastInsertRowid } = this.#s.insertBatch.run(
        batch.team,
        batch.name,
        batch.task,
        batch.tag,
        inputs.length,
        inputs.length,
        JSON.stringify(batch.route),
        batch.route.rule,
        batch.timeoutMs,
        batch.maxAttempts,
        batch.backoffMs,
        batch.background ? 1 : 0,
        batch.autoReroute ? 1 : 0,
        batch.createdAt,
        batch.comparisonId === undefined ? null : Number(batch.comparisonId),
      );
      for (let i = 0; i < inputs.length; i++) this.#s.insertJob.run(lastInsertRowid, i, JSON.stringify(inputs[i]), batch.createdAt);
      return lastInsertRowid;
    })();
    return String(id);
  }

  /** QUEUED → RUNNING, at its first job's start (grouped). */
  start(batchId: string, at: number): void {
    this.#group.enqueue(() => void this.#s.start.run(at, batchId));
  }

  /** QUEUED or RUNNING → its end status (grouped), with the counts of this commit written first. */
  finish(batchId: string, status: BatchStatus, at: number): void {
    this.#group.enqueue(() => {
      this.#counts.apply(); // so a finished batch never shows stale counts
      const { changes } = this.#s.finish.run(status, at, batchId);
      if (changes !== 1) this.#log.warn({ batchId, status }, 'batch was already finished');
    });
  }

  /**
   * The batch's measured usage totals (grouped). Totals, not deltas: the values at commit time win, so one write per
   * batch per commit at most. The caller's live totals object is kept as it is (no copy per job).
   */
  setUsage(batchId: string, totals: BatchUsageTotals): void {
    if (this.#usage.has(batchId)) return;
    this.#usage.set(batchId, totals);
    this.#group.enqueue(() => {
      const t = this.#usage.get(batchId)!;
      this.#usage.delete(batchId);
      this.#s.setUsage.run(t.blockedMs, t.busyMs, t.runMs, t.jobs, batchId);
    });
  }

  setRoute(batchId: string, route: Route): void {
    this.#group.flush();
    this.#s.setRoute.run(JSON.stringify(route), route.rule, batchId);
  }

  cancel(batchId: string, at: number): number {
    this.#group.flush();
    return this.#sqlite.transaction(() => {
      this.#s.requestCancel.run(batchId);
      const { total } = this.#s.total.get(batchId) as { total: number };
      const { changes } = this.#s.cancelQueuedJobs.run(at, this.#finishSeq.reserve(total), batchId);
      this.#counts.cancelQueued(batchId, changes);
      return changes;
    })();
  }

  cancelQueuedJob(jobId: string, at: number): boolean {
    this.#group.flush();
    return this.#sqlite.transaction(() => {
      const row = this.#s.cancelQueuedJob.get(at, this.#finishSeq.next(), jobId) as { batch_id: number } | undefined;
      if (!row) return false;
      this.#counts.cancelQueued(String(row.batch_id), 1);
      return true;
    })();
  }

  retryFailed(batchId: string, at: number): number {
    this.#group.flush();
    return this.#sqlite.transaction(() => {
      this.#s.keepLastAttempts.run(batchId); // the attempt that ended each job, before it is reset
      const { changes } = this.#s.requeueRetryable.run(at, batchId);
      if (changes > 0) this.#s.reopenBatch.run(batchId);
      return changes;
    })();
  }

  recoverInterrupted(at: number): number {
    this.#group.flush();
    return this.#sqlite.transaction(() => {
      this.#s.keepInterruptedAttempts.run(at);
      const { changes } = this.#s.requeueInterrupted.run(at);
      this.#s.recount.run();
      return changes;
    })();
  }
}
