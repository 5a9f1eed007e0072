import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { BatchStatus, Route } from '../../types.ts';
import { SMALL_BATCH_JOBS, type BatchUsageTotals, type ChunkedInputs, type InsertedBatch, type NewBatch, type ReadyJob } from '../store.ts';
import type { CountDeltas } from './count-deltas.ts';
import type { FinishSequence } from './finish-sequence.ts';
import type { GroupCommit } from './group-commit.ts';
import { READY_JOB_COLUMNS, readyJobFromRow, type ReadyJobRow } from './rows.ts';

/** The batch's unfinished statuses: the guard of every batch transition that may still happen. */
const UNFINISHED = `('QUEUED', 'RUNNING')`;
const RETRYABLE_STATUSES = `('FAILED', 'TIMED_OUT', 'CANCELLED')`;
// A SCHEDULED batch is unfinished too, but none of its jobs has started: it leaves SCHEDULED only by
// releaseScheduled or cancelScheduled (to QUEUED), never straight to an end.
const RETRYABLE_JOBS = `batch_id = ? and status in ${RETRYABLE_STATUSES}`;
/** Jobs per insert statement: bounds the JSON text SQLite parses at once. */
const INSERT_CHUNK = 4096;
/** Jobs of one batch from index `?` on: their inputs' JSON texts as one JSON array, unpacked by json_each. */
const INSERT_JOBS = `insert into jobs (batch_id, idx, status, input, queued_at) select ?, ? + key, 'QUEUED', value, ? from json_each(?)`;

const isChunked = (inputs: readonly unknown[] | ChunkedInputs): inputs is ChunkedInputs => !Array.isArray(inputs);
/** How long an idempotency key holds: the same key from the same team within it returns the first batch. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A job put back in the queue by hand: a fresh attempt budget (attempt_base), its attempts and history kept. */
const REQUEUE_BY_HAND = `status = 'QUEUED', result = null, error_code = null, error_message = null, error_stack = null, error_fingerprint = null,
  started_at = null, finished_at = null, finish_seq = null, queued_at = ?, attempt_base = attempts`;
/**
 * A finished batch that jobs were put back into runs again; the time it sat finished is kept as idle time, so wall
 * time and throughput leave the gap out. A batch still running keeps its status.
 */
