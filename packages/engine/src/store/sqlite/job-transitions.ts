import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { coerceError } from '../../errors.ts';
import { normaliseMessage } from '../../triage/normalise.ts';
import { COUNT_KEY, type Counts } from '../../types.ts';
import type { FinishJob, HandOverJob, RequeueJob, StartJob } from '../store.ts';
import type { CountDeltas } from './count-deltas.ts';
import type { FinishSequence } from './finish-sequence.ts';
import type { GroupCommit } from './group-commit.ts';

/**
 * How long the start of a job in a chunk may stay unwritten (see `start`): a chunk that runs longer has its jobs'
 * starts written then, so that a crash after it counts the interrupted attempt.
 */
export const DEFERRED_START_MS = 1_000;

/**
 * A job's transitions on the hot path, each one guarded UPDATE (`… where id = ? and status = ?`) whose row count
 * is checked, written by the group commit. Only a transition that applied moves the job between the batch's
 * counts; one that did not (a late or duplicate completion) is logged and changes nothing.
 *
 * A start marked `deferrable` (the jobs of a chunk on a local pool: a few milliseconds each, back to back) is held
 * back, not queued: the job's end then writes QUEUED → terminal in one UPDATE instead of two. It is queued after all
 * when anything reads jobs or commands (`GroupCommit.flush`: the API then shows the job RUNNING, and cancel, retry
 * or recovery see it), when the job's next transition is not its end, or once it has run `DEFERRED_START_MS`. A
 * batch's counts (read without it) show such a job QUEUED meanwhile. Until then a crash leaves the job QUEUED, as a
 * crash before its start's commit would: it runs again without an attempt counted.
 */
export class JobTransitions {
  readonly #group: GroupCommit;
  readonly #counts: CountDeltas;
  readonly #finishSeq: FinishSequence;
  readonly #log: Logger;
  /** Starts still queued in the group commit, by job id: a finish in the same generation merges into them. */
  readonly #pendingStarts = new Map<string, { start: StartJob; slot: number; generation: number }>();
  /** Deferrable starts held back, in the order they started (see the class comment). */
  readonly #deferredStarts = new Map<string, StartJob>();
  #deferredTimer: NodeJS.Timeout | undefined;
  readonly #start: Database.Statement;
  readonly #finishFromRunning: Database.Statement;
  readonly #finishFromQueued: Database.Statement;
  readonly #requeue: Database.Statement;
  readonly #insertAttempt: Database.Statement;
  readonly #assignWorker: Database.Statement;
  readonly #keepHandedOver: Database.Statement;
  readonly #handOver: Database.Statement;

