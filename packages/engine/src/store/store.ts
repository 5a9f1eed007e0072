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
  Route,
  TerminalJobStatus,
} from '../types.ts';

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
  readonly createdAt: number;
  readonly comparisonId?: string | undefined;
}

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
  readonly queuedAt: number;
}

/** A finished job and its place in the order of finishing (the finished-jobs stream's cursor). */
export interface FinishedJob {
  readonly seq: number;
  readonly job: JobRecord;
}

export interface FailureGroup {
  readonly code: string;
  readonly message: string;
  readonly count: number;
  readonly sampleJobId: string;
}

export interface StartJob {
  readonly jobId: string;
  readonly batchId: string;
  readonly attempt: number;
  readonly executor: ExecutorKind;
  readonly startedAt: number;
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
  insertBatch(batch: NewBatch, inputs: readonly unknown[]): BatchRecord;

  startJob(change: StartJob): void;
  finishJob(change: FinishJob): void;
  requeueJob(change: RequeueJob): void;
  startBatch(batchId: string, at: number): void;
  finishBatch(batchId: string, status: BatchStatus, at: number): void;
  /** The batch's measured usage totals (written with the next group commit). */
  addUsage(batchId: string, totals: BatchUsageTotals): void;
  /** Replaces the route of a batch (the mis-tag policy rerouted it). */
  updateRoute(batchId: string, route: Route): void;
  afterCommit(callback: () => void): void;
  flush(): void;

  /** Cancels every queued job of a batch and marks the cancel request; returns how many jobs it cancelled. */
  cancelBatch(batchId: string, at: number): number;
  /** Cancels one queued job; false when it was not queued. */
  cancelQueuedJob(jobId: string, at: number): boolean;
  /** Puts failed, timed-out and cancelled jobs back in the queue (keeping their last attempt); returns how many. */
  retryFailed(batchId: string, at: number): number;
  /** On start: jobs left RUNNING by a crash go back to QUEUED, the interrupted attempt recorded. */
  recoverInterrupted(at: number): number;

  getBatch(id: string): BatchRecord | null;
  listBatches(filter: BatchFilter, first: number, afterId?: string): Page<BatchRecord>;
  activeBatches(): BatchRecord[];
  getJob(id: string): JobRecord | null;
  listJobs(batchId: string, status: JobStatus | undefined, first: number, afterIndex?: number): Page<JobRecord>;
  jobAttempts(jobId: string): JobAttemptRecord[];
  nextQueuedJobs(batchId: string, afterIndex: number, limit: number): ReadyJob[];
  failureGroups(batchId: string, limit: number): FailureGroup[];
  batchesByRule(): Map<string, number>;
  totals(): Counts;

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

  /** Retention (store/sqlite/retention.ts): finished batches that ended before `finishedBefore`, oldest first. */
  expiredBatches(finishedBefore: number, limit: number): string[];
  /** One transaction: up to `maxJobs` jobs of a finished batch deleted, then the batch once none is left. */
  purgeStep(batchId: string, maxJobs: number): PurgeStep;
  deleteExpiredComparisons(finishedBefore: number): number;
  /** Hands up to `pages` free pages back to the file system; returns how many free pages remain. */
  reclaimSpace(pages: number): number;
  /** Writes the WAL back into the file, so what was reclaimed leaves the file system too. */
  checkpoint(): void;
  storage(): StorageInfo;

  /** Lane history (store/sqlite/lane-buckets.ts): written once a bucket has ended; a bucket written again replaces it. */
  writeLaneBuckets(buckets: readonly LaneBucket[]): void;
  /** Buckets of one resolution with `from <= at < to`, oldest first. */
  laneBuckets(resolutionMs: number, from: number, to: number): LaneBucket[];
  deleteLaneBuckets(resolutionMs: number, before: number): number;
  /** A batch's jobs finished per `widthMs` from `from` on, cancelled ones left out (store/sqlite/batch-series.ts). */
  batchThroughput(batchId: string, from: number, widthMs: number): ThroughputPoint[];

  close(): void;
}
