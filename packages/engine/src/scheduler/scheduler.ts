import type { Logger } from 'pino';
import { coerceError, EngineClosingError, errorCode, JobCancelledError, JobTimeoutError } from '../errors.ts';
import type { EngineEventBus } from '../events.ts';
import type { ReadyJob, Store } from '../store/store.ts';
import type { TaskRegistry } from '../tasks/registry.ts';
import { COUNT_KEY, isTerminalBatch, type BatchRecord, type BatchStatus, type JobErrorInfo, type JobStatus, type JobTag, type Route } from '../types.ts';
import { diagnose } from './diagnosis.ts';
import { laneOf } from '../router/decision-table.ts';
import { backoffDelay } from './backoff.ts';
import { Abort } from '../executors/abort.ts';
import { untilDeadline } from '../executors/executor.ts';
import { BatchRun, type RunPhase } from './batch-run.ts';
import type { Lane } from './lane.ts';

type Outcome =
  | { status: 'SUCCEEDED'; result: unknown }
  | { status: 'FAILED' | 'TIMED_OUT' | 'CANCELLED'; error: JobErrorInfo; retryable: boolean }
  | { status: 'INTERRUPTED'; error: JobErrorInfo };

/** Error codes that running the same input again cannot fix. */
const NOT_RETRYABLE = new Set(['INVALID_INPUT', 'CANCELLED']);

/**
 * Runs batches: feeds their jobs to the lanes, runs each attempt top to bottom (claim → run → complete, retry
 * or fail → emit), keeps the counts, and ends batches. Talks to executors only through lanes, and to storage
 * only through the Store interface.
 */
export class Scheduler {
  readonly #runs = new Map<string, BatchRun>();
  readonly #finishWaiters = new Map<string, Array<(batch: BatchRecord) => void>>();
  #attemptsInFlight = 0;
  #idle: (() => void) | undefined;
  #closing = false;

  constructor(
    private readonly store: Store,
    private readonly registry: TaskRegistry,
    private readonly lanes: ReadonlyMap<string, Lane>,
    private readonly events: EngineEventBus,
    private readonly log: Logger,
    /** Routes a batch again as if tagged `tag`; persists and returns the new route (null when nothing changes). */
    private readonly reroute: (batch: BatchRecord, tag: JobTag, why: string) => Route | null,
  ) {}

  get activeRuns(): ReadonlyMap<string, BatchRun> {
    return this.#runs;
  }

