import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { coalesced } from './coalesce.ts';
import { EngineEventBus } from './events.ts';
import type { ThreadExecutor } from './executors/threads.ts';
import { createLanes } from './lanes.ts';
import { createLogger } from './logger.ts';
import { buildDecisionTable, route, type DecisionRule, type RoutingThresholds } from './router/decision-table.ts';
import type { Lane } from './scheduler/lane.ts';
import { StatsSampler, type EngineStats } from './stats.ts';
import { batchProgress, type BatchProgress } from './batch-progress.ts';
import { finishedJobs, type FinishedJobsChunk, type FinishedJobsOptions } from './finished-jobs.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import type { BatchFilter, FailureGroup, LaneBucket, Page, StorageInfo, Store, ThroughputPoint } from './store/store.ts';
import { createTaskRegistry, type TaskInfo, type TaskRegistry } from './tasks/registry.ts';
import {
  isTerminalBatch,
  type BatchRecord,
  type BatchStatus,
  type ComparisonRecord,
  type JobAttemptRecord,
  type JobRecord,
  type JobStatus,
  type JobTag,
  type Route,
  type SubmitBatchInput,
} from './types.ts';
import { diagnose, type Diagnosis } from './scheduler/diagnosis.ts';
import { validateSubmission, type SubmissionLimits } from './validate.ts';
import type { SubmitError } from './errors.ts';
import { Comparisons, type CompareResult } from './compare/comparisons.ts';
import { downsample, HISTORY_RANGES, LaneHistory, type HistoryRange } from './history/lane-history.ts';
import { DEFAULT_RETENTION_MS, RetentionSweeper, type RetentionOptions, type SweepResult } from './retention/sweeper.ts';
import type { CompareStrategiesInput, TimelineEntry } from './compare/types.ts';

export interface EngineOptions {
  /** SQLite file; created and migrated on start. */
  readonly dbPath: string;
  /** Extra task modules (paths or file URLs); their CPU tasks run in the worker threads too. */
  readonly taskModules?: readonly string[];
  /** pino logger, or false for none. @default a pino logger at LOG_LEVEL or info */
  readonly logger?: Logger | false;
  /** Worker threads. @default os.availableParallelism() */
  readonly threads?: number;
  /** Child processes for isolated work, started on first use. @default os.availableParallelism() */
  readonly processes?: number;
  /** The most jobs the I/O lane runs at once across all its batches. @default 10_000 */
  readonly ioLaneLimit?: number;
  /** Decision-table thresholds. */
  readonly routing?: Partial<Omit<RoutingThresholds, 'threads'>>;
  /** Submission limits. */
  readonly limits?: Partial<Omit<SubmissionLimits, 'threads' | 'maxConcurrency'>>;
  /** Owner of batches submitted without one. @default 'default' */
  readonly defaultTeam?: string;
  /** How long finished batches are kept, and how the sweeper deletes them. @default 30 days */
  readonly retention?: Partial<RetentionOptions>;
}

/** deleteBatch's answer: deleted, or why not. */
export type DeleteBatchResult =
  { ok: true; batchId: string } | { ok: false; reason: 'NOT_FOUND' } | { ok: false; reason: 'NOT_FINISHED'; status: BatchStatus };

/** The database's size and age, and the retention that bounds them. */
export interface StorageStats extends StorageInfo {
  /** 0 when everything is kept. */
  readonly retentionMs: number;
}

export type SubmitResult = { ok: true; batch: BatchRecord } | { ok: false; error: SubmitError };
export type { CompareResult };

export interface DecisionRuleInfo extends Omit<DecisionRule, 'matches' | 'phases'> {
  readonly batchesRouted: number;
}

const CLOSE_DEADLINE_MS = 10_000;

/**
 * The engine's public face: submit, read, cancel, retry, watch, close. Knows nothing of GraphQL or HTTP.
 * It is long because the API is wide: it wires the parts together in the constructor and otherwise holds one short
 * method per public operation, delegating to the part that owns it (scheduler, store, comparisons, stats).
 */