const REOPEN_BATCH = `status = case when status = 'RUNNING' then 'RUNNING' else 'QUEUED' end,
  idle_ms = idle_ms + case when finished_at is not null and started_at is not null then max(0, ? - finished_at) else 0 end,
  finished_at = null, cancel_requested = 0`;

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
         auto_reroute, created_at, comparison_id, run_at, schedule_id, priority, rate_limit_jobs, rate_limit_per_ms, fail_fast, idempotency_key)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      batchByKey: s(`select id from batches where team = ? and idempotency_key = ?`),
      // A key older than the window is let go, so the unique index admits the new batch that reuses it.
      expireKey: s(`update batches set idempotency_key = null where team = ? and idempotency_key = ? and created_at < ?`),
      // Many jobs per statement: one JSON array of the inputs' JSON texts, unpacked by json_each in SQLite. Each
      // element is a string, so `value` is the input's text exactly as JSON.stringify wrote it. About twice as fast
      // as one statement per job, most of whose cost was the call.
      insertJobs: s(INSERT_JOBS),
      // A small batch's: the same, giving back its jobs as a page read would (RETURNING's order is not promised: each
      // row says its index).
      insertSmallBatchJobs: s(`${INSERT_JOBS} returning ${READY_JOB_COLUMNS}`).raw(true) as Database.Statement<unknown[], ReadyJobRow>,
      start: s(`update batches set status = 'RUNNING', started_at = coalesce(started_at, ?) where id = ? and status = 'QUEUED'`),
      // A finished batch is never paused: a retry runs it at once.
      finish: s(`update batches set status = ?, finished_at = ?, paused = 0 where id = ? and status in ${UNFINISHED}`),
      setUsage: s(`update batches set blocked_ms = ?, busy_ms = ?, measured_run_ms = ?, measured_jobs = ? where id = ?`),
      setRoute: s(`update batches set route = ?, rule = ? where id = ?`),
      requestCancel: s(`update batches set cancel_requested = 1 where id = ?`),
      releaseScheduled: s(`update batches set status = 'QUEUED' where id = ? and status = 'SCHEDULED'`),
      cancelScheduled: s(`update batches set status = 'QUEUED', cancel_requested = 1 where id = ? and status = 'SCHEDULED'`),
      scheduled: s(`select id, run_at from batches where status = 'SCHEDULED' order by run_at`),
      pause: s(`update batches set paused = 1 where id = ? and paused = 0 and status in ${UNFINISHED}`),
      resume: s(`update batches set paused = 0 where id = ? and paused = 1`),
      setConcurrency: s(`update batches set concurrency = ? where id = ?`),
      pauseLane: s(`insert into paused_lanes (lane, paused_at) values (?, ?) on conflict (lane) do nothing`),
      resumeLane: s(`delete from paused_lanes where lane = ?`),
      pausedLanes: s(`select lane from paused_lanes order by lane`).pluck(),
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
      requeueRetryable: s(`update jobs set ${REQUEUE_BY_HAND} where ${RETRYABLE_JOBS}`),
      reopenBatch: s(
        `update batches set queued = queued + failed + timed_out + cancelled, failed = 0, timed_out = 0, cancelled = 0, ${REOPEN_BATCH} where id = ?`,
      ),
      retryableJob: s(`select batch_id, status from jobs where id = ? and status in ${RETRYABLE_STATUSES}`),
      keepLastAttempt: s(
        `insert into job_attempts (job_id, attempt, status, executor, queued_at, started_at, finished_at, error_code, error_message)
         select id, attempts, status, executor, queued_at, started_at, finished_at, error_code, error_message from jobs where id = ?`,
      ),
      requeueJob: s(`update jobs set ${REQUEUE_BY_HAND} where id = ? and status in ${RETRYABLE_STATUSES}`),
      reopenBatchForJob: s(
        `update batches set queued = queued + 1, failed = failed - ?, timed_out = timed_out - ?, cancelled = cancelled - ?, ${REOPEN_BATCH}
         where id = ?`,
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

  /**
   * The batch and all its jobs, or nothing: one transaction. Returns the new batch's id; with an idempotency key that
   * the team used within the window, the first batch's id instead, and nothing is written. Two submissions of one
   * key cannot both insert: the lookup and the insert share a transaction, and the unique index (team, key) stops
   * a writer that is not this one (another process on the file); its batch is then read back.
   */
  insert(batch: NewBatch, inputs: readonly unknown[] | ChunkedInputs): InsertedBatch {
    this.#group.commit();
    const key = batch.idempotencyKey ?? null;
    try {
      return this.#insert(batch, inputs, key);
    } catch (error: unknown) {
      const existing = key === null ? undefined : this.#batchByKey(batch.team, key);
      if (existing !== undefined && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return { id: existing, created: false };
      throw error;
    }
  }

  #batchByKey(team: string, key: string): string | undefined {
    const row = this.#s.batchByKey.get(team, key) as { id: number } | undefined;
    return row ? String(row.id) : undefined;
  }

  #insert(batch: NewBatch, inputs: readonly unknown[] | ChunkedInputs, key: string | null): InsertedBatch {
    return this.#sqlite.transaction((): InsertedBatch => {
      if (key !== null) {
        this.#s.expireKey.run(batch.team, key, batch.createdAt - IDEMPOTENCY_WINDOW_MS);
        const existing = this.#batchByKey(batch.team, key);
        if (existing !== undefined) return { id: existing, created: false };
      }
      const { lastInsertRowid } = this.#s.insertBatch.run(
        batch.team,
        batch.name,
        batch.task,
        batch.tag,
        batch.held ? 'SCHEDULED' : 'QUEUED',
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
        batch.runAt ?? null,
        batch.scheduleId === undefined ? null : Number(batch.scheduleId),
        batch.priority ?? 0,
        batch.rateLimit?.jobs ?? null,
        batch.rateLimit?.perMs ?? null,
        batch.failFast ? 1 : 0,
        key,
      );
      const id = String(lastInsertRowid);
      const textsOf = (from: number, to: number) =>
        isChunked(inputs) ? inputs.texts(from, to) : inputs.slice(from, to).map((input) => JSON.stringify(input));
      if (inputs.length <= SMALL_BATCH_JOBS) {
        const rows = this.#s.insertSmallBatchJobs.all(lastInsertRowid, 0, batch.createdAt, JSON.stringify(textsOf(0, inputs.length)));
        const jobs = new Array<ReadyJob>(rows.length);
        for (const row of rows) jobs[row[1]] = readyJobFromRow(row, id);
        return { id, created: true, jobs };
      }
      for (let from = 0; from < inputs.length; from += INSERT_CHUNK) {
        const to = Math.min(from + INSERT_CHUNK, inputs.length);
        this.#s.insertJobs.run(lastInsertRowid, from, batch.createdAt, JSON.stringify(textsOf(from, to)));
      }
      return { id, created: true };
    })();
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

  /** SCHEDULED → QUEUED: its time has come. */
  releaseScheduled(batchId: string): boolean {
    this.#group.flush();
    return this.#s.releaseScheduled.run(batchId).changes === 1;
  }

  /** SCHEDULED → QUEUED with the cancel requested: the scheduler cancels it like any other batch. */
  cancelScheduled(batchId: string): boolean {
    this.#group.flush();
    return this.#s.cancelScheduled.run(batchId).changes === 1;
  }

  scheduled(): Array<{ id: string; runAt: number }> {
    this.#group.flush();
    return (this.#s.scheduled.all() as Array<{ id: number; run_at: number | null }>).map((r) => ({ id: String(r.id), runAt: r.run_at ?? 0 }));
  }

  /** Pause: unfinished and not paused → paused; resume: paused → not. One guarded statement each. */
  setPaused(batchId: string, paused: boolean): boolean {
    this.#group.flush();
    return (paused ? this.#s.pause : this.#s.resume).run(batchId).changes === 1;
  }

  setConcurrency(batchId: string, concurrency: number): boolean {
    this.#group.flush();
    return this.#s.setConcurrency.run(concurrency, batchId).changes === 1;
  }

  setLanePaused(lane: string, paused: boolean, at: number): void {
    if (paused) this.#s.pauseLane.run(lane, at);
    else this.#s.resumeLane.run(lane);
  }

  pausedLanes(): string[] {
    return this.#s.pausedLanes.all() as string[];
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
      if (changes > 0) this.#s.reopenBatch.run(at, batchId);
      return changes;
    })();
  }

  /**
   * Puts failed, timed-out or cancelled jobs back in the queue, each with a fresh attempt budget and its last attempt
   * kept; reopens their batches. One transaction. Returns the ids of the batches that got jobs back (jobs not in a
   * retryable state are skipped).
   */
  retryJobs(jobIds: readonly string[], at: number): Map<string, number> {
    this.#group.flush();
    return this.#sqlite.transaction(() => {
      const batches = new Map<string, number>();
      for (const jobId of jobIds) {
        const job = this.#s.retryableJob.get(jobId) as { batch_id: number; status: string } | undefined;
        if (!job) continue;
        this.#s.keepLastAttempt.run(jobId);
        this.#s.requeueJob.run(at, jobId);
        const was = (status: string) => (job.status === status ? 1 : 0);
        this.#s.reopenBatchForJob.run(was('FAILED'), was('TIMED_OUT'), was('CANCELLED'), at, job.batch_id);
        const batchId = String(job.batch_id);
        batches.set(batchId, (batches.get(batchId) ?? 0) + 1);
      }
      return batches;
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
