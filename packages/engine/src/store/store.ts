import type {
  BatchRecord,
  BatchStatus,
  ComparisonRecord,
  ComparisonRun,
  ComparisonStatus,
  Counts,
  ExecutorKind,
  JobAttemptRecord,
  JobErrorInfo,
  JobRecord,
  JobSpan,
  JobStatus,
  JobTag,
  OverlapPolicy,
  RateLimit,
  Route,
  ScheduledBatchInput,
  ScheduleRecord,
  TerminalJobStatus,
} from '../types.ts';

import type { LogLine } from '../triage/job-log.ts';

/** A job's kept log: its last lines (bounded) and how many were dropped to keep it so. */
export interface JobLogs {
  readonly lines: readonly LogLine[];
  readonly dropped: number;
}

/** A batch as submitted, validated and routed, before it has an id. */
export interface NewBatch {
  readonly team: string;
  readonly name: string | null;
  readonly task: string;
  readonly tag: JobTag;
  readonly route: Route;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly background: boolean;
  readonly autoReroute?: boolean;
  readonly failFast?: boolean;
  readonly idempotencyKey?: string | null;
  readonly createdAt: number;
  readonly comparisonId?: string | undefined;
  /** The time it is held until (SCHEDULED when `held`), or the cron time its schedule started it for. */
  readonly runAt?: number | null | undefined;
  /** Inserted SCHEDULED: no job starts before `runAt` (see releaseScheduledBatch). */
  readonly held?: boolean | undefined;
  readonly scheduleId?: string | undefined;
  /** @default 0 */
  readonly priority?: number;
  readonly rateLimit?: RateLimit | null;
}

export interface NewSchedule {
  readonly team: string;
  readonly name: string;
  readonly cron: string;
  readonly timezone: string;
  readonly batch: ScheduledBatchInput;
  readonly overlap: OverlapPolicy;
  readonly createdAt: number;
}

/** One run of a schedule to claim: the cursor it expects, the cron time it claims, and the batch to start (if any). */
export interface ScheduleRunClaim {
  readonly scheduleId: string;
  /** The cursor as the claimer read it: the claim applies only if it is still this (nobody claimed meanwhile). */
  readonly expectedDueAfter: number;
  readonly runAt: number;
  readonly overlap: OverlapPolicy;
  /** The validated, routed batch of this run; null when it cannot be built (the run is then counted as skipped). */
  readonly batch: { readonly batch: NewBatch; readonly inputs: readonly unknown[] } | null;
}

export type ScheduleRunOutcome =
  /** Another claimer (a second timer, another process) moved the cursor first, or the schedule is paused or gone. */
  | { readonly claimed: false }
  /** Claimed; `batch` is the run's batch, or null when it was skipped. `previous`: its unfinished earlier batches. */
  | { readonly claimed: true; readonly batch: BatchRecord | null; readonly previous: readonly string[] };

/**
 * A batch's inputs made a chunk at a time while the insert's transaction runs (checked and encoded then), so the
 * validated copies of a large batch never exist all at once. `texts` may throw: the insert then rolls back whole.
 */
export interface ChunkedInputs {
  readonly length: number;
  /** The JSON texts of inputs [from, to), in order. */
  texts(from: number, to: number): string[];
}

/** What inserting a batch did: `created` is false when an idempotency key returned an earlier batch. */
export interface InsertedBatch {
  readonly id: string;
  readonly created: boolean;
  /**
   * A new small batch's jobs (all of them, at most SMALL_BATCH_JOBS), ready to run as `nextQueuedJobs` would read
   * them: the scheduler need not read back what was just written.
   */
  readonly jobs?: readonly ReadyJob[];
}

/** Up to this many jobs, a new batch's jobs come back from its insert (`InsertedBatch.jobs`). */
export const SMALL_BATCH_JOBS = 64;

export interface NewComparison {
  readonly team: string;
  readonly name: string | null;
  readonly task: string;
  readonly tag: JobTag;
  readonly total: number;
  readonly strategies: readonly { executor: ExecutorKind; concurrency?: number | null | undefined }[];
  readonly createdAt: number;
}

/** How a comparison ended: its status, and the runs, verdict or error to keep with it. */
export interface ComparisonEnd {
  readonly status: Exclude<ComparisonStatus, 'RUNNING'>;
  readonly runs?: readonly ComparisonRun[];
  readonly verdict?: string | null;
  readonly error?: string | null;
}

/** What a batch's successful jobs cost where they ran (see scheduler/diagnosis.ts). */
export interface BatchUsageTotals {
  readonly blockedMs: number;
  readonly busyMs: number;
  readonly runMs: number;
  readonly jobs: number;
}

