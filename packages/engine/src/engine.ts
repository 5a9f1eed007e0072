import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { coalesced } from './coalesce.ts';
import { EngineEventBus } from './events.ts';
import type { LazyExecutor } from './executors/lazy.ts';
import type { ThreadExecutor } from './executors/threads.ts';
import { createLanes } from './lanes.ts';
import { connectRemoteLane, type RemoteLane } from './remote/remote-lane.ts';
import { timingsFromEnv, type RemoteTimings } from './remote/protocol.ts';
import type { RemoteWorkerInfo } from './remote/worker-directory.ts';
import { WorkerCrashedError } from './errors.ts';
import { createLogger } from './logger.ts';
import { buildDecisionTable, route, type DecisionRule, type RoutingThresholds } from './router/decision-table.ts';
import type { Lane } from './scheduler/lane.ts';
import { StatsSampler, type EngineStats, type StatsScope } from './stats.ts';
import { batchProgress, type BatchProgress } from './batch-progress.ts';
import { finishedJobs, type FinishedJobsChunk, type FinishedJobsOptions } from './finished-jobs.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import type { BatchFilter, FailedJob, FailedJobsFilter, FailureGroup, JobLogs, NewBatch, Page, ReadyJob, Store } from './store/store.ts';
import { cancelWhere, retryWhere, type BulkOutcome } from './triage/bulk.ts';
import type { LaneBucket, StorageInfo, ThroughputPoint } from './store/store.ts';
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
  type ScheduleRecord,
  type SubmitBatchInput,
} from './types.ts';
import { diagnose, type Diagnosis } from './scheduler/diagnosis.ts';
import {
  DEFAULT_MAX_RUN_AT_AHEAD_MS,
  validateBatchOptions,
  validateConcurrency,
  validateSubmission,
  type SubmissionLimits,
  type ValidBatchOptions,
} from './validate.ts';
import { insertChecked } from './checked-inputs.ts';
import type { InvalidInputFailure, SubmitError } from './errors.ts';
import { Comparisons, type CompareResult } from './compare/comparisons.ts';
import { KeyStore } from './access/keys.ts';
import { Admission, DEFAULT_ADMISSION, type AdmissionLimits } from './admission.ts';
import { serverSecret } from './access/secrets.ts';
import { downsample, HISTORY_RANGES, LaneHistory, type HistoryRange } from './history/lane-history.ts';
import { DEFAULT_RETENTION_MS, RetentionSweeper, type RetentionOptions, type SweepResult } from './retention/sweeper.ts';
import type { CompareStrategiesInput, TimelineEntry } from './compare/types.ts';
import { DelayedBatches } from './schedules/delayed.ts';
import { Schedules, type CreateScheduleInput, type CreateScheduleResult, type PreparedBatch } from './schedules/schedules.ts';

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
  /** Quotas and overload limits (admission.ts). */
  readonly admission?: Partial<AdmissionLimits>;
  /** The most slots of any one lane a team may hold at once (a quota). @default unlimited: the fair share divides */
  readonly teamMaxInFlightPerLane?: number;
  /**
   * Soft time limit of CPU jobs on worker threads and child processes: on a timeout or cancel, `ctx.signal` fires
   * where the task runs and its thread or process is stopped this many ms later if the task has not returned. 0 stops
   * at once. @default 500
   */
  readonly timeoutGraceMs?: number;
  /**
   * Remote workers through BullMQ on this Redis (SWITCHYARD_REDIS_URL): adds the REMOTE lane. Without it nothing
   * of BullMQ is loaded. `remoteCpu` (default true) puts the decision-table rule "remote" in the table.
   */
  readonly remote?: { readonly redisUrl: string; readonly remoteCpu?: boolean; readonly timings?: Partial<RemoteTimings> };
  /** How long finished batches are kept, and how the sweeper deletes them. @default 30 days */
  readonly retention?: Partial<RetentionOptions>;
  /** Persist per-lane history buckets (SWITCHYARD_HISTORY=off turns it off: laneHistory is then empty). @default true */
  readonly persistHistory?: boolean;
}

/** deleteBatch's answer: deleted, or why not. */
export type DeleteBatchResult =
  { ok: true; batchId: string } | { ok: false; reason: 'NOT_FOUND' } | { ok: false; reason: 'NOT_FINISHED'; status: BatchStatus };