  constructor(sqlite: Database.Database, group: GroupCommit, counts: CountDeltas, finishSeq: FinishSequence, log: Logger) {
    this.#group = group;
    this.#counts = counts;
    this.#finishSeq = finishSeq;
    this.#log = log;
    this.#start = sqlite.prepare(
      `update jobs set status = 'RUNNING', attempts = ?, executor = ?, worker = null, started_at = ?, finished_at = null where id = ? and status = 'QUEUED'`,
    );
    this.#finishFromRunning = sqlite.prepare(
      `update jobs set status = ?, result = ?, error_code = ?, error_message = ?, error_stack = ?, error_fingerprint = ?, finished_at = ?,
       finish_seq = ? where id = ? and status = 'RUNNING'`,
    );
    this.#finishFromQueued = sqlite.prepare(
      `update jobs set status = ?, attempts = ?, executor = ?, worker = null, started_at = ?, result = ?, error_code = ?, error_message = ?, error_stack = ?,
       error_fingerprint = ?, finished_at = ?, finish_seq = ? where id = ? and status = 'QUEUED'`,
    );
    this.#requeue = sqlite.prepare(
      `update jobs set status = 'QUEUED', queued_at = ?, started_at = null, finished_at = null where id = ? and status = 'RUNNING'`,
    );
    // The worker that ran the attempt is on the job row (REMOTE only): copied with the attempt.
    this.#insertAttempt = sqlite.prepare(
      `insert into job_attempts (job_id, attempt, status, executor, queued_at, started_at, finished_at, error_code, error_message, worker)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, (select worker from jobs where id = ?))`,
    );
    this.#assignWorker = sqlite.prepare(`update jobs set worker = ? where id = ? and status = 'RUNNING'`);
    this.#keepHandedOver = sqlite.prepare(
      `insert into job_attempts (job_id, attempt, status, executor, queued_at, started_at, finished_at, error_code, error_message, worker)
       select id, attempts, 'FAILED', executor, queued_at, started_at, ?, ?, ?, worker from jobs where id = ? and status = 'RUNNING'`,
    );
    this.#handOver = sqlite.prepare(`update jobs set worker = ?, started_at = ? where id = ? and status = 'RUNNING'`);
    group.beforeFlush(() => this.#queueDeferred(Number.POSITIVE_INFINITY));
  }

  /** QUEUED → RUNNING; held back when `deferrable` (see the class comment). */
  start(change: StartJob): void {
    if (!change.deferrable) return this.#queueStart(change);
    this.#deferredStarts.set(change.jobId, change);
    if (this.#deferredTimer === undefined) this.#deferredTimer = setTimeout(() => this.#deferredStartsDue(), DEFERRED_START_MS).unref();
  }

  #queueStart(change: StartJob): void {
    const slot = this.#group.enqueue(() => {
      this.#pendingStarts.delete(change.jobId);
      const { changes } = this.#start.run(change.attempt, change.executor, change.startedAt, change.jobId);
      this.#guard(changes, 'start', change, 'queued', 'running');
    });
    this.#pendingStarts.set(change.jobId, { start: change, slot, generation: this.#group.generation });
  }

  /** RUNNING → a terminal status; QUEUED → terminal in one write when the start is still queued. */
  finish(change: FinishJob): void {
    const result = change.result === undefined ? null : JSON.stringify(change.result);
    const e = change.error ?? null;
    // Only a failure pays for its fingerprint (the group it belongs to); a success writes null.
    const fingerprint = e ? normaliseMessage(e.message) : null;
    const seq = this.#finishSeq.next();
    // What both statements write after their own columns, in the same order: the end, its sequence, the job.
    const end = [result, e?.code ?? null, e?.message ?? null, e?.stack ?? null, fingerprint, change.finishedAt, seq, change.jobId];
    const deferred = this.#deferredStarts.get(change.jobId);
    if (deferred) {
      // Its start was never written: one write for both.
      this.#deferredStarts.delete(change.jobId);
      this.#group.enqueue(() => this.#finishQueued(change, deferred, end));
      return;
    }
    const pending = this.#takePendingStart(change.jobId);
    if (pending) {
      // Started and finished within one generation: one write instead of two, in the start's place.
      this.#group.replace(pending.slot, () => this.#finishQueued(change, pending.start, end));
      return;
    }
    this.#group.enqueue(() => {
      const { changes } = this.#finishFromRunning.run(change.status, ...end);
      this.#guard(changes, 'finish', change, 'running', COUNT_KEY[change.status]);
    });
  }

  /**
   * QUEUED → terminal, the start and the end in one write. A method rather than a closure named inside finish():
   * tsx keeps function names, which costs a defineProperty on every named closure it makes (~0.7 µs a job).
   */
  #finishQueued(change: FinishJob, start: StartJob, end: unknown[]): void {
    const { changes } = this.#finishFromQueued.run(change.status, start.attempt, start.executor, start.startedAt, ...end);
    this.#guard(changes, 'start+finish', change, 'queued', COUNT_KEY[change.status]);
  }

  /** RUNNING → QUEUED, keeping the attempt that ended. */
  requeue(change: RequeueJob): void {
    this.#queueDeferredStart(change.jobId);
    // No merge: the start must be written first, since the guard below expects RUNNING.
    this.#pendingStarts.delete(change.jobId);
    this.#group.enqueue(() => {
      const { changes } = this.#requeue.run(change.finishedAt, change.jobId);
      if (!this.#guard(changes, 'requeue', change, 'running', 'queued')) return;
      this.#insertAttempt.run(
        change.jobId,
        change.attempt,
        change.status,
        change.executor,
        change.queuedAt,
        change.startedAt,
        change.finishedAt,
        change.error.code,
        change.error.message,
        change.jobId,
      );
    });
  }

  /** A RUNNING job's remote worker, once it took the job; ignored when the job is no longer running. */
  assignWorker(jobId: string, worker: string): void {
    this.#queueDeferredStart(jobId);
    this.#group.enqueue(() => void this.#assignWorker.run(worker, jobId));
  }

  /**
   * A remote worker was lost while it ran the job and BullMQ handed the job to another: the lost part is kept as an
   * attempt row of its own (same attempt number, status FAILED, the reason), and the job runs on, on the new worker.
   * It does not count against the job's attempts: a lost machine is not the job's failure.
   */
  handOver(change: HandOverJob): void {
    this.#queueDeferredStart(change.jobId);
    this.#pendingStarts.delete(change.jobId); // the start must be written first: both statements expect RUNNING
    this.#group.enqueue(() => {
      const { changes } = this.#keepHandedOver.run(change.at, change.error.code, change.error.message, change.jobId);
      if (changes === 1) this.#handOver.run(change.worker, change.at, change.jobId);
    });
  }

  /** A held-back start is queued before any other transition of its job: they all expect RUNNING. */
  #queueDeferredStart(jobId: string): void {
    const start = this.#deferredStarts.get(jobId);
    if (!start) return;
    this.#deferredStarts.delete(jobId);
    this.#queueStart(start);
  }

  /** Queues the held-back starts made at `startedBefore` or earlier (all of them at an explicit flush). */
  #queueDeferred(startedBefore: number): void {
    for (const [jobId, start] of this.#deferredStarts) {
      if (start.startedAt > startedBefore) break; // in the order they started
      this.#deferredStarts.delete(jobId);
      this.#queueStart(start);
    }
  }

  #deferredStartsDue(): void {
    this.#deferredTimer = undefined;
    try {
      this.#queueDeferred(Date.now() - DEFERRED_START_MS);
    } catch (error: unknown) {
      this.#log.error({ err: coerceError(error) }, 'could not queue the held-back starts');
      return;
    }
    const next = this.#deferredStarts.values().next();
    if (next.done) return;
    this.#deferredTimer = setTimeout(() => this.#deferredStartsDue(), Math.max(1, next.value.startedAt + DEFERRED_START_MS - Date.now())).unref();
  }

  #takePendingStart(jobId: string): { start: StartJob; slot: number } | undefined {
    const pending = this.#pendingStarts.get(jobId);
    if (!pending) return undefined;
    this.#pendingStarts.delete(jobId);
    return pending.generation === this.#group.generation ? pending : undefined;
  }

  #guard(changes: number, what: string, change: { jobId: string; batchId: string }, from: keyof Counts, to: keyof Counts): boolean {
    if (changes !== 1) {
      this.#log.warn({ jobId: change.jobId, batchId: change.batchId, what }, 'job was not in the expected state; transition skipped');
      return false;
    }
    this.#counts.move(change.batchId, from, to);
    return true;
  }
}