export class Engine {
  readonly events: EngineEventBus;
  readonly log: Logger;
  readonly #store: Store;
  readonly #registry: TaskRegistry;
  readonly #lanes: Map<string, Lane>;
  readonly #scheduler: Scheduler;
  readonly #comparisons: Comparisons;
  readonly #threadExecutor: ThreadExecutor;
  readonly #table: readonly DecisionRule[];
  readonly #thresholds: RoutingThresholds;
  readonly #limits: SubmissionLimits;
  readonly #defaultTeam: string;
  readonly #stats: StatsSampler;
  readonly #retention: RetentionSweeper;
  readonly #history: LaneHistory;
  #closed: Promise<void> | undefined;

  constructor(options: EngineOptions, registry: TaskRegistry) {
    this.log = createLogger(options.logger);
    this.events = new EngineEventBus(this.log);
    this.#registry = registry;
    const threads = options.threads ?? availableParallelism();
    const processes = options.processes ?? availableParallelism();
    this.#thresholds = {
      ioHighVolumeItems: 100,
      ioModerateConcurrency: 10,
      ioHighConcurrency: 2000,
      backgroundConcurrency: 2,
      dataBatchItems: 10_000,
      chunkSize: 256,
      ...options.routing,
      threads,
      processes,
    };
    const ioLaneLimit = options.ioLaneLimit ?? 10_000;
    this.#limits = {
      maxBatchSize: 100_000,
      maxTimeoutMs: 21_600_000,
      maxAttempts: 20,
      ...options.limits,
      threads,
      processes,
      maxConcurrency: ioLaneLimit,
    };
    this.#table = buildDecisionTable(this.#thresholds);
    this.#defaultTeam = options.defaultTeam ?? 'default';
    this.#store = new SqliteStore(options.dbPath, this.log);
    const { lanes, threads: threadExecutor } = createLanes(registry, this.log, { threads, processes, ioLaneLimit });
    this.#lanes = lanes;
    this.#threadExecutor = threadExecutor;
    this.#scheduler = new Scheduler(this.#store, registry, this.#lanes, this.events, this.log, (batch, tag, why) => this.#reroute(batch, tag, why));
    this.#comparisons = new Comparisons(
      this.#store,
      this.events,
      {
        check: (input) => {
          const checked = validateSubmission(input, this.#registry, this.#limits);
          return checked.ok ? { ok: true, tag: checked.value.tag } : checked;
        },
        submit: (batch) => this.submitBatch(batch),
        waitForBatch: (id) => this.waitForBatch(id),
        cancelBatch: (id) => this.#scheduler.cancelBatch(id),
        getBatch: (id) => this.#store.getBatch(id),
        cores: threads,
        maxBatchSize: this.#limits.maxBatchSize,
      },
      this.log,
    );
    this.#retention = new RetentionSweeper(this.#store, this.log, { retentionMs: DEFAULT_RETENTION_MS, ...options.retention });
    const scheduler = this.#scheduler;
    const store = this.#store;
    this.#history = new LaneHistory(
      this.#store,
      this.events,
      () => {
        const queued = new Map<string, number>();
        for (const run of scheduler.snapshots()) queued.set(run.lane, (queued.get(run.lane) ?? 0) + run.counts.queued);
        return [...lanes.values()].map((lane) => ({ lane: lane.name, inFlight: lane.inFlight, queued: queued.get(lane.name) ?? 0 }));
      },
      this.log,
      this.#retention.retentionMs,
    );
    this.#stats = new StatsSampler(
      { lanes: [...lanes.values()], runs: () => scheduler.snapshots(), totals: () => store.totals() },
      this.events,
      this.log,
    );
  }

  /** Waits until every worker thread is up with the task modules loaded (bounded: a broken module is logged). */
  async warmUp(timeoutMs = 30_000): Promise<void> {
    const arrived = await this.#threadExecutor.warmUp(timeoutMs);
    if (arrived < this.#thresholds.threads) this.log.error({ arrived, threads: this.#thresholds.threads }, 'not every worker thread started in time');
  }

  /** Recovers interrupted jobs and resumes every unfinished batch. Called once by createEngine. */
  start(): void {
    this.#comparisons.recover();
    const recovered = this.#store.recoverInterrupted(Date.now());
    if (recovered > 0) this.log.warn({ recovered }, 'jobs interrupted by the last shutdown were queued again');
    for (const batch of this.#store.activeBatches()) this.#scheduler.resume(batch);
    this.#stats.start();
    this.#retention.start();
    this.#history.start();
  }

  /** Lane metrics: a fresh snapshot at once, then the shared sampler's, once a second while something changes. */
  watchStats(options: { signal?: AbortSignal } = {}): AsyncGenerator<EngineStats & { seq: number }> {
    return this.#stats.watch(options);
  }

  /** Validates, routes and commits a batch (all its jobs or none), then starts it. Expected failures are data. */
  submitBatch(input: SubmitBatchInput): SubmitResult {
    if (this.#closed) throw new Error('Engine is closed');
    const checked = validateSubmission(input, this.#registry, this.#limits);
    if (!checked.ok) return checked;
    const s = checked.value;
    const decided = route(
      { tag: s.tag, items: s.items.length, background: s.background, isolate: s.isolate },
      this.#table,
      this.#thresholds,
      s.strategy,
    );
    const batch = this.#store.insertBatch(
      {
        team: input.team ?? this.#defaultTeam,
        name: s.name,
        task: s.task.name,
        tag: s.tag,
        route: decided,
        timeoutMs: s.timeoutMs,
        maxAttempts: s.maxAttempts,
        backoffMs: s.backoffMs,
        background: s.background,
        autoReroute: s.autoReroute,
        createdAt: Date.now(),
        comparisonId: input.comparisonId,
      },
      s.items,
    );
    this.events.emit('batch:submitted', { batchId: batch.id, task: batch.task, total: batch.total, rule: decided.rule });
    this.#scheduler.resume(batch);
    return { ok: true, batch };
  }

  /** Strategy comparisons (compare/comparisons.ts): start one; follow it with watchComparison. */
  compareStrategies(input: CompareStrategiesInput): CompareResult {
    return this.#comparisons.start(input, input.team ?? this.#defaultTeam);
  }

  getComparison(id: string): ComparisonRecord | null {
    return this.#comparisons.get(id);
  }

  listComparisons(team: string, first: number, afterId?: string): Page<ComparisonRecord> {
    return this.#comparisons.list(team, first, afterId);
  }

  cancelComparison(id: string): ComparisonRecord | null {
    return this.#comparisons.cancel(id);
  }

  currentComparisonBatch(comparison: ComparisonRecord): BatchRecord | null {
    return this.#comparisons.currentBatch(comparison.id);
  }

  timeline(batchId: string): TimelineEntry[] {
    return this.#comparisons.timeline(batchId);
  }

  watchComparison(id: string, options: { intervalMs?: number; signal?: AbortSignal } = {}): AsyncGenerator<ComparisonRecord> {
    return this.#comparisons.watch(id, options);
  }

  /** How the batch's jobs behaved against its tag: the mis-tag check. */
  diagnose(batch: BatchRecord): Diagnosis {
    const start = batch.startedAt?.getTime();
    const end = batch.finishedAt?.getTime() ?? Date.now();
    return diagnose(batch.tag, batch.route, batch.usage, start === undefined ? 0 : end - start);
  }

  /** The mis-tag policy's reroute: the decision table again, as if the batch had been tagged `tag`. */
  #reroute(batch: BatchRecord, tag: JobTag, why: string): Route | null {
    const next = route({ tag, items: batch.total, background: batch.background }, this.#table, this.#thresholds);
    if (next.executor === batch.route.executor && next.phases.length === batch.route.phases.length) return null;
    const rerouted: Route = {
      ...next,
      rule: `rerouted:${next.rule}`,
      reason: `rerouted from ${batch.route.executor} (rule "${batch.route.rule}"): ${why}. Now: ${next.reason}`,
    };
    this.#store.updateRoute(batch.id, rerouted);
    return rerouted;
  }

  cancelBatch(id: string): BatchRecord | null {
    if (this.#retention.isPurging(id) || !this.#store.getBatch(id)) return null;
    this.#scheduler.cancelBatch(id);
    return this.#store.getBatch(id);
  }

  cancelJob(id: string): JobRecord | null {
    const job = this.#store.getJob(id);
    if (!job) return null;
    this.#scheduler.cancelJob(job.batchId, id);
    return this.#store.getJob(id);
  }

  retryFailed(batchId: string): BatchRecord | null {
    // A batch being deleted is already gone for its users: half its jobs may be, and it must not run again.
    if (this.#retention.isPurging(batchId) || !this.#store.getBatch(batchId)) return null;
    this.#scheduler.retryFailed(batchId);
    return this.#store.getBatch(batchId);
  }

  /** Deletes a finished batch with its jobs and attempts (in small transactions), and hands the space back. */
  async deleteBatch(id: string): Promise<DeleteBatchResult> {
    const batch = this.#store.getBatch(id);
    if (!batch) return { ok: false, reason: 'NOT_FOUND' };
    if (!isTerminalBatch(batch.status)) return { ok: false, reason: 'NOT_FINISHED', status: batch.status };
    const result = await this.#retention.delete(id);
    if (result === 'deleted') return { ok: true, batchId: id };
    // Refused between the read and the first step: it was retried (running again) or deleted meanwhile.
    const now = this.#store.getBatch(id);
    return now ? { ok: false, reason: 'NOT_FINISHED', status: now.status } : { ok: false, reason: 'NOT_FOUND' };
  }

  /** One retention sweep now (the sweeper also runs on its own): expired batches deleted, space handed back. */
  sweepRetention(now = Date.now()): Promise<SweepResult> {
    return this.#retention.sweep(now);
  }

  /** Per-lane history from the store (it survives restarts), over one of the overview's ranges ending now. */
  laneHistory(range: HistoryRange, now = Date.now()): { resolutionMs: number; buckets: LaneBucket[] } {
    const { rangeMs, resolutionMs, widthMs } = HISTORY_RANGES[range];
    return { resolutionMs: widthMs, buckets: downsample(this.#history.read(resolutionMs, now - rangeMs, now + 1), widthMs) };
  }

  /**
   * A batch's throughput over its run, from its jobs' finish times (cancelled jobs are not throughput): at most
   * about 120 points, each at least a second wide. Empty until the batch has started.
   */
  batchThroughput(batch: BatchRecord): { widthMs: number; points: ThroughputPoint[] } {
    const start = batch.startedAt?.getTime();
    if (start === undefined) return { widthMs: 1_000, points: [] };
    const wallMs = (batch.finishedAt?.getTime() ?? Date.now()) - start;
    const widthMs = Math.max(1_000, Math.ceil(wallMs / 120 / 1_000) * 1_000);
    return { widthMs, points: this.#store.batchThroughput(batch.id, Math.floor(start / 1_000) * 1_000, widthMs) };
  }

  /** Writes the lane history's ended buckets now (it does so once a second on its own). */
  flushHistory(now = Date.now()): void {
    this.#history.tick(now);
  }

  /** The database's size, its oldest batch, and the retention. Engine-wide. */
  storage(): StorageStats {
    return { ...this.#store.storage(), retentionMs: this.#retention.retentionMs };
  }

  waitForBatch(id: string): Promise<BatchRecord> {
    return this.#scheduler.waitForBatch(id);
  }

  getBatch(id: string): BatchRecord | null {
    return this.#store.getBatch(id);
  }

  listBatches(filter: BatchFilter, first: number, afterId?: string): Page<BatchRecord> {
    return this.#store.listBatches(filter, first, afterId);
  }

  getJob(id: string): JobRecord | null {
    return this.#store.getJob(id);
  }

  /** Live progress fraction of a running job, if it reports any. */
  jobProgress(job: JobRecord): number | null {
    if (job.status === 'SUCCEEDED') return 1;
    return this.#scheduler.jobProgress(job.batchId, job.id);
  }

  listJobs(batchId: string, status: JobStatus | undefined, first: number, afterIndex?: number): Page<JobRecord> {
    return this.#store.listJobs(batchId, status, first, afterIndex);
  }

  jobHistory(job: JobRecord): JobAttemptRecord[] {
    const earlier = this.#store.jobAttempts(job.id);
    // A queued job's last attempt (if any) is already among the earlier ones; a started job's is on its row.
    if (job.attempts === 0 || job.status === 'QUEUED') return earlier;
    const current: JobAttemptRecord = {
      attempt: job.attempts,
      status: job.status,
      executor: job.executor ?? 'ASYNC',
      queuedAt: job.queuedAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      error: job.error,
    };
    return [...earlier, current];
  }

  failureGroups(batchId: string, limit = 20): FailureGroup[] {
    return this.#store.failureGroups(batchId, limit);
  }

  tasks(): TaskInfo[] {
    return this.#registry.list().map((t) => this.#registry.describe(t));
  }

  decisionTable(): DecisionRuleInfo[] {
    const routed = this.#store.batchesByRule();
    return this.#table.map(({ matches: _m, phases: _p, ...rule }) => ({ ...rule, batchesRouted: routed.get(rule.id) ?? 0 }));
  }

  /** Batch-level figures derived from its record: wall time, throughput, ETA. */
  batchProgress(batch: BatchRecord, seq = 0): BatchProgress {
    return batchProgress(batch, seq);
  }

  /**
   * Coalesced progress snapshots of one batch: the first at once, then at most one per `intervalMs` and only
   * when something changed, and a last one with done: true. Ends when the batch ends or the signal aborts.
   */
  watchBatch(id: string, options: { intervalMs?: number; signal?: AbortSignal } = {}): AsyncGenerator<BatchProgress> {
    let seq = 0;
    return coalesced({
      read: () => {
        const batch = this.#store.getBatch(id);
        return batch ? this.batchProgress(batch, ++seq) : null;
      },
      isFinal: (progress) => progress.done,
      listen: (notify) => {
        const offs = [
          this.events.on('batch:changed', (e) => e.batchId === id && notify(false)),
          this.events.on('batch:finished', (e) => e.batchId === id && notify(true)),
        ];
        return () => offs.forEach((off) => off());
      },
      intervalMs: options.intervalMs ?? 250,
      signal: options.signal,
    });
  }

  /** Finished jobs of a batch as they finish, in bounded, coalesced chunks, resumable from a cursor. */
  watchFinishedJobs(batchId: string, options: FinishedJobsOptions = {}): AsyncGenerator<FinishedJobsChunk> {
    return finishedJobs(this.#store, this.events, batchId, options);
  }

  /** A snapshot of every lane, the main thread's event loop (last sampled second) and the totals. */
  stats(): EngineStats {
    return this.#stats.snapshot();
  }

  /** Stops taking work, lets running jobs finish until the deadline, requeues the rest, closes pools and the store. */
  close(deadlineMs = CLOSE_DEADLINE_MS): Promise<void> {
    this.#closed ??= (async () => {
      this.#stats.close();
      try {
        await this.#retention.close();
        await this.#scheduler.close(deadlineMs);
        this.#history.close();
        this.#store.flush();
      } finally {
        await Promise.allSettled([...this.#lanes.values()].map((lane) => lane.executor.close(Math.min(deadlineMs, 2_000))));
        this.#store.close();
      }
    })();
    return this.#closed;
  }
}

/** Creates an engine: loads the tasks, opens and migrates the store, recovers interrupted work and resumes it. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const registry = await createTaskRegistry(options.taskModules ?? []);
  const engine = new Engine(options, registry);
  try {
    // Warm before resuming work: the first jobs (and every measurement) then run on started threads.
    await engine.warmUp();
  } catch (error: unknown) {
    await engine.close(0);
    throw error;
  }
  engine.start();
  return engine;
}