/** The database's size and age, and the retention that bounds them. */
export interface StorageStats extends StorageInfo {
  /** 0 when everything is kept. */
  readonly retentionMs: number;
}

/** `replayed`: an idempotency key returned the team's earlier batch; nothing was written or started. */
export type SubmitResult = { ok: true; batch: BatchRecord; replayed?: boolean } | { ok: false; error: SubmitError };
/** What a lane admin sees of a lane. */
export interface LaneState {
  readonly lane: string;
  readonly paused: boolean;
}
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
  /** Teams and API keys, in the same file as the jobs. */
  readonly keys: KeyStore;
  /** The key of the API's opaque ids: random per database, kept in it. */
  readonly idSecret: Buffer;
  readonly #store: Store;
  readonly #registry: TaskRegistry;
  readonly #lanes: Map<string, Lane>;
  readonly #scheduler: Scheduler;
  readonly #comparisons: Comparisons;
  readonly #threadExecutor: LazyExecutor<ThreadExecutor>;
  readonly #table: readonly DecisionRule[];
  readonly #thresholds: RoutingThresholds;
  readonly #limits: SubmissionLimits;
  readonly #defaultTeam: string;
  readonly #stats: StatsSampler;
  readonly #admission: Admission;
  readonly #delayed: DelayedBatches;
  readonly #schedules: Schedules;
  readonly #remote: RemoteLane | undefined;
  readonly #retention: RetentionSweeper;
  readonly #history: LaneHistory;
  readonly #persistHistory: boolean;
  #closed: Promise<void> | undefined;

  constructor(options: EngineOptions, registry: TaskRegistry, remote?: RemoteLane) {
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
      remoteCpu: remote !== undefined && options.remote?.remoteCpu !== false,
      remoteConcurrency: 1000,
      ...options.routing,
      threads,
      processes,
    };
    const ioLaneLimit = options.ioLaneLimit ?? 10_000;
    this.#limits = {
      maxBatchSize: 100_000,
      maxTimeoutMs: 21_600_000,
      maxAttempts: 20,
      maxRunAtAheadMs: DEFAULT_MAX_RUN_AT_AHEAD_MS,
      ...options.limits,
      threads,
      processes,
      maxConcurrency: ioLaneLimit,
      remote: remote !== undefined,
    };
    this.#table = buildDecisionTable(this.#thresholds);
    this.#defaultTeam = options.defaultTeam ?? 'default';
    const store = new SqliteStore(options.dbPath, this.log);
    this.#store = store;
    this.keys = new KeyStore(store.connection);
    this.idSecret = serverSecret(store.connection, 'api-id-key');
    const { lanes, threads: threadExecutor } = createLanes(
      registry,
      this.log,
      { threads, processes, ioLaneLimit, timeoutGraceMs: options.timeoutGraceMs },
      remote && { executor: remote.executor, slots: remote.directory.liveSlots() },
      (arrived) => {
        if (arrived < threads) this.log.error({ arrived, threads }, 'not every worker thread started in time');
      },
    );
    this.#lanes = lanes;
    if (options.teamMaxInFlightPerLane !== undefined) for (const lane of lanes.values()) lane.setTeamLimit(options.teamMaxInFlightPerLane);
    this.#remote = remote;
    if (remote) this.#wireRemote(remote, lanes.get('remote')!);
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
    this.#delayed = new DelayedBatches(
      this.#store,
      { run: (batch) => this.#scheduler.resume(batch), changed: (batchId) => this.events.emit('batch:changed', { batchId }) },
      this.log,
    );
    this.#schedules = new Schedules(
      this.#store,
      { prepare: (input) => this.#prepare(input), started: (batch) => this.#started(batch), cancelBatch: (id) => void this.cancelBatch(id) },
      this.log,
    );
    this.#retention = new RetentionSweeper(this.#store, this.log, { retentionMs: DEFAULT_RETENTION_MS, ...options.retention });
    const scheduler = this.#scheduler;
    this.#persistHistory = options.persistHistory !== false;
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
      { lanes: [...lanes.values()], runs: () => scheduler.snapshots(), totals: (team) => store.totals(team) },
      this.events,
      this.log,
    );
    this.#admission = new Admission(
      { ...DEFAULT_ADMISSION, ...options.admission },
      { heldJobs: (team) => scheduler.heldJobs(team), loopDelayMs: () => this.#stats.eventLoop.delayP99Ms },
    );
  }

  /**
   * Starts the worker threads now and waits until every one is up with the task modules loaded (bounded: a broken
   * module is logged). Optional: the pool otherwise starts on the first batch that needs it, its jobs held until then.
   */
  warmUp(): Promise<void> {
    return this.#threadExecutor.prepare();
  }

  /** Recovers interrupted jobs and resumes every unfinished batch. Called once by createEngine. */
  start(): void {
    this.#comparisons.recover();
    const recovered = this.#store.recoverInterrupted(Date.now());
    if (recovered > 0) this.log.warn({ recovered }, 'jobs interrupted by the last shutdown were queued again');
    this.#scheduler.restoreLanePauses();
    for (const batch of this.#store.activeBatches()) this.#scheduler.resume(this.#withoutRemote(batch));
    // Held batches and schedules after the running work: a hold or a run whose time passed while down starts now.
    this.#delayed.start();
    this.#schedules.start();
    this.#stats.start();
    this.#retention.start();
    if (this.#persistHistory) this.#history.start();
  }

  /**
   * Before start: remote jobs left RUNNING by a crash whose results reached Redis meanwhile are finished with them
   * (the rest is requeued by start()). Without a remote lane there is nothing to ask.
   */
  async reconcileRemote(): Promise<number> {
    if (!this.#remote) return 0;
    const running = this.#store.runningJobs('REMOTE');
    const taken = await this.#remote.reconcile(running, (job, value, worker, finishedAt) => {
      this.#store.assignWorker(job.jobId, worker);
      this.#store.finishJob({ jobId: job.jobId, batchId: job.batchId, status: 'SUCCEEDED', result: value, finishedAt });
    });
    this.#store.flush();
    return taken;
  }

  /** The remote lane follows the worker directory: its limit is the live workers' slots; the store learns who ran what. */
  #wireRemote(remote: RemoteLane, lane: Lane): void {
    remote.directory.onChange(() => {
      const slots = remote.directory.liveSlots();
      if (slots !== lane.limit) lane.setLimit(slots);
      this.events.emit('workers:changed', {});
    });
    remote.executor.setHooks({
      onWorker: (jobIds, worker) => {
        for (const jobId of jobIds) this.#store.assignWorker(jobId, worker);
      },
      onHandOver: (jobIds, lost, at) => {
        const error = new WorkerCrashedError(`Worker ${lost} was lost while it ran this job; BullMQ handed the job to another worker`);
        for (const jobId of jobIds) this.#store.handOver({ jobId, worker: null, at, error: { code: error.code, message: error.message } });
      },
    });
  }

  /** A batch routed to REMOTE by an earlier run, when this one has no remote lane: back to the table's choice. */
  #withoutRemote(batch: BatchRecord): BatchRecord {
    if (this.#remote || !batch.route.phases.some((p) => p.executor === 'REMOTE')) return batch;
    const next = route({ tag: batch.tag, items: batch.total, background: batch.background }, this.#table, this.#thresholds);
    const rerouted: Route = {
      ...next,
      rule: `rerouted:${next.rule}`,
      reason: `REMOTE is off (no SWITCHYARD_REDIS_URL on this start). Now: ${next.reason}`,
    };
    this.#store.updateRoute(batch.id, rerouted);
    return { ...batch, route: rerouted };
  }

  /** The remote workers seen by their heartbeats (gone ones for a while too); empty without a remote lane. */
  workers(): RemoteWorkerInfo[] {
    return this.#remote?.directory.list() ?? [];
  }

  /** The remote workers, at once and then on every change (at most one per `intervalMs`). */
  watchWorkers(options: { intervalMs?: number; signal?: AbortSignal } = {}): AsyncGenerator<RemoteWorkerInfo[]> {
    return coalesced({
      read: () => this.workers(),
      isFinal: () => false,
      listen: (notify) => this.events.on('workers:changed', () => notify(false)),
      intervalMs: options.intervalMs ?? 1_000,
      signal: options.signal,
    });
  }

  /** Lane metrics: a fresh snapshot at once, then the shared sampler's, once a second while something changes. */
  watchStats(options: { signal?: AbortSignal; scope?: StatsScope } = {}): AsyncGenerator<EngineStats & { seq: number }> {
    return this.#stats.watch(options);
  }

  /** The most items one batch may hold (SWITCHYARD_MAX_BATCH): an upload stops reading its file past it. */
  get maxBatchSize(): number {
    return this.#limits.maxBatchSize;
  }

  /**
   * Validates, routes and commits a batch (all its jobs or none), then starts it, or holds it (SCHEDULED) until its
   * `runAt`. Expected failures are data.
   */
  submitBatch(input: SubmitBatchInput): SubmitResult {
    if (this.#closed) throw new Error('Engine is closed');
    // Admission before validation: under a flood, a refusal must cost next to nothing (no schema checks per item).
    const refused = this.#admission.check(input.team ?? this.#defaultTeam, Array.isArray(input.items) ? input.items.length : 0);
    if (refused) return { ok: false, error: refused };
    const inserted = this.#insert(input);
    if (!inserted.ok) return inserted;
    const { batch, created, jobs } = inserted.value;
    if (!created) return { ok: true, batch, replayed: true };
    this.#started(batch, jobs);
    return { ok: true, batch };
  }

  /**
   * Validates and commits a submission. Its items are checked and encoded chunk by chunk inside the insert's
   * transaction (a 1M-item batch's validated copies would otherwise hold ~60 MB at once). With an idempotency key
   * they are checked first, all at once: a replay returns the first batch only if the items were valid.
   */
  #insert(
    input: SubmitBatchInput,
  ): { ok: true; value: { batch: BatchRecord; created: boolean; jobs?: readonly ReadyJob[] } } | { ok: false; error: SubmitError } {
    if (input.idempotencyKey != null) {
      const prepared = this.#prepare(input);
      return prepared.ok ? { ok: true, value: this.#store.insertBatch(prepared.batch, prepared.inputs) } : prepared;
    }
    const checked = validateBatchOptions(input, this.#registry, this.#limits);
    if (!checked.ok) return checked;
    const batch = this.#newBatch(input, checked.value);
    return insertChecked(checked.value.task, input.items, (inputs) => this.#store.insertBatch(batch, inputs));
  }

  /** A submission validated and routed into the batch to insert; nothing written. */
  #prepare(input: SubmitBatchInput): PreparedBatch {
    const checked = validateSubmission(input, this.#registry, this.#limits);
    if (!checked.ok) return checked;
    return { ok: true, batch: this.#newBatch(input, checked.value), inputs: checked.value.items };
  }

  /** The batch row of a validated submission, routed. */
  #newBatch(input: SubmitBatchInput, s: ValidBatchOptions): NewBatch {
    const decided = route(
      { tag: s.tag, items: s.itemCount, background: s.background, isolate: s.isolate, ...this.#remoteFacts() },
      this.#table,
      this.#thresholds,
      s.strategy,
    );
    const createdAt = Date.now();
    return {
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
      createdAt,
      comparisonId: input.comparisonId,
      priority: s.priority,
      rateLimit: s.rateLimit,
      failFast: s.failFast,
      idempotencyKey: s.idempotencyKey,
      runAt: s.runAt,
      // A runAt already past starts the batch at once (recorded all the same).
      held: s.runAt !== null && s.runAt > createdAt,
    };
  }

  /** A committed batch: announced, then run (or held until its runAt). `jobs`: all of them, if the insert gave them back. */
  #started(batch: BatchRecord, jobs?: readonly ReadyJob[]): void {
    this.events.emit('batch:submitted', { batchId: batch.id, task: batch.task, total: batch.total, rule: batch.route.rule });
    if (batch.status === 'SCHEDULED') this.#delayed.hold(batch.id, batch.runAt!.getTime());
    else this.#scheduler.resume(batch, jobs);
  }

  /** Schedules (schedules/): a batch submitted on a cron. Validated like submitBatch; nothing written when refused. */
  createSchedule(input: CreateScheduleInput & { team?: string }): CreateScheduleResult {
    if (this.#closed) throw new Error('Engine is closed');
    return this.#schedules.create(input, input.team ?? this.#defaultTeam);
  }

  getSchedule(id: string): ScheduleRecord | null {
    return this.#schedules.get(id);
  }

  listSchedules(team: string, first: number, afterId?: string): Page<ScheduleRecord> {
    return this.#schedules.list(team, first, afterId);
  }

  scheduleNextRunAt(schedule: ScheduleRecord): Date | null {
    return this.#schedules.nextRunAt(schedule);
  }

  /** The batches a schedule started, newest run first; page with the run time (ms) of the last one. */
  scheduleBatches(scheduleId: string, first: number, afterRunAt?: number): Page<BatchRecord> {
    return this.#schedules.batches(scheduleId, first, afterRunAt);
  }

  pauseSchedule(id: string): ScheduleRecord | null {
    return this.#schedules.pause(id);
  }

  resumeSchedule(id: string): ScheduleRecord | null {
    return this.#schedules.resume(id);
  }

  deleteSchedule(id: string): boolean {
    return this.#schedules.delete(id);
  }

  #remoteFacts(): { remoteFreeSlots?: number } {
    return this.#remote ? { remoteFreeSlots: this.#remote.directory.freeSlots() } : {};
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
    return diagnose(batch.tag, batch.route, batch.usage, start === undefined ? 0 : end - start - batch.idleMs);
  }

  /** The mis-tag policy's reroute: the decision table again, as if the batch had been tagged `tag`. */
  #reroute(batch: BatchRecord, tag: JobTag, why: string): Route | null {
    const next = route({ tag, items: batch.total, background: batch.background, ...this.#remoteFacts() }, this.#table, this.#thresholds);
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
    // A held batch is cancelled out of SCHEDULED (guarded); any other through the scheduler.
    if (!this.#delayed.cancel(id)) this.#scheduler.cancelBatch(id);
    return this.#store.getBatch(id);
  }

  cancelJob(id: string): JobRecord | null {
    const job = this.#store.getJob(id);
    if (!job) return null;
    this.#scheduler.cancelJob(job.batchId, id);
    return this.#store.getJob(id);
  }

  /**
   * Runs one failed, timed-out or cancelled job again with a fresh attempt budget (its history kept). Null when
   * there is no such job; the job as it is when it cannot be retried (not finished, or its batch is being cancelled).
   */
  retryJob(id: string): JobRecord | null {
    const job = this.#store.getJob(id);
    if (!job) return null;
    this.#scheduler.retryJobs([job]);
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

  // ── Flow control (README "Flow control"): each returns the batch as it is now, or null when there is none ──

  /** A paused batch starts no new jobs (running ones finish) until resumed, across restarts. No-op when finished. */
  pauseBatch(id: string): BatchRecord | null {
    if (!this.#store.getBatch(id)) return null;
    this.#scheduler.pauseBatch(id);
    return this.#store.getBatch(id);
  }

  resumeBatch(id: string): BatchRecord | null {
    if (!this.#store.getBatch(id)) return null;
    this.#scheduler.resumeBatch(id);
    return this.#store.getBatch(id);
  }

  /** Validated like a strategy's concurrency, for the executor the batch's new jobs start on; kept across restarts. */
  setBatchConcurrency(id: string, concurrency: number): { ok: true; batch: BatchRecord } | { ok: false; error: InvalidInputFailure } | null {
    const batch = this.#store.getBatch(id);
    if (!batch) return null;
    const checked = validateConcurrency(batch.route.phases[0]!.executor, concurrency, this.#limits);
    if (!checked.ok) return checked;
    this.#scheduler.setBatchConcurrency(id, checked.value);
    return { ok: true, batch: this.#store.getBatch(id)! };
  }

  /** Every lane and whether an admin has paused it. */
  laneStates(): LaneState[] {
    return [...this.#lanes.values()].map((lane) => ({ lane: lane.name, paused: lane.paused }));
  }

  /** Holds a whole lane, for every team: no new job starts on it (running ones finish) until resumed, across restarts. */
  pauseLane(name: string): LaneState | null {
    return this.#scheduler.setLanePaused(name, true) ? { lane: name, paused: true } : null;
  }

  resumeLane(name: string): LaneState | null {
    return this.#scheduler.setLanePaused(name, false) ? { lane: name, paused: false } : null;
  }

  getBatch(id: string): BatchRecord | null {
    return this.#store.getBatch(id);
  }

  /** The batch, if it belongs to `team`: another team's batch is as absent as a missing one. */
  teamBatch(id: string, team: string): BatchRecord | null {
    const batch = this.#store.getBatch(id);
    return batch && batch.team === team ? batch : null;
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
    return this.#scheduler.jobProgress(job.batchId, job.id)?.fraction ?? null;
  }

  /**
   * The last message a job passed to `ctx.progress`: live while it runs, then the last `progress` line of its log
   * (kept with the job).
   */
  jobProgressMessage(job: JobRecord): string | null {
    const live = this.#scheduler.jobProgress(job.batchId, job.id)?.message;
    if (live) return live;
    const lines = this.#store.jobLogLines(job.id);
    for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.level === 'progress') return lines[i]!.message;
    return null;
  }

  /** What the job's `ctx.log` said, oldest line first (bounded: its last 200 lines or 64 KiB; `logsDropped` says how many went). */
  jobLogs(job: JobRecord): JobLogs {
    return { lines: this.#store.jobLogLines(job.id), dropped: job.logsDropped };
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
      worker: job.worker,
    };
    return [...earlier, current];
  }

  failureGroups(batchId: string, limit = 20): FailureGroup[] {
    return this.#store.failureGroups(batchId, limit);
  }

  /** Failed and timed-out jobs across the filter's batches (one team's), newest failure first. */
  failedJobs(filter: FailedJobsFilter, first: number, after?: string): Page<FailedJob> {
    return this.#store.failedJobs(filter, first, after);
  }

  /** The failure groups (code + normalised message) of the filter's jobs, largest first. */
  failureGroupsWhere(filter: FailedJobsFilter, limit = 20): FailureGroup[] {
    return this.#store.failureGroupsWhere(filter, limit);
  }

  /** Retries the filter's failed jobs, each with a fresh attempt budget (triage/bulk.ts). */
  retryJobsWhere(filter: FailedJobsFilter): BulkOutcome {
    return retryWhere(this.#store, this.#scheduler, filter);
  }

  /** Cancels the rest of the unfinished batches with failures matching the filter (triage/bulk.ts). */
  cancelJobsWhere(filter: FailedJobsFilter): BulkOutcome {
    return cancelWhere(this.#store, this.#scheduler, filter);
  }

  tasks(): TaskInfo[] {
    return this.#registry.list().map((t) => this.#registry.describe(t));
  }

  /** The decision table, with how many batches (of one team, if given) each rule routed. */
  decisionTable(team?: string): DecisionRuleInfo[] {
    const routed = this.#store.batchesByRule(team);
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

  /** A snapshot of every lane, the main thread's event loop (last sampled second) and the totals: a team's own, or the engine's. */
  stats(scope: StatsScope = 'engine'): EngineStats {
    return this.#stats.snapshot(scope);
  }

  /** Stops taking work, lets running jobs finish until the deadline, requeues the rest, closes pools and the store. */
  close(deadlineMs = CLOSE_DEADLINE_MS): Promise<void> {
    this.#closed ??= (async () => {
      this.#schedules.close();
      this.#delayed.close();
      this.#stats.close();
      try {
        await this.#retention.close();
        await this.#scheduler.close(deadlineMs);
        this.#history.close();
        this.#store.flush();
      } finally {
        await Promise.allSettled([...this.#lanes.values()].map((lane) => lane.executor.close(Math.min(deadlineMs, 2_000))));
        await this.#remote?.close();
        await this.#store.close();
      }
    })();
    return this.#closed;
  }
}

/** Creates an engine: loads the tasks, opens and migrates the store, recovers interrupted work and resumes it. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const registry = await createTaskRegistry(options.taskModules ?? []);
  const remote = options.remote
    ? await connectRemoteLane({
        redisUrl: options.remote.redisUrl,
        registry,
        log: createLogger(options.logger),
        timings: { ...timingsFromEnv(), ...options.remote.timings },
      })
    : undefined;
  const engine = new Engine(options, registry, remote);
  // The thread pool is not started here: the scheduler warms it before the first batch that runs on it.
  await engine.reconcileRemote();
  engine.start();
  return engine;
}
