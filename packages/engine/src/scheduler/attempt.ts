import type { Logger } from 'pino';
import { Abort } from '../executors/abort.ts';
import { coerceError, EngineClosingError, JobCancelledError, JobTimeoutError, toErrorInfo, type ErrorCode } from '../errors.ts';
import type { EngineEventBus } from '../events.ts';
import type { ReadyJob, Store } from '../store/store.ts';
import type { ExecRequest } from '../executors/executor.ts';
import type { TaskPhase } from '../tasks/define.ts';
import type { ExecutorKind, JobErrorInfo, JobStatus } from '../types.ts';
import { JobLogBuffer, type LogLine } from '../triage/job-log.ts';
import type { Deadline } from './deadlines.ts';
import { backoffDelay } from './backoff.ts';
import type { BatchRun, RunPhase } from './batch-run.ts';

/** How an attempt ended, before the retry policy decides what becomes of the job. */
export type Outcome =
  | { status: 'SUCCEEDED'; result: unknown }
  | { status: 'FAILED' | 'TIMED_OUT' | 'CANCELLED'; error: JobErrorInfo; retryable: boolean }
  | { status: 'INTERRUPTED'; error: JobErrorInfo };

/**
 * One claimed attempt of one job. It is also what the executor is handed (the ExecRequest) and what the batch's
 * deadlines watch: one object per attempt, with methods instead of closures, because a fast job's whole cost is
 * in what is made for it.
 */
class JobAttempt implements ExecRequest, Deadline {
  readonly jobId: string;
  readonly attempt: number;
  readonly task: string;
  phase: TaskPhase = 'run';
  /** The phase's input: the job's input, then the first phase's result for the second phase. */
  input: unknown;
  readonly abort = new Abort();
  /** The deadline: aborted past it, unless `done` is set first. */
  readonly at: number;
  done = false;
  /**
   * When the executor gave the job back, stamped before its slot is released: releasing may start the next job at
   * once (synchronously, on the main thread), and that must not count as this job's run time.
   */
  endedAt = 0;
  /** What the task logged in this attempt (progress messages included); made on its first line (most jobs never log). */
  logs: JobLogBuffer | undefined;
  #onProgress: ((fraction: number, message?: string) => void) | undefined;

  constructor(
    readonly run: BatchRun,
    readonly job: ReadyJob,
    readonly startedAt: number,
    readonly waitMs: number,
    private readonly events: EngineEventBus,
  ) {
    this.jobId = job.id;
    this.attempt = job.attempts + 1;
    this.task = run.task.name;
    this.input = job.input;
    this.at = startedAt + run.batch.timeoutMs;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** A function of its own, made on first use: executors keep it apart from the request (a map of reporters). */
  get onProgress(): (fraction: number, message?: string) => void {
    return (this.#onProgress ??= (fraction, message) => {
      this.run.setProgress(this.jobId, fraction, message);
      this.events.emit('job:progress', { batchId: this.run.id, jobId: this.jobId, fraction, message });
    });
  }

  // Called as methods of the request by every executor (never kept apart from it).
  onLog(line: LogLine): void {
    (this.logs ??= new JobLogBuffer()).add(line);
  }

  onLogsDropped(n: number): void {
    (this.logs ??= new JobLogBuffer()).addDropped(n);
  }

  onUsage(usage: { blockedMs?: number | undefined; busyMs?: number | undefined }): void {
    this.run.addUsage(usage);
  }
}

/** What the scheduler does around attempts: the mis-tag policy, and the end of a batch. */
export interface AttemptHooks {
  /** A job succeeded, having run `runMs`. */
  succeeded(run: BatchRun, runMs: number): void;
  /** A job ended FAILED or TIMED_OUT (no retry left): the failure policy (failFast) may stop the batch. */
  failed(run: BatchRun, jobId: string, error: JobErrorInfo): void;
  /** An attempt was settled and recorded: the batch may be done. */
  settled(run: BatchRun): void;
}

/** Pools on this machine: a chunk's jobs there run for milliseconds each, back to back (see StartJob.deferrable). */
const LOCAL_POOLS: ReadonlySet<ExecutorKind> = new Set<ExecutorKind>(['THREADS', 'PROCESSES']);

/** Error codes that running the same input again cannot fix. */
const NOT_RETRYABLE: ReadonlySet<string> = new Set<ErrorCode>(['INVALID_INPUT', 'CANCELLED']);

