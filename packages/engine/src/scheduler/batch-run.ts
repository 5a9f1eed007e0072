import type { Abort } from '../executors/abort.ts';
import { JobCancelledError, JobTimeoutError } from '../errors.ts';
import type { BatchUsageTotals, ReadyJob, Store } from '../store/store.ts';
import type { TaskDefinition } from '../tasks/define.ts';
import { COUNT_KEY, type BatchRecord, type Counts, type Route, type RoutePhase, type TerminalJobStatus } from '../types.ts';
import { Deadlines } from './deadlines.ts';
import type { Lane, LaneMember } from './lane.ts';
import { StartRate } from './rate-limit.ts';
import { ReadyQueue } from './ready-queue.ts';

/** Event-loop slots a batch starts with before it ramps up (see BatchRun.#initialWindow). */
const RAMP_START = 64;

/** A job parked between phases, waiting for a slot on the next phase's lane. */
export interface PhaseWaiter {
  granted: boolean;
  resolve(): void;
}

/** A phase of a running batch: its lane and how many of the batch's jobs are in it now (written by BatchRun only). */
export interface RunPhase extends RoutePhase {
  readonly lane: Lane;
  readonly inFlight: number;
}

interface MutablePhase extends Omit<RoutePhase, 'concurrency'> {
  readonly lane: Lane;
  /** Changed in place by setBatchConcurrency: running jobs hold this object. */
  concurrency: number;
  inFlight: number;
}

/** What the batch's jobs cost where they ran: the evidence for catching mis-tagged work. */
export interface BatchUsage extends BatchUsageTotals {
  /** Time jobs held the main thread synchronously (async and sequential lanes). */
  blockedMs: number;
  /** Time worker threads were busy running jobs (event-loop active time of the worker). */
  busyMs: number;
  /** Run time of the measured jobs. */
  runMs: number;
  /** Jobs measured. */
  jobs: number;
}

/** What the rest of the engine may read of a running batch. */
export interface BatchRunSnapshot {
  readonly batchId: string;
  readonly team: string;
  /** The lane its new jobs start on. */
  readonly lane: string;
  readonly counts: Readonly<Counts>;
}

/**
 * The in-memory side of one unfinished batch, and the only writer of it: its counts, its phases' slots, the page of
 * ready jobs read from the store, due retries, the jobs running now with their aborts, and their progress. It is a
 * member of the lane of each of its phases. Every change goes through one of the named methods below; the
 * scheduler decides when, and writes the store.
 */
export class BatchRun implements LaneMember {
  readonly #counts: Counts;
  readonly #running = new Map<string, Abort>();
  readonly #progress = new Map<string, { fraction: number; message: string | undefined }>();
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  /** Timeouts of the running jobs: one timer for the batch. */
  readonly deadlines: Deadlines;
  readonly #usage: BatchUsage;
  #cancelRequested: boolean;
  /** Set once the batch has been rerouted by the mis-tag policy (it happens at most once). */
  #rerouted: boolean;
  /** The phases new jobs start on. Jobs keep the phases they started with, so a reroute never strands one. */
  #phases: MutablePhase[];
  #started: boolean;
  readonly #queue: ReadyQueue;
  #waiters: PhaseWaiter[] = [];
  /** Flow control: paused by a user (no new starts), and the start rate limit, if any. */
  #paused: boolean;
  readonly #rate: StartRate | null;
  /** Slots of the first phase it may use now: the event loop's ramp (see #rampUp); its concurrency elsewhere. */
  #window: number;
  #rampCheck = false;

  constructor(
    readonly batch: BatchRecord,
    readonly task: TaskDefinition,
    phases: RunPhase[],
    store: Store,
    /** Starts jobs on the given phases: one job, or a chunk of jobs for a data batch. */
    private readonly launch: (run: BatchRun, jobs: ReadyJob[], phases: readonly RunPhase[]) => void,
    /** Every job of the batch as just inserted, when its insert gave them back (a small batch): no read of them. */
    allJobs?: readonly ReadyJob[],
  ) {
    this.#phases = phases;
    this.#queue = new ReadyQueue(store, batch.id, allJobs);
    const timeoutMs = batch.timeoutMs;
    this.deadlines = new Deadlines((abort) => abort.abort(new JobTimeoutError(timeoutMs)));
    this.#counts = { ...batch.counts };
    this.#usage = { ...batch.usage }; // continues across restarts
    this.#cancelRequested = batch.cancelRequested;
    this.#rerouted = batch.route.rule.startsWith('rerouted');
    // A batch reopened by a retry has started before but is QUEUED again: its next start marks it RUNNING once more.
    this.#started = batch.startedAt !== null && batch.status === 'RUNNING';
    this.#paused = batch.paused;
    this.#rate = batch.rateLimit ? new StartRate(batch.rateLimit, () => this.#phases[0]!.lane.pump()) : null;
    this.#window = this.#initialWindow();
  }