export interface BatchFilter {
  readonly team?: string | undefined;
  readonly status?: BatchStatus | undefined;
  readonly task?: string | undefined;
  readonly tag?: JobTag | undefined;
  /** Matches the name, the task or the id. */
  readonly search?: string | undefined;
  /** The search also looks inside the inputs and results of each batch's first SEARCH_JOBS_LIMIT jobs (slower). */
  readonly searchJobs?: boolean | undefined;
  /** Whether the runs of strategy comparisons are listed: all batches by default. */
  readonly comparisonRuns?: 'include' | 'exclude' | 'only' | undefined;
}

/** How many jobs of each batch a search inside jobs reads at most: the bound that keeps it from scanning everything. */
export const SEARCH_JOBS_LIMIT = 10_000;

export interface Page<T> {
  readonly items: T[];
  readonly hasNextPage: boolean;
  readonly totalCount: number;
}

/** A queued job as the scheduler needs it to run. */
export interface ReadyJob {
  readonly id: string;
  readonly batchId: string;
  readonly index: number;
  readonly input: unknown;
  readonly attempts: number;
  /** Attempts before its current budget: it may run while `attempts - attemptBase < maxAttempts`. */
  readonly attemptBase: number;
  readonly queuedAt: number;
}

/** A finished job and its place in the order of finishing (the finished-jobs stream's cursor). */
export interface FinishedJob {
  readonly seq: number;
  readonly job: JobRecord;
}

/** Failed and timed-out jobs with one error code and one normalised message (triage/normalise.ts). */
export interface FailureGroup {
  readonly code: string;
  /** The normalised message: URLs, addresses, numbers, ids, hex and uuids masked (`connect ECONNREFUSED <addr>`). */
  readonly message: string;
  readonly count: number;
  readonly sampleJobId: string;
  /** Up to two distinct real messages of the group. */
  readonly examples: readonly string[];
}

/** Which failed (FAILED or TIMED_OUT) jobs, across a team's batches: the Failures page and its bulk actions. */
export interface FailedJobsFilter {
  readonly team: string;
  readonly task?: string | undefined;
  readonly code?: string | undefined;
  readonly batchId?: string | undefined;
  /** Finished at or after (epoch ms). */
  readonly since?: number | undefined;
  /** Finished before (epoch ms). */
  readonly until?: number | undefined;
}

/** A failed job with the task of its batch, and its place in the listing (newest failure first). */
export interface FailedJob {
  readonly job: JobRecord;
  readonly task: string;
  readonly cursor: string;
}

export interface StartJob {
  readonly jobId: string;
  readonly batchId: string;
  readonly attempt: number;
  readonly executor: ExecutorKind;
  readonly startedAt: number;
  /**
   * A job of a chunk on a local pool: its start may be written together with its end, as one write, unless anything
   * reads or commands first (sqlite/job-transitions.ts).
   */
  readonly deferrable?: boolean;
}

export interface FinishJob {
  readonly jobId: string;
  readonly batchId: string;
  readonly status: TerminalJobStatus;
  readonly result?: unknown;
  readonly error?: JobErrorInfo | null;
  readonly finishedAt: number;
}

/** An attempt that ended without ending the job: the job goes back to QUEUED and the attempt is kept. */
export interface RequeueJob {
  readonly jobId: string;
  readonly batchId: string;
  readonly attempt: number;
  readonly executor: ExecutorKind;
  readonly status: JobStatus;
  readonly queuedAt: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly error: JobErrorInfo;
}

/** A RUNNING remote job moved from a lost worker to another (see JobTransitions.handOver). */
export interface HandOverJob {
  readonly jobId: string;
  /** The worker that took it over; null when not known yet. */
  readonly worker: string | null;
  readonly at: number;
  readonly error: JobErrorInfo;
}

/** A job RUNNING on an executor, as recovery sees it. */
export interface RunningJob {
  readonly jobId: string;
  readonly batchId: string;
  readonly attempt: number;
}

/** What one bounded step of deleting a batch did: deleted some of its jobs, deleted the batch, or refused (missing or not finished). */
export type PurgeStep = 'more' | 'deleted' | 'refused';

/** One lane's figures over one bucket of time (history/lane-history.ts). Latencies in ms; null when no job finished. */
export interface LaneBucket {
  readonly lane: string;
  readonly resolutionMs: number;
  readonly at: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly cancelled: number;
  readonly waitP50: number | null;
  readonly waitP95: number | null;
  readonly waitP99: number | null;
  readonly runP50: number | null;
  readonly runP95: number | null;
  readonly runP99: number | null;
  readonly queueDepth: number;
  readonly inFlight: number;
}

/** Jobs that finished (not cancelled) in one slot of a batch's run. */
export interface ThroughputPoint {
  readonly at: number;
  readonly completed: number;
}

