import type { Logger } from 'pino';
import { EngineClosingError } from '../errors.ts';
import type { EngineEventBus } from '../events.ts';
import { untilDeadline } from '../executors/executor.ts';
import { laneOf } from '../router/decision-table.ts';
import type { ReadyJob, Store } from '../store/store.ts';
import type { TaskRegistry } from '../tasks/registry.ts';
import { isTerminalBatch, type BatchRecord, type BatchStatus, type JobErrorInfo, type JobTag, type Route } from '../types.ts';
import { Attempts } from './attempt.ts';
import { BatchRun, type BatchRunSnapshot, type RunPhase } from './batch-run.ts';
import { diagnose } from './diagnosis.ts';
import type { Lane } from './lane.ts';

/**
 * Runs batches: keeps one BatchRun per unfinished batch, joins it to its lanes, hands its slots to the attempt
 * lifecycle (attempt.ts), and ends batches. It decides; the BatchRun keeps the in-memory state and the store the
 * durable one. Talks to executors only through lanes, and to storage only through the Store interface.
 */
export class Scheduler {
  readonly #runs = new Map<string, BatchRun>();
  readonly #finishWaiters = new Map<string, Array<(batch: BatchRecord) => void>>();
  readonly #attempts: Attempts;
  #closing = false;

  constructor(
    private readonly store: Store,
    private readonly registry: TaskRegistry,
    private readonly lanes: ReadonlyMap<string, Lane>,
    private readonly events: EngineEventBus,
    private readonly log: Logger,
    /** Routes a batch again as if tagged `tag`; persists and returns the new route (null when nothing changes). */
    private readonly reroute: (batch: BatchRecord, tag: JobTag, why: string) => Route | null,
  ) {
    this.#attempts = new Attempts(store, events, log, {
      succeeded: (run, runMs) => this.#observe(run, runMs),
      failed: (run, jobId, error) => this.#failFast(run, jobId, error),
      settled: (run) => run.isDone && this.#finishBatch(run),
    });
  }

  /** What the engine's facade may see of the unfinished batches: a copy, never the runs themselves. */
  snapshots(): BatchRunSnapshot[] {
    return [...this.#runs.values()].map((run) => run.snapshot());
  }

  /**
   * Jobs held now (queued or running) in the unfinished batches, by the whole engine and by one team: what a
   * submission is admitted against. Read in place, without the copies `snapshots()` makes: it runs on every submit.
   */
  heldJobs(team: string): { readonly all: number; readonly team: number } {
    let all = 0;
    let mine = 0;
    for (const run of this.#runs.values()) {
      const held = run.counts.queued + run.counts.running;
      all += held;
      if (run.batch.team === team) mine += held;
    }
    return { all, team: mine };
  }

  /** Live progress of a running job (fraction and last message), if it reports any. */
  jobProgress(batchId: string, jobId: string): { fraction: number; message: string | undefined } | null {
    return this.#runs.get(batchId)?.progressOf(jobId) ?? null;
  }

  /** Starts (or resumes, after a restart or retryFailed) running a batch that is in the store. */
  resume(batch: BatchRecord, allJobs?: readonly ReadyJob[]): void {
    if (this.#runs.has(batch.id) || this.#closing) return;
    const task = this.registry.get(batch.task);
    if (!task) {
      // A batch of a task that is no longer configured cannot run; say so instead of leaving it queued forever.
      this.log.error({ batchId: batch.id, task: batch.task }, 'task of an unfinished batch is not registered; cancelling it');
      this.store.cancelBatch(batch.id, Date.now());
      this.store.finishBatch(batch.id, 'CANCELLED', Date.now());
      return;
    }
    const run = new BatchRun(
      batch,
      task,
      this.#phasesOf(batch.route, batch),
      this.store,
      (r, jobs, phases) => void this.#attempts.run(r, jobs, phases),
      allJobs,
    );
    this.#runs.set(batch.id, run);
    // Cancelled before a restart: jobs the crash put back in the queue are cancelled too, not run.
    if (batch.cancelRequested && !run.isDone) return this.cancelBatch(batch.id);
    if (run.isDone) return this.#finishBatch(run);
    const cold = run.lanes.filter((lane) => lane.executor.prepare && lane.executor.ready === false);
    if (cold.length === 0) return run.join();
    // Jobs stay queued while the executor starts (child processes): start-up shows as waiting, not as run time.
    void Promise.allSettled(cold.map((lane) => lane.executor.prepare!())).then(() => {
      if (this.#runs.get(run.id) === run && !this.#closing) run.join();
    });
  }

  waitForBatch(batchId: string): Promise<BatchRecord> {
    // A batch running here needs no read: reading would commit the pending group first, one commit more on the
    // path of every submit-and-wait (most of a one-job batch's latency is its commits).
    if (!this.#runs.has(batchId)) {
      const batch = this.store.getBatch(batchId);
      if (!batch) return Promise.reject(new Error(`No batch ${batchId}`));
      if (isTerminalBatch(batch.status)) return Promise.resolve(batch);
    }
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
    run.cancel(this.store.cancelBatch(batchId, Date.now()));
    this.events.emit('batch:changed', { batchId });
    if (run.isDone) this.#finishBatch(run);
  }

  /** Cancels one job, queued or running. Returns false when it had already finished. */
  cancelJob(batchId: string, jobId: string): boolean {
    const run = this.#runs.get(batchId);
    if (!run) return false;
    if (run.abortJob(jobId)) return true;
    if (!this.store.cancelQueuedJob(jobId, Date.now())) return false;
    run.cancelledQueuedJob(jobId);
    this.events.emit('batch:changed', { batchId });
    if (run.isDone) this.#finishBatch(run);
    return true;
  }

  /** Puts a batch's failed, timed-out and cancelled jobs back in the queue. Returns how many. */
  retryFailed(batchId: string): number {
    const n = this.store.retryFailed(batchId, Date.now());
    if (n > 0) this.#reopen(batchId);
    return n;
  }

  /** Jobs of the batch were put back in the queue in the store: its run takes the new counts, or it runs again. */
  #reopen(batchId: string): void {
    const batch = this.store.getBatch(batchId)!;
    const run = this.#runs.get(batchId);
    if (run) run.reopen(batch.counts);
    else this.resume(batch);
    this.events.emit('batch:changed', { batchId });
  }

  // ── Flow control: the store first (a pause survives a restart), then the running batch or the lane ─────────

  /** Pauses an unfinished batch: it starts no new jobs; running ones finish. False when it was not pausable. */
  pauseBatch(batchId: string): boolean {
    if (!this.store.setBatchPaused(batchId, true)) return false;
    this.#runs.get(batchId)?.setPaused(true);
    this.events.emit('batch:changed', { batchId });
    return true;
  }

  resumeBatch(batchId: string): boolean {
    if (!this.store.setBatchPaused(batchId, false)) return false;
    this.#runs.get(batchId)?.setPaused(false);
    this.events.emit('batch:changed', { batchId });
    return true;
  }

  /** The concurrency of the phase a batch's new jobs start on, from its next hand-out (validated by the caller). */
  setBatchConcurrency(batchId: string, concurrency: number): boolean {
    if (!this.store.setBatchConcurrency(batchId, concurrency)) return false;
    const run = this.#runs.get(batchId);
    if (run) {
      run.batch.concurrency = concurrency; // so a later reroute keeps it
      run.setConcurrency(concurrency);
    }
    this.events.emit('batch:changed', { batchId });
    return true;
  }

  /** Holds (or releases) a whole lane, for every team: no new job starts on it. False when there is no such lane. */
  setLanePaused(name: string, paused: boolean): boolean {
    const lane = this.lanes.get(name);
    if (!lane) return false;
    this.store.setLanePaused(name, paused, Date.now());
    if (paused) lane.pause();
    else lane.resume();
    return true;
  }

  /** On start, before any batch resumes: the lanes an admin had paused stay paused. */
  restoreLanePauses(): void {
    for (const name of this.store.pausedLanes()) this.lanes.get(name)?.pause();
  }

  /**
   * Puts jobs back in the queue (failed, timed-out or cancelled ones; others are skipped), each with a fresh attempt
   * budget, and runs their batches again. A batch whose cancel is under way gets none back: it starts nothing more.
   * Returns how many jobs were put back.
   */
  retryJobs(jobs: ReadonlyArray<{ readonly id: string; readonly batchId: string }>): number {
    const eligible = jobs.filter((job) => !this.#runs.get(job.batchId)?.cancelRequested).map((job) => job.id);
    if (eligible.length === 0) return 0;
    let n = 0;
    for (const [batchId, count] of this.store.retryJobs(eligible, Date.now())) {
      n += count;
      this.#reopen(batchId);
    }
    return n;
  }

  /** Stops starting work, waits for running attempts until the deadline, then interrupts the rest. */
  async close(deadlineMs: number): Promise<void> {
    this.#closing = true;
    for (const lane of this.lanes.values()) lane.stop();
    if (this.#attempts.inFlight > 0) await untilDeadline(this.#attempts.idle(), deadlineMs);
    if (this.#attempts.inFlight > 0) {
      for (const run of this.#runs.values()) run.abortAll(new EngineClosingError());
      await this.#attempts.idle();
    }
    for (const run of this.#runs.values()) run.end();
  }

  /**
   * failFast (asyncio TaskGroup semantics): the first job of the batch that ends FAILED or TIMED_OUT, its retries
   * spent, cancels the rest: queued jobs at once, running ones through their signals. The batch then ends FAILED.
   */
  #failFast(run: BatchRun, jobId: string, error: JobErrorInfo): void {
    if (!run.batch.failFast || run.cancelRequested) return;
    run.cancel(this.store.cancelBatch(run.id, Date.now()), `Cancelled by failFast: job ${jobId} failed first (${error.code})`);
    this.log.info({ batchId: run.id, jobId, code: error.code }, 'failFast: a job failed; the rest of the batch is cancelled');
  }

  #finishBatch(run: BatchRun): void {
    const c = run.counts;
    const failed = c.failed + c.timedOut > 0;
    // A failFast batch with a failure is FAILED even though its cancel stopped it (also when a restart finishes it).
    const status: BatchStatus = run.batch.failFast && failed ? 'FAILED' : run.cancelRequested ? 'CANCELLED' : failed ? 'FAILED' : 'SUCCEEDED';
    run.end();
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
    run.measured(runMs);
    this.store.addUsage(run.id, run.usage);
    if (run.rerouted || !run.batch.autoReroute || run.batch.route.rule === 'override') return;
    const elapsed = Date.now() - (run.batch.startedAt?.getTime() ?? Date.now());
    const diagnosis = diagnose(run.batch.tag, run.batch.route, run.usage, elapsed);
    if (!diagnosis.mistagged || !diagnosis.suggestedTag || run.counts.queued === 0) return;
    const rerouted = this.reroute(run.batch, diagnosis.suggestedTag, diagnosis.verdict ?? 'mis-tagged');
    if (!rerouted) return;
    run.reroute(rerouted, this.#phasesOf(rerouted, run.batch));
    this.log.info({ batchId: run.id, rule: rerouted.rule }, 'batch rerouted by the mis-tag policy');
    this.events.emit('batch:changed', { batchId: run.id });
  }

  /** The route's phases on their lanes; a concurrency set on the batch replaces the first phase's (where jobs start). */
  #phasesOf(route: Route, batch: Pick<BatchRecord, 'background' | 'concurrency'>): RunPhase[] {
    return route.phases.map((p, i) => ({
      ...p,
      concurrency: i === 0 && batch.concurrency !== null ? batch.concurrency : p.concurrency,
      lane: this.#lane(laneOf(p.executor, batch.background)),
      inFlight: 0,
    }));
  }

  #lane(name: string): Lane {
    const lane = this.lanes.get(name);
    if (!lane) throw new Error(`No lane ${name}`);
    return lane;
  }
}