  /**
   * On the event loop (ASYNC) a batch starts with RAMP_START slots and doubles them, up to its concurrency, at each
   * turn of the event loop that finds them all still taken: its jobs wait on something, so more at once helps. Jobs
   * that finish within the turn they start (no-op, cached or synchronous work) never grow it: a thousand of them in
   * flight at once would only cost memory and GC (a no-op batch ran 25% slower at 2,000 than at 64, and slower than
   * SEQUENTIAL). 64 → 2,000 takes five turns, a millisecond or so while the jobs wait.
   */
  #initialWindow(): number {
    const first = this.#phases[0]!;
    return first.executor === 'ASYNC' ? Math.min(first.concurrency, RAMP_START) : Number.POSITIVE_INFINITY;
  }

  #rampUp(): void {
    if (this.#rampCheck) return;
    this.#rampCheck = true;
    setImmediate(() => {
      this.#rampCheck = false;
      const first = this.#phases[0]!;
      if (first.inFlight < this.#window || this.#window >= first.concurrency) return;
      this.#window = Math.min(first.concurrency, this.#window * 2);
      first.lane.pump();
    });
  }

  get team(): string {
    return this.batch.team;
  }

  get priority(): number {
    return this.batch.priority;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get id(): string {
    return this.batch.id;
  }

  get counts(): Readonly<Counts> {
    return this.#counts;
  }

  get phases(): readonly RunPhase[] {
    return this.#phases;
  }

  get lanes(): Lane[] {
    return [...new Set(this.#phases.map((p) => p.lane))];
  }

  get cancelRequested(): boolean {
    return this.#cancelRequested;
  }

  get rerouted(): boolean {
    return this.#rerouted;
  }

  get isDone(): boolean {
    return this.#counts.queued === 0 && this.#counts.running === 0;
  }

  /** Measured cost of its successful jobs. The store keeps this live object until its next commit. */
  get usage(): Readonly<BatchUsage> {
    return this.#usage;
  }

  snapshot(): BatchRunSnapshot {
    return { batchId: this.id, team: this.batch.team, lane: this.#phases[0]!.lane.name, counts: { ...this.#counts } };
  }

  progressOf(jobId: string): { fraction: number; message: string | undefined } | null {
    return this.#progress.get(jobId) ?? null;
  }

  // ── Lane membership ────────────────────────────────────────────────────────────────────────────────────────

  canStart(lane: Lane): boolean {
    const [first, second] = this.#phases;
    // A job between phases goes first: finishing started work beats starting new work.
    if (second && lane === second.lane && this.#waiters.length > 0 && second.inFlight < second.concurrency) return true;
    if (lane !== first!.lane || this.#cancelRequested || this.#paused || lane.paused || first!.inFlight >= first!.concurrency) return false;
    if (first!.inFlight >= this.#window) {
      this.#rampUp();
      return false;
    }
    // The rate is asked last: when it says no, it arms a timer, which is only worth it with work waiting.
    return this.#queue.hasNext() && (this.#rate === null || this.#rate.available(1) > 0);
  }

  start(lane: Lane): void {
    const second = this.#phases[1];
    if (second && lane === second.lane && this.#waiters.length > 0) {
      const waiter = this.#waiters.shift()!;
      second.inFlight++;
      waiter.granted = true;
      waiter.resolve();
      return;
    }
    const first = this.#phases[0]!;
    const jobs: ReadyJob[] = [];
    const chunk = first.chunkSize ?? 1;
    for (let n = this.#rate === null ? chunk : this.#rate.available(chunk); n > 0; n--) {
      const job = this.#queue.next();
      if (!job) break;
      jobs.push(job);
    }
    if (jobs.length === 0) throw new Error(`Batch ${this.id} was offered a slot it could not use`); // canStart said yes
    this.#rate?.take(jobs.length);
    first.inFlight++; // a chunk takes one slot: one worker runs it
    this.launch(this, jobs, this.#phases);
  }

  demand(lane: Lane): number {
    let asked = 0;
    for (const phase of this.#phases) if (phase.lane === lane) asked += phase.concurrency;
    return asked;
  }

  /** A job (or chunk) left this phase: its slot goes back to the batch and to the lane, which fills it. */
  releaseSlot(phase: RunPhase): void {
    (phase as MutablePhase).inFlight--;
    phase.lane.release(this.batch.team);
  }

  /** Parks a job that finished phase 1 until phase 2's lane gives it a slot. */
  waitForSecondPhase(second: RunPhase): PhaseWaiter & { promise: Promise<void> } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const waiter = { granted: false, resolve, promise };
    this.#waiters.push(waiter);
    second.lane.pump();
    return waiter;
  }

  /** Takes back a parked waiter that was aborted before it got its slot. */
  dropWaiter(waiter: PhaseWaiter): void {
    const i = this.#waiters.indexOf(waiter);
    if (i !== -1) this.#waiters.splice(i, 1);
  }

  // ── A job's attempt ────────────────────────────────────────────────────────────────────────────────────────

  /** QUEUED → RUNNING in memory. True when it is the batch's first start. */
  claim(jobId: string, abort: Abort, startedAt: number): boolean {
    this.#counts.queued--;
    this.#counts.running++;
    this.#running.set(jobId, abort);
    if (this.#started) return false;
    this.#started = true;
    this.batch.startedAt ??= new Date(startedAt); // the first start, kept across retries (the store keeps it too)
    return true;
  }

  /** What running a job cost where it ran, as the executor reported it. */
  addUsage(usage: { blockedMs?: number | undefined; busyMs?: number | undefined }): void {
    this.#usage.blockedMs += usage.blockedMs ?? 0;
    this.#usage.busyMs += usage.busyMs ?? 0;
  }

  /** A job succeeded after running `runMs`: it counts in the batch's measured usage. */
  measured(runMs: number): void {
    this.#usage.runMs += runMs;
    this.#usage.jobs++;
  }

  /** The job's last progress; a report without a message keeps the last message. */
  setProgress(jobId: string, fraction: number, message?: string): void {
    this.#progress.set(jobId, { fraction, message: message ?? this.#progress.get(jobId)?.message });
  }

  /** The attempt's executor call ended (the job is no longer abortable); its outcome is settled next. */
  stopped(jobId: string): void {
    this.#running.delete(jobId);
    this.#progress.delete(jobId);
  }

  /** RUNNING → a terminal status in memory. */
  settle(status: TerminalJobStatus): void {
    this.#counts.running--;
    this.#counts[COUNT_KEY[status]]++;
  }

  /** RUNNING → QUEUED in memory; with a delay, the job runs again once it has passed (on the batch's current lane). */
  requeue(job: ReadyJob, delayMs: number | null): void {
    this.#counts.running--;
    this.#counts.queued++;
    if (delayMs === null) return; // shutdown: the next start reads it from the store
    const timer = setTimeout(() => {
      this.#retryTimers.delete(timer);
      this.#queue.addRetry({ ...job, queuedAt: Date.now() });
      this.#phases[0]!.lane.pump(); // the batch's current first lane: a retry after a reroute runs on the new one
    }, delayMs);
    this.#retryTimers.add(timer);
  }

  // ── The whole batch ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * A cancel: `cancelledQueued` queued jobs were cancelled in the store; nothing more starts, and the running ones
   * are aborted with `reason`.
   */
  cancel(cancelledQueued: number, reason = 'Batch was cancelled'): void {
    this.#cancelRequested = true;
    this.#resetQueue(true);
    this.#cancelQueued(cancelledQueued);
    for (const abort of this.#running.values()) abort.abort(new JobCancelledError(reason));
  }

  /** Cancels one job: aborts it if it runs (true); else marks a queued one cancelled (the store already did). */
  abortJob(jobId: string): boolean {
    const running = this.#running.get(jobId);
    if (!running) return false;
    running.abort(new JobCancelledError());
    return true;
  }

  /** One queued job was cancelled in the store: skip it if it is in the page read, and count it. */
  cancelledQueuedJob(jobId: string): void {
    this.#queue.skip(jobId);
    this.#cancelQueued(1);
  }

  /** retryFailed put jobs back in the queue: take the store's counts and read the queue again. */
  reopen(counts: Counts): void {
    Object.assign(this.#counts, counts);
    this.#cancelRequested = false;
    this.#resetQueue(false);
    for (const lane of this.lanes) lane.pump();
  }

  /** Paused: no new job starts (running ones finish, through their next phase too). Resumed: slots flow again. */
  setPaused(paused: boolean): void {
    this.#paused = paused;
    if (!paused) for (const lane of this.lanes) lane.pump();
  }

  /** The concurrency new jobs start under, from the next hand-out on (running jobs are not stopped to lower it). */
  setConcurrency(concurrency: number): void {
    const first = this.#phases[0]!;
    first.concurrency = concurrency;
    first.lane.pump();
  }

  /** Moves new jobs onto other phases (the mis-tag policy), leaving and joining lanes. Running jobs keep theirs. */
  reroute(route: Route, phases: RunPhase[]): void {
    for (const lane of this.lanes) lane.leave(this);
    this.#rerouted = true;
    this.batch.route = route;
    this.#phases = phases;
    this.#window = this.#initialWindow();
    for (const lane of this.lanes) lane.join(this);
  }

  /** Aborts every running job with `reason` (engine shutdown). */
  abortAll(reason: unknown): void {
    for (const abort of this.#running.values()) abort.abort(reason);
  }

  /** Joins its lanes: slots start flowing. */
  join(): void {
    for (const lane of this.lanes) lane.join(this);
  }

  /** Leaves its lanes and stops its timers: nothing of it runs any more. */
  end(): void {
    for (const lane of this.lanes) lane.leave(this);
    this.deadlines.clear();
    this.#rate?.close();
    this.#resetQueue(true);
  }

  #cancelQueued(n: number): void {
    this.#counts.queued -= n;
    this.#counts.cancelled += n;
  }

  /** Forgets the ready jobs and due retries: after cancel (nothing to run) and retryFailed (read again). */
  #resetQueue(exhausted: boolean): void {
    this.#queue.reset(exhausted);
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
  }
}