  /** Starts (or resumes, after a restart or retryFailed) running a batch that is in the store. */
  resume(batch: BatchRecord): void {
    if (this.#runs.has(batch.id) || this.#closing) return;
    const task = this.registry.get(batch.task);
    if (!task) {
      // A batch of a task that is no longer configured cannot run; say so instead of leaving it queued forever.
      this.log.error({ batchId: batch.id, task: batch.task }, 'task of an unfinished batch is not registered; cancelling it');
      this.store.cancelBatch(batch.id, Date.now());
      this.store.finishBatch(batch.id, 'CANCELLED', Date.now());
      return;
    }
    const run = new BatchRun(batch, task, this.#phasesOf(batch.route, batch.background), this.store, (r, jobs, phases) =>
      void (jobs.length === 1 && !phases[0]!.chunkSize ? this.#runJob(r, jobs[0]!, phases) : this.#runChunk(r, jobs, phases)),
    );
    this.#runs.set(batch.id, run);
    // Cancelled before a restart: jobs the crash put back in the queue are cancelled too, not run.
    if (batch.cancelRequested && !run.isDone) return this.cancelBatch(batch.id);
    if (run.isDone) return this.#finishBatch(run);
    const cold = run.lanes.filter((lane) => lane.executor.prepare && lane.executor.ready === false);
    if (cold.length === 0) {
      for (const lane of run.lanes) lane.join(run);
      return;
    }
    // Jobs stay queued while the executor starts (child processes): start-up shows as waiting, not as run time.
    void Promise.allSettled(cold.map((lane) => lane.executor.prepare!())).then(() => {
      if (this.#runs.get(run.id) !== run || this.#closing) return;
      for (const lane of run.lanes) lane.join(run);
    });
  }

  waitForBatch(batchId: string): Promise<BatchRecord> {
    const batch = this.store.getBatch(batchId);
    if (!batch) return Promise.reject(new Error(`No batch ${batchId}`));
    if (!this.#runs.has(batchId) && isTerminalBatch(batch.status)) return Promise.resolve(batch);
    return new Promise((resolve) => {
      const list = this.#finishWaiters.get(batchId) ?? [];
      list.push(resolve);
      this.#finishWaiters.set(batchId, list);
    });
  }

  /** Cancels a batch: queued jobs at once (one statement), running ones through their abort signals. */
  cancelBatch(batchId: string): void {
    const run = this.#runs.get(batchId);
    if (!run) return;
    run.cancelRequested = true;
    run.resetQueue(true);
    const cancelled = this.store.cancelBatch(batchId, Date.now());
    run.counts.queued -= cancelled;
    run.counts.cancelled += cancelled;
    for (const abort of run.running.values()) abort.abort(new JobCancelledError('Batch was cancelled'));
    this.events.emit('batch:changed', { batchId });
    if (run.isDone) this.#finishBatch(run);
  }

  /** Cancels one job, queued or running. Returns false when it had already finished. */
  cancelJob(batchId: string, jobId: string): boolean {
    const run = this.#runs.get(batchId);
    if (!run) return false;
    const running = run.running.get(jobId);
    if (running) {
      running.abort(new JobCancelledError());
      return true;
    }
    if (!this.store.cancelQueuedJob(jobId, Date.now())) return false;
    run.skip(jobId);
    run.counts.queued--;
    run.counts.cancelled++;
    this.events.emit('batch:changed', { batchId });
    if (run.isDone) this.#finishBatch(run);
    return true;
  }

  /** Puts a batch's failed, timed-out and cancelled jobs back in the queue. Returns how many. */
  retryFailed(batchId: string): number {
    const n = this.store.retryFailed(batchId, Date.now());
    if (n === 0) return 0;
    const batch = this.store.getBatch(batchId)!;
    const run = this.#runs.get(batchId);
    if (run) {
      Object.assign(run.counts, batch.counts);
      run.cancelRequested = false;
      run.resetQueue(false);
      for (const lane of run.lanes) lane.pump();
    } else {
      this.resume(batch);
    }
    this.events.emit('batch:changed', { batchId });
    return n;
  }

  /** Stops starting work, waits for running attempts until the deadline, then interrupts the rest. */
  async close(deadlineMs: number): Promise<void> {
    this.#closing = true;
    for (const lane of this.lanes.values()) lane.pause();
    if (this.#attemptsInFlight > 0) await untilDeadline(new Promise<void>((resolve) => (this.#idle = resolve)), deadlineMs);
    if (this.#attemptsInFlight > 0) {
      for (const run of this.#runs.values()) for (const c of run.running.values()) c.abort(new EngineClosingError());
      await new Promise<void>((resolve) => {
        this.#idle = resolve;
        if (this.#attemptsInFlight === 0) resolve();
      });
    }
    for (const run of this.#runs.values()) run.resetQueue(true);
  }

  /** One attempt of one job, top to bottom. Whatever throws, the job ends in a state and its slots are freed. */
  async #runJob(run: BatchRun, job: ReadyJob, phases: readonly RunPhase[]): Promise<void> {
    const first = phases[0]!;
    const claim = this.#claim(run, job, first);
    const abort = new Abort();
    run.running.set(job.id, abort);
    const timeoutMs = run.batch.timeoutMs;
    const deadline = run.deadlines.add(claim.startedAt + timeoutMs, abort);
    let outcome: Outcome;
    // When the executor gave the job back, stamped before its slot is released: releasing may start the next job
    // at once (synchronously, on the main thread), and that must not count as this job's run time.
    const ended = { at: 0 };
    try {
      // run
      const result = await this.#execute(run, phases, job, claim.attempt, abort, ended);
      // A synchronous task on the main thread (SEQUENTIAL, or CPU work forced onto ASYNC) cannot be interrupted;
      // its overrun is only visible once it returns, and it is judged by it all the same.
      outcome = judged(result, ended.at - claim.startedAt, timeoutMs);
    } catch (thrown: unknown) {
      outcome = classify(thrown);
    } finally {
      deadline.done();
      run.running.delete(job.id);
      run.progress.delete(job.id);
    }
    this.#settle(run, first, job, claim, outcome, ended.at || Date.now());
  }

  /**
   * A chunk of a data batch: many jobs in one message to one worker. Each job is claimed, judged against its own
   * timeout (after it returns, as the worker runs them back to back) and settled on its own. The chunk as a whole
   * has a deadline of every job's timeout added up: past it, or when every job in it is cancelled, its thread is
   * terminated and the jobs still in it end with that reason.
   */
  async #runChunk(run: BatchRun, jobs: ReadyJob[], phases: readonly RunPhase[]): Promise<void> {
    const first = phases[0]!;
    const claims = jobs.map((job) => this.#claim(run, job, first));
    const chunk = new AbortController();
    let cancelled = 0;
    const aborts = jobs.map((job) => {
      const abort = new Abort();
      abort.onAbort((reason) => ++cancelled === jobs.length && chunk.abort(reason));
      run.running.set(job.id, abort);
      return abort;
    });
    const timeoutMs = run.batch.timeoutMs;
    const timer = setTimeout(() => chunk.abort(new JobTimeoutError(timeoutMs)), timeoutMs * jobs.length);
    let outcomes: Outcome[];
    let finishedAt = 0;
    try {
      if (!first.lane.executor.runChunk) throw new Error(`${first.executor} cannot run chunks`);
      const results = await first.lane.executor.runChunk({
        task: run.task.name,
        jobIds: jobs.map((j) => j.id),
        inputs: jobs.map((j) => j.input),
        signal: chunk.signal,
        onUsage: (usage) => (run.usage.busyMs += usage.busyMs ?? 0),
      });
      outcomes = results.map((r, i): Outcome => {
        if (aborts[i]!.aborted) return classify(aborts[i]!.reason); // cancelled while it ran
        if (r.ok) return judged(r.value, r.ms, timeoutMs);
        return classifyInfo(r.error);
      });
    } catch (thrown: unknown) {
      outcomes = jobs.map(() => classify(thrown));
    } finally {
      clearTimeout(timer);
      for (const job of jobs) run.running.delete(job.id);
      finishedAt = Date.now(); // before the slot is released: releasing may start the next chunk at once
      first.inFlight--;
      first.lane.release();
    }
    jobs.forEach((job, i) => this.#settle(run, first, job, claims[i]!, outcomes[i]!, finishedAt));
  }

  /** Claims a job: QUEUED → RUNNING, counts, the batch's start, job:start. */
  #claim(run: BatchRun, job: ReadyJob, first: RunPhase): { attempt: number; startedAt: number; waitMs: number } {
    const attempt = job.attempts + 1;
    const startedAt = Date.now();
    const waitMs = Math.max(0, startedAt - job.queuedAt);
    this.#attemptsInFlight++;
    this.store.startJob({ jobId: job.id, batchId: run.id, attempt, executor: first.executor, startedAt });
    run.counts.queued--;
    run.counts.running++;
    if (!run.started) {
      run.started = true;
      run.batch.startedAt = new Date(startedAt);
      this.store.startBatch(run.id, startedAt);
      this.events.emit('batch:started', { batchId: run.id });
    }
    if (this.events.listening('job:start')) {
      this.events.emit('job:start', { batchId: run.id, jobId: job.id, attempt, executor: first.executor, lane: first.lane.name, waitMs });
    }
    return { attempt, startedAt, waitMs };
  }

  /** Ends an attempt: complete, retry or fail; then counts, metrics, events, and the batch's end if it was the last. */
  #settle(run: BatchRun, first: RunPhase, job: ReadyJob, claim: { attempt: number; startedAt: number; waitMs: number }, outcome: Outcome, finishedAt: number): void {
    const { attempt, startedAt, waitMs } = claim;
    const runMs = finishedAt - startedAt;
    try {
      if (outcome.status === 'SUCCEEDED') this.#observe(run, runMs);
      if (outcome.status === 'INTERRUPTED' || (outcome.status !== 'SUCCEEDED' && outcome.retryable && attempt < run.batch.maxAttempts && !run.cancelRequested)) {
        this.#requeue(run, first, job, attempt, outcome, { startedAt, finishedAt });
      } else {
        this.store.finishJob({
          jobId: job.id,
          batchId: run.id,
          status: outcome.status,
          result: outcome.status === 'SUCCEEDED' ? outcome.result : undefined,
          error: outcome.status === 'SUCCEEDED' ? null : outcome.error,
          finishedAt,
        });
        run.counts.running--;
        run.counts[COUNT_KEY[outcome.status]]++;
        first.lane.meter.record(waitMs, runMs, finishedAt);
        if (this.events.listening('job:finished')) this.events.emit('job:finished', {
          batchId: run.id,
          jobId: job.id,
          status: outcome.status,
          lane: first.lane.name,
          waitMs,
          runMs,
          error: outcome.status === 'SUCCEEDED' ? undefined : outcome.error,
        });
      }
      if (this.events.listening('batch:changed')) this.events.emit('batch:changed', { batchId: run.id });
      if (run.isDone) this.#finishBatch(run);
    } catch (error: unknown) {
      this.log.error({ err: error, jobId: job.id }, 'could not record the end of a job attempt');
    } finally {
      this.#attemptsInFlight--;
      if (this.#attemptsInFlight === 0) this.#idle?.();
    }
  }

  /** Runs the job's phases: one for most batches; I/O then CPU (each on its lane) for routed mixed batches. */
  async #execute(run: BatchRun, phases: readonly RunPhase[], job: ReadyJob, attempt: number, abort: Abort, ended: { at: number }): Promise<unknown> {
    let value = job.input;
    for (let i = 0; i < phases.length; i++) {
      const phase = phases[i]!;
      if (i > 0) await this.#acquireSecondPhase(run, phase, abort);
      try {
        value = await phase.lane.executor.run({
          jobId: job.id,
          attempt,
          task: run.task.name,
          phase: phase.phase,
          input: value,
          get signal() {
            return abort.signal;
          },
          abort,
          onProgress: (fraction, message) => {
            run.progress.set(job.id, fraction);
            this.events.emit('job:progress', { batchId: run.id, jobId: job.id, fraction, message });
          },
          onUsage: (usage) => {
            run.usage.blockedMs += usage.blockedMs ?? 0;
            run.usage.busyMs += usage.busyMs ?? 0;
          },
        });
      } finally {
        ended.at = Date.now();
        phase.inFlight--;
        phase.lane.release();
      }
    }
    return value;
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
    if (abort.aborted) {
      if (waiter.granted) {
        // It got its slot in the same moment it was aborted: give the slot back.
        second.inFlight--;
        second.lane.release();
      } else {
        run.dropWaiter(waiter);
      }
      throw abort.reason;
    }
  }

  #requeue(run: BatchRun, first: RunPhase, job: ReadyJob, attempt: number, outcome: Exclude<Outcome, { status: 'SUCCEEDED' }>, t: { startedAt: number; finishedAt: number }): void {
    const attemptStatus: JobStatus = outcome.status === 'INTERRUPTED' ? 'FAILED' : outcome.status;
    this.store.requeueJob({
      jobId: job.id,
      batchId: run.id,
      attempt,
      executor: first.executor,
      status: attemptStatus,
      queuedAt: job.queuedAt,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
      error: outcome.error,
    });
    run.counts.running--;
    run.counts.queued++;
    if (outcome.status === 'INTERRUPTED') return; // shutdown: the next start picks it up
    const delayMs = backoffDelay(attempt, run.batch.backoffMs);
    this.events.emit('job:retry', { batchId: run.id, jobId: job.id, attempt, delayMs, error: outcome.error });
    const timer = setTimeout(() => {
      run.retryTimers.delete(timer);
      run.addRetry({ ...job, attempts: attempt, queuedAt: Date.now() });
      run.phases[0]!.lane.pump(); // the batch's current first lane: a retry after a reroute runs on the new one
    }, delayMs);
    run.retryTimers.add(timer);
  }

  #finishBatch(run: BatchRun): void {
    const c = run.counts;
    const status: BatchStatus = run.cancelRequested ? 'CANCELLED' : c.failed + c.timedOut > 0 ? 'FAILED' : 'SUCCEEDED';
    for (const lane of run.lanes) lane.leave(run);
    run.deadlines.clear();
    this.#runs.delete(run.id);
    this.store.finishBatch(run.id, status, Date.now());
    // Announced once committed: whoever hears "finished" can read every result.
    this.store.afterCommit(() => {
      this.events.emit('batch:finished', { batchId: run.id, status });
      const waiters = this.#finishWaiters.get(run.id);
      this.#finishWaiters.delete(run.id);
      if (waiters) {
        const batch = this.store.getBatch(run.id)!;
        for (const resolve of waiters) resolve(batch);
      }
    });
  }

  /**
   * Records what a successful job cost where it ran, and applies the mis-tag policy: a batch whose jobs look
   * like the other kind is flagged (always) and, if it opted in, rerouted once for its remaining jobs.
   */
  #observe(run: BatchRun, runMs: number): void {
    run.usage.runMs += runMs;
    run.usage.jobs++;
    this.store.addUsage(run.id, run.usage);
    if (run.rerouted || !run.batch.autoReroute || run.batch.route.rule === 'override') return;
    const elapsed = Date.now() - (run.batch.startedAt?.getTime() ?? Date.now());
    const diagnosis = diagnose(run.batch.tag, run.batch.route, run.usage, elapsed);
    if (!diagnosis.mistagged || !diagnosis.suggestedTag || run.counts.queued === 0) return;
    const rerouted = this.reroute(run.batch, diagnosis.suggestedTag, diagnosis.verdict ?? 'mis-tagged');
    if (!rerouted) return;
    run.rerouted = true;
    for (const lane of run.lanes) lane.leave(run);
    run.batch.route = rerouted;
    run.phases = this.#phasesOf(rerouted, run.batch.background);
    for (const lane of run.lanes) lane.join(run);
    this.log.info({ batchId: run.id, rule: rerouted.rule }, 'batch rerouted by the mis-tag policy');
    this.events.emit('batch:changed', { batchId: run.id });
  }

  #phasesOf(route: Route, background: boolean): RunPhase[] {
    return route.phases.map((p) => ({ ...p, lane: this.#lane(laneOf(p.executor, background)), inFlight: 0 }));
  }

  #lane(name: string): Lane {
    const lane = this.lanes.get(name);
    if (!lane) throw new Error(`No lane ${name}`);
    return lane;
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
  const info: JobErrorInfo = { code: errorCode(error), message: error.message, stack: error.stack };
  if (error instanceof EngineClosingError) return { status: 'INTERRUPTED', error: info };
  if (error instanceof JobTimeoutError) return { status: 'TIMED_OUT', error: info, retryable: true };
  if (error instanceof JobCancelledError) return { status: 'CANCELLED', error: info, retryable: false };
  return { status: 'FAILED', error: info, retryable: !NOT_RETRYABLE.has(info.code) };
}
