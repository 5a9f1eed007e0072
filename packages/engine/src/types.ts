/** The closed vocabularies of the engine. GraphQL enums mirror these names exactly. */

export const JOB_TAGS = ['IO', 'CPU', 'MIXED'] as const;
export type JobTag = (typeof JOB_TAGS)[number];

/** REMOTE: worker processes on other machines, through BullMQ on Redis (only when SWITCHYARD_REDIS_URL is set). */
export const EXECUTOR_KINDS = ['SEQUENTIAL', 'ASYNC', 'THREADS', 'PROCESSES', 'REMOTE'] as const;
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);
export type TerminalJobStatus = Exclude<JobStatus, 'QUEUED' | 'RUNNING'>;

export const BATCH_STATUSES = ['SCHEDULED', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
/**
 * SCHEDULED: held until its `runAt` (its jobs wait, QUEUED, and none starts before then); then QUEUED.
 * FAILED: finished with at least one job that did not succeed (failed or timed out).
 */
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export function isTerminalBatch(status: BatchStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';
}

/** How many jobs of a batch are in each state. Kept on the batch row, updated in the same transaction as the jobs. */
export interface Counts {
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  timedOut: number;
}

export const COUNT_KEY: Record<JobStatus, keyof Counts> = {
  QUEUED: 'queued',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TIMED_OUT: 'timedOut',
};

export function emptyCounts(): Counts {
  return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, timedOut: 0 };
}

/** One phase of a route: which executor runs it at what concurrency. Mixed batches have two (io, then cpu). */
export interface RoutePhase {
  readonly phase: 'run' | 'io' | 'cpu';
  readonly executor: ExecutorKind;
  readonly concurrency: number;
  /** Jobs sent to a worker in one message (data batches); absent or 1: one job per message. */
  readonly chunkSize?: number;
}

/** The decision the router made for a batch, recorded on the batch. */
export interface Route {
  readonly lane: string;
  readonly executor: ExecutorKind;
  readonly concurrency: number;
  readonly rule: string;
  readonly reason: string;
  readonly phases: readonly RoutePhase[];
}

export interface Strategy {
  readonly executor: ExecutorKind;
  readonly concurrency?: number | null | undefined;
  /**
   * Jobs per message to a worker (THREADS, PROCESSES, REMOTE). Absent: as the table would (chunks of
   * `chunkSize` for a data batch, else one); 1: one job per message.
   */
  readonly chunkSize?: number | null | undefined;
}

export interface JobErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly stack?: string | undefined;
}

/** A batch's start rate limit: at most `jobs` job starts in any window of `perMs` (scheduler/rate-limit.ts). */
export interface RateLimit {
  readonly jobs: number;
  readonly perMs: number;
}

/** Priorities a submission may give, highest first within its team's share of a lane. */
export const PRIORITY_RANGE = { min: -100, max: 100 } as const;

export interface BatchRecord {
  id: string;
  team: string;
  name: string | null;
  task: string;
  tag: JobTag;
  status: BatchStatus;
  total: number;
  counts: Counts;
  route: Route;
  autoReroute: boolean;
  /** A user cancelled the batch: it ends CANCELLED, also when a restart finds jobs of it still to run. */
  cancelRequested: boolean;
  /** The first job that fails or times out cancels the rest, and the batch ends FAILED (asyncio TaskGroup). */
  failFast: boolean;
  /** The key it was submitted with, while it is live (24 h), else null. */
  idempotencyKey: string | null;
  /** Time it sat finished before a retry reopened it, ms: left out of wall time and throughput. */
  idleMs: number;
  /** Measured cost of its successful jobs: main-thread blocking, worker busy time, run time, jobs measured. */
  usage: { blockedMs: number; busyMs: number; runMs: number; jobs: number };
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  background: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The strategy comparison this batch is a run of, if any. */
  comparisonId?: string | null;
  /**
   * When the batch was to start: the time a `runAt` submission held it until, or the cron time a schedule started it
   * for. Null for a batch submitted to start at once.
   */
  runAt?: Date | null;
  /** The schedule that started this batch, if any (null once that schedule is deleted). */
  scheduleId?: string | null;
  // Flow control (scheduler/lane.ts, fair-share.ts, rate-limit.ts).
  /** Orders the batch among its team's batches on a lane, higher first (default 0). */
  priority: number;
  /** Paused by a user: starts no new jobs until resumed; running ones finish. Never set on a finished batch. */
  paused: boolean;
  /** Set by setBatchConcurrency: replaces the route's concurrency of the phase new jobs start on. */
  concurrency: number | null;
  rateLimit: RateLimit | null;
}

export interface JobAttemptRecord {
  attempt: number;
  status: JobStatus;
  executor: ExecutorKind;
  queuedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: JobErrorInfo | null;
  /** The remote worker that ran it (REMOTE only). */
  worker: string | null;
}

