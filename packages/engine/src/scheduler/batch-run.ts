import type { ReadyJob, Store } from '../store/store.ts';
import type { TaskDefinition } from '../tasks/define.ts';
import type { BatchRecord, Counts, RoutePhase } from '../types.ts';
import type { Lane, LaneMember } from './lane.ts';
import type { Abort } from '../executors/abort.ts';
import { JobTimeoutError } from '../errors.ts';
import { Deadlines } from './deadlines.ts';

/** Jobs read from the store at a time; the rest of a batch stays in the store until needed. */
const PAGE_SIZE = 512;

/** A job parked between phases, waiting for a slot on the next phase's lane. */
export interface PhaseWaiter {
  granted: boolean;
  resolve(): void;
}

/** A phase of a running batch: its lane and how many of the batch's jobs are in it now. */
export interface RunPhase extends RoutePhase {
  readonly lane: Lane;
  inFlight: number;
}

/** What the batch's jobs cost where they ran: the evidence for catching mis-tagged work. */
export interface BatchUsage {
  /** Time jobs held the main thread synchronously (async and sequential lanes). */
  blockedMs: number;
  /** Time worker threads were busy running jobs (event-loop active time of the worker). */
  busyMs: number;
  /** Run time of the measured jobs. */
  runMs: number;
  /** Jobs measured. */
  jobs: number;
}

/**
 * The in-memory side of one unfinished batch: a page of ready jobs read from the store, due retries, the jobs
 * running now with their abort controllers, and its counts. It is a member of the lane of each of its phases.
 */
export class BatchRun implements LaneMember {
  readonly counts: Counts;
  readonly running = new Map<string, Abort>();
  /** Timeouts of the running jobs: one timer for the batch. */
  readonly deadlines: Deadlines;
  readonly progress = new Map<string, number>();
  readonly retryTimers = new Set<NodeJS.Timeout>();
  readonly usage: BatchUsage;
  cancelRequested = false;
  /** Set once the batch has been rerouted by the mis-tag policy (it happens at most once). */
  rerouted = false;
  /** The phases new jobs start on. Jobs keep the phases they started with, so a reroute never strands one. */
  phases: RunPhase[];
  started: boolean;
  #ready: ReadyJob[] = [];
  #readyPos = 0;
  #cursor = -1;
  #exhausted = false;
  #retries: ReadyJob[] = [];
  #skip = new Set<string>();
  #waiters: PhaseWaiter[] = [];

  constructor(
    readonly batch: BatchRecord,
    readonly task: TaskDefinition,
    phases: RunPhase[],
    private readonly store: Store,
    /** Starts jobs on the given phases: one job, or a chunk of jobs for a data batch. */
    private readonly launch: (run: BatchRun, jobs: ReadyJob[], phases: readonly RunPhase[]) => void,
  ) {
    this.phases = phases;
    const timeoutMs = batch.timeoutMs;
    this.deadlines = new Deadlines((abort) => abort.abort(new JobTimeoutError(timeoutMs)));
    this.counts = { ...batch.counts };
    this.usage = { ...batch.usage }; // continues across restarts
    this.cancelRequested = batch.cancelRequested;
    this.rerouted = batch.route.rule.startsWith('rerouted');
    this.started = batch.startedAt !== null;
  }

  get id(): string {
    return this.batch.id;
  }

  get lanes(): Lane[] {
    return [...new Set(this.phases.map((p) => p.lane))];
  }

  canStart(lane: Lane): boolean {
    const [first, second] = this.phases;
    // A job between phases goes first: finishing started work beats starting new work.
    if (second && lane === second.lane && this.#waiters.length > 0 && second.inFlight < second.concurrency) return true;
    if (lane !== first!.lane || this.cancelRequested || first!.inFlight >= first!.concurrency) return false;
    return this.#hasReady();
  }

  start(lane: Lane): void {
    const second = this.phases[1];
    if (second && lane === second.lane && this.#waiters.length > 0) {
      const waiter = this.#waiters.shift()!;
      second.inFlight++;
      waiter.granted = true;
      waiter.resolve();
      return;
    }
    const first = this.phases[0]!;
    const jobs: ReadyJob[] = [];
    for (let n = first.chunkSize ?? 1; n > 0; n--) {
      const job = this.#takeReady();
      if (!job) break;
      jobs.push(job);
    }
    if (jobs.length === 0) throw new Error(`Batch ${this.id} was offered a slot it could not use`); // canStart said yes
    first.inFlight++; // a chunk takes one slot: one worker runs it
    this.launch(this, jobs, this.phases);
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

  addRetry(job: ReadyJob): void {
    this.#retries.push(job);
  }

  /** Marks a queued job cancelled so it is skipped if it is still in the page read from the store. */
  skip(jobId: string): void {
    this.#skip.add(jobId);
    this.#retries = this.#retries.filter((j) => j.id !== jobId);
  }

  /** Forgets everything read from the store: used after cancel (nothing to run) and retryFailed (reread). */
  resetQueue(exhausted: boolean): void {
    this.#ready = [];
    this.#readyPos = 0;
    this.#cursor = -1;
    this.#exhausted = exhausted;
    this.#retries = [];
    this.#skip.clear();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  get isDone(): boolean {
    return this.counts.queued === 0 && this.counts.running === 0;
  }

  #hasReady(): boolean {
    while (true) {
      while (this.#retries.length > 0 && this.#skip.has(this.#retries[0]!.id)) this.#retries.shift();
      if (this.#retries.length > 0) return true;
      while (this.#readyPos < this.#ready.length && this.#skip.has(this.#ready[this.#readyPos]!.id)) this.#readyPos++;
      if (this.#readyPos < this.#ready.length) return true;
      if (this.#exhausted) return false;
      this.#ready = this.store.nextQueuedJobs(this.id, this.#cursor, PAGE_SIZE);
      this.#readyPos = 0;
      if (this.#ready.length < PAGE_SIZE) this.#exhausted = true;
      if (this.#ready.length > 0) this.#cursor = this.#ready[this.#ready.length - 1]!.index;
    }
  }

  #takeReady(): ReadyJob | undefined {
    if (!this.#hasReady()) return undefined;
    return this.#retries.shift() ?? this.#ready[this.#readyPos++];
  }
}