/**
 * The attempt lifecycle, written once: claim → run → complete, retry or fail → emit. A batch's jobs run one per
 * executor call, or, for a data batch, as a chunk: many attempts that share one call. Whatever throws, every
 * claimed job ends in a state and its slots are freed.
 */
export class Attempts {
  #inFlight = 0;
  #idle: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly events: EngineEventBus,
    private readonly log: Logger,
    private readonly hooks: AttemptHooks,
  ) {}

  /** Resolves once no attempt is in flight. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.#idle = resolve;
      if (this.#inFlight === 0) resolve();
    });
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Runs `jobs` of the batch on `phases`: the lane has given their first phase one slot. */
  run(run: BatchRun, jobs: readonly ReadyJob[], phases: readonly RunPhase[]): void {
    const first = phases[0]!;
    if (jobs.length === 1 && !first.chunkSize) {
      // The common case, without the arrays a chunk needs: it is the hot path of every small job.
      const a = this.#claim(run, jobs[0]!, first);
      run.deadlines.track(a);
      if (phases.length === 1) this.#runOnePhase(run, a, first);
      else void this.#runPhases(run, a, phases).then((outcome) => this.#end(run, first, a, outcome));
      return;
    }
    // The chunk is sent first, and its jobs claimed while a thread runs it: the thread that gave the last chunk
    // back does not wait for this bookkeeping. On a local pool their starts are held back (see StartJob.deferrable).
    const startedAt = Date.now();
    const attempts = jobs.map((job) => this.#attempt(run, job, startedAt));
    void this.#runChunk(run, attempts, first).then((outcomes) => {
      for (let i = 0; i < attempts.length; i++) this.#settle(run, first, attempts[i]!, outcomes[i]!);
    });
    const deferrable = LOCAL_POOLS.has(first.executor);
    for (const a of attempts) this.#claimed(run, a, first, deferrable);
  }

  /** QUEUED → RUNNING: the store, the run's counts, the batch's start, job:start. */
  #claim(run: BatchRun, job: ReadyJob, first: RunPhase): JobAttempt {
    const a = this.#attempt(run, job, Date.now());
    this.#claimed(run, a, first, false);
    return a;
  }

  /** A new attempt of `job`, counted in flight from here (whatever happens to it, #settle counts it out). */
  #attempt(run: BatchRun, job: ReadyJob, startedAt: number): JobAttempt {
    this.#inFlight++;
    return new JobAttempt(run, job, startedAt, Math.max(0, startedAt - job.queuedAt), this.events);
  }

  #claimed(run: BatchRun, a: JobAttempt, first: RunPhase, deferrable: boolean): void {
    const { job, startedAt } = a;
    this.store.startJob({ jobId: job.id, batchId: run.id, attempt: a.attempt, executor: first.executor, startedAt, deferrable });
    if (run.claim(job.id, a.abort, startedAt)) {
      this.store.startBatch(run.id, startedAt);
      this.events.emit('batch:started', { batchId: run.id });
    }
    if (this.events.listening('job:start')) {
      this.events.emit('job:start', {
        batchId: run.id,
        jobId: job.id,
        attempt: a.attempt,
        executor: first.executor,
        lane: first.lane.name,
        waitMs: a.waitMs,
      });
    }
  }

  /**
   * A job of one phase (nearly every job): its executor call and two callbacks, no async function. Async frames,
   * their promises and a request object per job were most of what a fast job cost (and of the GC after it).
   */
  #runOnePhase(run: BatchRun, a: JobAttempt, phase: RunPhase): void {
    let running: Promise<unknown>;
    try {
      running = phase.lane.executor.run(a);
    } catch (thrown: unknown) {
      running = Promise.reject(thrown);
    }
    running.then(
      (value) => this.#returned(run, a, phase, value),
      (thrown: unknown) => this.#end(run, phase, a, classify(thrown), true),
    );
  }

  /**
   * The executor gave the job back with a value. A synchronous task on the main thread (SEQUENTIAL, or CPU work
   * forced onto ASYNC) cannot be interrupted; its overrun is only visible once it returns, and it is judged by it
   * all the same.
   */
  #returned(run: BatchRun, a: JobAttempt, phase: RunPhase, value: unknown): void {
    this.#release(run, a, phase);
    this.#end(run, phase, a, judged(value, a.endedAt - a.startedAt, run.batch.timeoutMs));
  }

  /** The attempt's executor call is over: its slot goes back (which may start the next job at once). */
  #release(run: BatchRun, a: JobAttempt, phase: RunPhase): void {
    a.endedAt = Date.now();
    try {
      run.releaseSlot(phase);
    } catch (error: unknown) {
      // Starting the next job failed (the store closing under it); this job's end is recorded all the same.
      this.log.error({ err: coerceError(error), batchId: run.id }, 'could not hand the freed slot on');
    }
  }

  /** The attempt is no longer abortable: its deadline and its place among the running jobs end, then it settles. */
  #end(run: BatchRun, first: RunPhase, a: JobAttempt, outcome: Outcome, release = false): void {
    if (release) this.#release(run, a, first);
    a.done = true;
    run.stopped(a.jobId);
    this.#settle(run, first, a, outcome);
  }

  /**
   * A job through several phases (I/O then CPU, each on its lane, for routed mixed batches); every phase's slot is
   * released when its executor call ends. Resolves with the outcome; `#end` follows.
   */
  async #runPhases(run: BatchRun, a: JobAttempt, phases: readonly RunPhase[]): Promise<Outcome> {
    try {
      let value = a.job.input;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i]!;
        if (i > 0) await this.#acquireSecondPhase(run, phase, a.abort);
        a.phase = phase.phase;
        a.input = value;
        try {
          value = await phase.lane.executor.run(a);
        } finally {
          this.#release(run, a, phase);
        }
      }
      return judged(value, a.endedAt - a.startedAt, run.batch.timeoutMs);
    } catch (thrown: unknown) {
      return classify(thrown);
    }
  }

  /**
   * A chunk of a data batch: many jobs in one message to one worker, each judged against its own timeout (after it
   * returns, as the worker runs them back to back). The chunk as a whole has a deadline of every job's timeout
   * added up: past it, or when every job in it is cancelled, its thread is terminated and the jobs still in it end
   * with that reason.
   */
  async #runChunk(run: BatchRun, attempts: readonly JobAttempt[], first: RunPhase): Promise<Outcome[]> {
    const chunk = new AbortController();
    let cancelled = 0;
    for (const a of attempts) a.abort.onAbort((reason) => ++cancelled === attempts.length && chunk.abort(reason));
    const timeoutMs = run.batch.timeoutMs;
    const timer = setTimeout(() => chunk.abort(new JobTimeoutError(timeoutMs)), timeoutMs * attempts.length);
    try {
      if (!first.lane.executor.runChunk) throw new Error(`${first.executor} cannot run chunks`);
      const results = await first.lane.executor.runChunk({
        task: run.task.name,
        jobIds: attempts.map((a) => a.job.id),
        inputs: attempts.map((a) => a.job.input),
        signal: chunk.signal,
        onUsage: (usage) => run.addUsage(usage),
      });
      return results.map((r, i): Outcome => {
        const abort = attempts[i]!.abort;
        if (abort.aborted) return classify(abort.reason); // cancelled while it ran
        return r.ok ? judged(r.value, r.ms, timeoutMs) : classifyInfo(r.error);
      });
    } catch (thrown: unknown) {
      return attempts.map(() => classify(thrown));
    } finally {
      clearTimeout(timer);
      const endedAt = Date.now(); // before the slot is released: releasing may start the next chunk at once
      for (const a of attempts) {
        a.endedAt = endedAt;
        run.stopped(a.job.id);
      }
      run.releaseSlot(first);
    }
  }

  /** Ends an attempt: complete, retry or fail; then counts, metrics and events. */
  #settle(run: BatchRun, first: RunPhase, a: JobAttempt, outcome: Outcome): void {
    const finishedAt = a.endedAt || Date.now();
    const runMs = finishedAt - a.startedAt;
    try {
      if (a.logs) this.store.appendJobLogs(a.job.id, a.attempt, a.logs.lines, a.logs.dropped);
      if (outcome.status === 'SUCCEEDED') this.hooks.succeeded(run, runMs);
      // The budget is counted from the job's attempt base: a retry by hand gives it maxAttempts fresh attempts.
      const retry =
        outcome.status !== 'SUCCEEDED' &&
        outcome.status !== 'INTERRUPTED' &&
        outcome.retryable &&
        a.attempt - a.job.attemptBase < run.batch.maxAttempts &&
        !run.cancelRequested;
      if (outcome.status === 'INTERRUPTED' || retry) this.#requeue(run, first, a, outcome, finishedAt);
      else {
        const error = outcome.status === 'SUCCEEDED' ? null : outcome.error;
        this.store.finishJob({
          jobId: a.job.id,
          batchId: run.id,
          status: outcome.status,
          result: outcome.status === 'SUCCEEDED' ? outcome.result : undefined,
          error,
          finishedAt,
        });
        run.settle(outcome.status);
        // Cancelled jobs are not throughput (they are counted apart, in the batch's counts).
        if (outcome.status !== 'CANCELLED') first.lane.meter.record(a.waitMs, runMs, finishedAt, run.batch.team);
        if (this.events.listening('job:finished')) {
          this.events.emit('job:finished', {
            batchId: run.id,
            jobId: a.job.id,
            status: outcome.status,
            lane: first.lane.name,
            waitMs: a.waitMs,
            runMs,
            error: error ?? undefined,
          });
        }
        if (error && (outcome.status === 'FAILED' || outcome.status === 'TIMED_OUT')) this.hooks.failed(run, a.job.id, error);
      }
      if (this.events.listening('batch:changed')) this.events.emit('batch:changed', { batchId: run.id });
      this.hooks.settled(run);
    } catch (error: unknown) {
      this.log.error({ err: coerceError(error), jobId: a.job.id }, 'could not record the end of a job attempt');
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) this.#idle?.();
    }
  }

  /** The attempt ended without ending the job: kept as an attempt, and the job queued again (after a backoff). */
  #requeue(run: BatchRun, first: RunPhase, a: JobAttempt, outcome: Exclude<Outcome, { status: 'SUCCEEDED' }>, finishedAt: number): void {
    const attemptStatus: JobStatus = outcome.status === 'INTERRUPTED' ? 'FAILED' : outcome.status;
    this.store.requeueJob({
      jobId: a.job.id,
      batchId: run.id,
      attempt: a.attempt,
      executor: first.executor,
      status: attemptStatus,
      queuedAt: a.job.queuedAt,
      startedAt: a.startedAt,
      finishedAt,
      error: outcome.error,
    });
    if (outcome.status === 'INTERRUPTED') return run.requeue(a.job, null); // shutdown: the next start picks it up
    const delayMs = backoffDelay(a.attempt, run.batch.backoffMs);
    run.requeue({ ...a.job, attempts: a.attempt }, delayMs);
    this.events.emit('job:retry', { batchId: run.id, jobId: a.job.id, attempt: a.attempt, delayMs, error: outcome.error });
  }

  async #acquireSecondPhase(run: BatchRun, second: RunPhase, abort: Abort): Promise<void> {
    if (abort.aborted) throw abort.reason;
    const waiter = run.waitForSecondPhase(second);
    const off = abort.onAbort(() => waiter.resolve());
    try {
      await waiter.promise;
    } finally {
      off();
    }
    if (!abort.aborted) return;
    // It got its slot in the same moment it was aborted: give the slot back; else it leaves the waiting line.
    if (waiter.granted) run.releaseSlot(second);
    else run.dropWaiter(waiter);
    throw abort.reason;
  }
}

/** A result that came back after the deadline is a timeout all the same. */
function judged(result: unknown, ranMs: number, timeoutMs: number): Outcome {
  return ranMs > timeoutMs ? classify(new JobTimeoutError(timeoutMs)) : { status: 'SUCCEEDED', result };
}

/** A failure reported as data by a worker (its class did not cross the thread boundary, its code did). */
function classifyInfo(info: JobErrorInfo): Outcome {
  return { status: 'FAILED', error: info, retryable: !NOT_RETRYABLE.has(info.code) };
}

function classify(thrown: unknown): Outcome {
  const error = coerceError(thrown);
  const info = toErrorInfo(error);
  if (error instanceof EngineClosingError) return { status: 'INTERRUPTED', error: info };
  if (error instanceof JobTimeoutError) return { status: 'TIMED_OUT', error: info, retryable: true };
  if (error instanceof JobCancelledError) return { status: 'CANCELLED', error: info, retryable: false };
  return { status: 'FAILED', error: info, retryable: !NOT_RETRYABLE.has(info.code) };
}