/** The size of the database and how far back it goes. */
export interface StorageInfo {
  /** The file's size in pages, in bytes (the WAL aside). */
  readonly bytes: number;
  /** Of which free pages not yet handed back. */
  readonly freeBytes: number;
  readonly oldestBatchAt: Date | null;
}

/**
 * Everything the engine persists, behind one interface (SQLite now in ./sqlite/; PostgreSQL later). Job transitions are
 * grouped: they become durable at the next `flush()` (scheduled automatically, one transaction per tick), and
 * `afterCommit` callbacks run once they are. Submissions and compound changes are committed synchronously.
 */
export interface Store {
  /**
   * Commits the batch and its jobs. With an idempotency key the team used within 24 h it writes nothing and returns
   * the first batch (`created: false`). Chunked inputs are made inside the transaction: if making them throws,
   * nothing is written and the error is rethrown.
   */
  insertBatch(batch: NewBatch, inputs: readonly unknown[] | ChunkedInputs): { batch: BatchRecord; created: boolean; jobs?: readonly ReadyJob[] };

  startJob(change: StartJob): void;
  finishJob(change: FinishJob): void;
  requeueJob(change: RequeueJob): void;
  /** The remote worker that took a RUNNING job (REMOTE lane). */
  assignWorker(jobId: string, worker: string): void;
  /** A RUNNING remote job was handed from a lost worker to another; the lost part is kept as an attempt. */
  handOver(change: HandOverJob): void;
  startBatch(batchId: string, at: number): void;
  finishBatch(batchId: string, status: BatchStatus, at: number): void;
  /** The batch's measured usage totals (written with the next group commit). */
  addUsage(batchId: string, totals: BatchUsageTotals): void;
  /** Replaces the route of a batch (the mis-tag policy rerouted it). */
  updateRoute(batchId: string, route: Route): void;
  /** Pauses an unfinished batch (true), or resumes a paused one (false); false when nothing changed. */
  setBatchPaused(batchId: string, paused: boolean): boolean;
  /** Sets the concurrency of the phase new jobs start on (setBatchConcurrency); false when there is no such batch. */
  setBatchConcurrency(batchId: string, concurrency: number): boolean;
  /** Records that an admin paused (true) or resumed (false) a lane. */
  setLanePaused(lane: string, paused: boolean, at: number): void;
  /** The lanes an admin has paused. */
  pausedLanes(): string[];
  /** Keeps the lines an attempt logged (grouped, bounded per job); `dropped` lines were let go before they arrived. */
  appendJobLogs(jobId: string, attempt: number, lines: readonly LogLine[], dropped: number): void;
  afterCommit(callback: () => void): void;
  flush(): void;

  /** Cancels every queued job of a batch and marks the cancel request; returns how many jobs it cancelled. */
  cancelBatch(batchId: string, at: number): number;
  /** Cancels one queued job; false when it was not queued. */
  cancelQueuedJob(jobId: string, at: number): boolean;
  /** Puts failed, timed-out and cancelled jobs back in the queue (keeping their last attempt); returns how many. */
  retryFailed(batchId: string, at: number): number;
  /**
   * Puts these jobs back in the queue if they are failed, timed out or cancelled, each with a fresh attempt budget
   * (its history kept), and reopens their batches. Returns how many jobs each batch got back.
   */
  retryJobs(jobIds: readonly string[], at: number): Map<string, number>;
  /** On start: jobs left RUNNING by a crash go back to QUEUED, the interrupted attempt recorded. */
  recoverInterrupted(at: number): number;
  /** Jobs left RUNNING on `executor` (before recoverInterrupted: remote results may have arrived meanwhile). */
  runningJobs(executor: ExecutorKind): RunningJob[];

  getBatch(id: string): BatchRecord | null;
  listBatches(filter: BatchFilter, first: number, afterId?: string): Page<BatchRecord>;
  activeBatches(): BatchRecord[];
  getJob(id: string): JobRecord | null;
  listJobs(batchId: string, status: JobStatus | undefined, first: number, afterIndex?: number): Page<JobRecord>;
  jobAttempts(jobId: string): JobAttemptRecord[];
  /** The job's log lines, oldest first. */
  jobLogLines(jobId: string): JobLogs['lines'];
  nextQueuedJobs(batchId: string, afterIndex: number, limit: number): ReadyJob[];
  failureGroups(batchId: string, limit: number): FailureGroup[];
  /** Failed jobs across the filter's batches, newest failure first; `after` is a FailedJob's cursor. */
  failedJobs(filter: FailedJobsFilter, first: number, after?: string): Page<FailedJob>;
  /** The failure groups of the filter's jobs, largest first. */
  failureGroupsWhere(filter: FailedJobsFilter, limit: number): FailureGroup[];
  /** Ids and batches of the filter's jobs, at most `limit` (bulk retry). */
  failedJobRefs(filter: FailedJobsFilter, limit: number): Array<{ id: string; batchId: string }>;
  /** Unfinished batches that have jobs matching the filter (bulk cancel). */
  unfinishedBatchesWithFailures(filter: FailedJobsFilter): string[];
  /** Batches routed by each rule (of one team, if given). */
  batchesByRule(team?: string): Map<string, number>;
  /** Job counts over every batch (of one team, if given). */
  totals(team?: string): Counts;