export interface JobRecord {
  id: string;
  batchId: string;
  index: number;
  status: JobStatus;
  input: unknown;
  result: unknown;
  error: JobErrorInfo | null;
  /** Every attempt ever made, across retries by hand: the history has this many entries once it has started. */
  attempts: number;
  /** Attempts made before its current budget began (a retry by hand gives a fresh budget of the batch's maxAttempts). */
  attemptBase: number;
  /** Log lines dropped to keep its log bounded. */
  logsDropped: number;
  executor: ExecutorKind | null;
  /** The remote worker running or that ran the last attempt (REMOTE only). */
  worker: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** What a submitter sends. Validated by `validateSubmission` before anything is written. */
export interface SubmitBatchInput {
  readonly task: string;
  readonly tag?: JobTag | null | undefined;
  readonly items: readonly unknown[];
  readonly strategy?: Strategy | null | undefined;
  readonly timeoutMs?: number | null | undefined;
  readonly maxAttempts?: number | null | undefined;
  readonly backoffMs?: number | null | undefined;
  readonly name?: string | null | undefined;
  readonly background?: boolean | null | undefined;
  /** Opt in to the mis-tag policy: reroute the rest of the batch if its jobs behave like the other kind. */
  readonly autoReroute?: boolean | null | undefined;
  /** Run each job in a child process (crashy or leaky work); the task may ask for it too. */
  readonly isolate?: boolean | null | undefined;
  readonly team?: string | undefined;
  /** Higher first among the team's batches on a lane; PRIORITY_RANGE, default 0. */
  readonly priority?: number | null | undefined;
  /** At most `jobs` job starts in any window of `perMs`. */
  readonly rateLimit?: RateLimit | null | undefined;
  /** The first job that fails or times out cancels the rest; the batch ends FAILED (asyncio TaskGroup semantics). */
  readonly failFast?: boolean | null | undefined;
  /** The same key from the same team within 24 h returns the first batch and writes nothing. */
  readonly idempotencyKey?: string | null | undefined;
  /** Set by compareStrategies: the comparison this batch is a run of. */
  readonly comparisonId?: string | undefined;
  /** Hold the batch (SCHEDULED) until this time; a time already past starts it at once. At most MAX_RUN_AT_AHEAD_MS ahead. */
  readonly runAt?: Date | null | undefined;
}

/** Comparisons: the same items run under several strategies, one after another (see compare/). */
export const COMPARISON_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
/** FAILED: a run could not be measured (the engine stopped, a submission was refused). */
export type ComparisonStatus = (typeof COMPARISON_STATUSES)[number];

/** What one strategy did with the items, measured the same way for every strategy. */
export interface ComparisonRun {
  readonly executor: ExecutorKind;
  readonly concurrency: number;
  /** Jobs per message the run sent to its workers; absent (or 1): one job per message. Absent on older runs. */
  readonly chunkSize?: number;
  readonly batchId: string;
  readonly status: BatchStatus;
  /** Submit to last result, ms. */
  readonly wallMs: number;
  /** Jobs per second over wallMs. */
  readonly throughput: number;
  /** Baseline wall time ÷ this wall time (baseline: SEQUENTIAL if it ran, else the first strategy). */
  readonly speedup: number;
  /** The best speedup this strategy could reach on this machine for this kind of work. */
  readonly idealSpeedup: number;
  /** speedup ÷ idealSpeedup. */
  readonly efficiency: number;
  /** CPU time of this process (main + worker threads) during the run, ms. */
  readonly cpuMs: number;
  /** Highest resident set size sampled during the run, MiB. */
  readonly peakRssMb: number;
  /** Main-thread event-loop delay p99 during the run, ms: how much the strategy blocked the loop. */
  readonly eventLoopP99Ms: number;
  /** Jobs that did not succeed. */
  readonly errors: number;
  // How the run used the event loops (LoopWatch in metrics.ts, and the batch's usage). Runs measured before these
  // existed lack them. `eventLoopP99Ms` misses work that never yields; these do not.
  /** The longest stretch the main thread went without an event-loop turn during the run, ms. */
  readonly mainLoopLongestBlockMs?: number;
  /** Main-thread event-loop utilisation over the run, 0..1. */
  readonly mainLoopUtilization?: number;
  /** Main-thread time the jobs' synchronous parts held, summed over the run's successful jobs, ms. */
  readonly jobsBlockedMs?: number;
  /** Worker strategies: the jobs' busy time in the workers ÷ (wall time × workers in use), 0..1; null otherwise. */
  readonly workerUtilization?: number | null;
}

export interface ComparisonRecord {
  id: string;
  team: string;
  name: string | null;
  task: string;
  tag: JobTag;
  total: number;
  status: ComparisonStatus;
  strategies: Strategy[];
  runs: ComparisonRun[];
  verdict: string | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** When one finished job of a batch started and ended: a span on the comparison's task-stream timeline. */
export interface JobSpan {
  readonly index: number;
  readonly status: JobStatus;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/**
 * Schedules: a batch started on a cron (see schedules/). What a run does when the previous batch of the same schedule
 * is still unfinished: SKIP it (counted), ALLOW both, or CANCEL_PREVIOUS and start the new one.
 */
export const OVERLAP_POLICIES = ['SKIP', 'ALLOW', 'CANCEL_PREVIOUS'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

export interface ScheduleRecord {
  id: string;
  team: string;
  name: string;
  cron: string;
  timezone: string;
  /** The batch each run submits, as the submitter gave it (validated when the schedule was created). */
  batch: ScheduledBatchInput;
  overlap: OverlapPolicy;
  paused: boolean;
  /**
   * The run cursor: cron times after this instant are still to run; each run claims its time by moving it (one
   * guarded UPDATE), which is what makes a run start at most once. Set to now on create and on resume.
   */
  dueAfter: Date;
  /** The cron time of the last run claimed (started or skipped). */
  lastRunAt: Date | null;
  /** Runs not started because the previous batch was still unfinished (overlap SKIP). */
  skippedRuns: number;
  createdAt: Date;
}

/** The batch part of a schedule: a submission without its team, hold time or comparison. */
export type ScheduledBatchInput = Omit<SubmitBatchInput, 'team' | 'runAt' | 'comparisonId'>;