  insertComparison(comparison: NewComparison): ComparisonRecord;
  /** Keeps the measured runs of a RUNNING comparison; false when it is no longer running. */
  recordComparisonRuns(id: string, runs: readonly ComparisonRun[]): boolean;
  /** RUNNING → its end status, guarded; false when it had already ended (the caller stops). */
  finishComparison(id: string, end: ComparisonEnd, at: number): boolean;
  getComparison(id: string): ComparisonRecord | null;
  listComparisons(team: string, first: number, afterId?: string): Page<ComparisonRecord>;
  /** On start: comparisons a crash interrupted are marked FAILED (their batches recover on their own). */
  failInterruptedComparisons(at: number): number;
  /** Start and end of finished jobs of a batch, for the task-stream timeline. */
  jobSpans(batchId: string, limit: number): JobSpan[];
  /** The batch's jobs that finished after `afterSeq`, in the order they finished (at most `limit`). */
  finishedJobs(batchId: string, afterSeq: number, limit: number): FinishedJob[];

  /** SCHEDULED → QUEUED (guarded): its time has come. False when it was not SCHEDULED (cancelled, released). */
  releaseScheduledBatch(batchId: string): boolean;
  /** SCHEDULED → QUEUED with the cancel requested (guarded): the scheduler then cancels it as any other batch. */
  cancelScheduledBatch(batchId: string): boolean;
  /** The held batches and their times, to arm on start. */
  scheduledBatches(): Array<{ id: string; runAt: number }>;

  insertSchedule(schedule: NewSchedule): ScheduleRecord;
  getSchedule(id: string): ScheduleRecord | null;
  listSchedules(team: string, first: number, afterId?: string): Page<ScheduleRecord>;
  /** Every schedule not paused, of every team: armed on start. */
  activeSchedules(): ScheduleRecord[];
  /**
   * Claims one run: moves the cursor from `expectedDueAfter` to `runAt` (one guarded UPDATE) and, in the same
   * transaction, inserts the run's batch unless the overlap policy skips it. A run is started at most once.
   */
  claimScheduleRun(claim: ScheduleRunClaim): ScheduleRunOutcome;
  /** Pauses (guarded on not paused); false when it was paused already or is gone. */
  pauseSchedule(id: string): boolean;
  /** Resumes (guarded on paused), with the cursor moved to `at`: runs missed while paused are not run. */
  resumeSchedule(id: string, at: number): boolean;
  /** Deletes the schedule; its batches stay, without the link. False when there was none. */
  deleteSchedule(id: string): boolean;
  /** The batches a schedule started, newest cron time first; the cursor is the run time (ms). */
  scheduleBatches(scheduleId: string, first: number, afterRunAt?: number): Page<BatchRecord>;
  /** Retention (store/sqlite/retention.ts): finished batches that ended before `finishedBefore`, oldest first. */
  expiredBatches(finishedBefore: number, limit: number): string[];
  /** One transaction: up to `maxJobs` jobs of a finished batch deleted, then the batch once none is left. */
  purgeStep(batchId: string, maxJobs: number): PurgeStep;
  deleteExpiredComparisons(finishedBefore: number): number;
  /** Hands up to `pages` free pages back to the file system; returns how many free pages remain. */
  reclaimSpace(pages: number): number;
  /** Writes the WAL back into the file, so what was reclaimed leaves the file system too. */
  checkpoint(): Promise<void>;
  storage(): StorageInfo;

  /** Lane history (store/sqlite/lane-buckets.ts): written once a bucket has ended; a bucket written again replaces it. */
  writeLaneBuckets(buckets: readonly LaneBucket[]): void;
  /** Buckets of one resolution with `from <= at < to`, oldest first. */
  laneBuckets(resolutionMs: number, from: number, to: number): LaneBucket[];
  deleteLaneBuckets(resolutionMs: number, before: number): number;
  /** A batch's jobs finished per `widthMs` from `from` on, cancelled ones left out (store/sqlite/batch-series.ts). */
  batchThroughput(batchId: string, from: number, widthMs: number): ThroughputPoint[];

  /** Commits what is pending and closes; resolves once nothing holds the file any more. */
  close(): Promise<void>;
}
