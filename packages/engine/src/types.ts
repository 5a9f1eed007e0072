/** The closed vocabularies of the engine. GraphQL enums mirror these names exactly. */

export const JOB_TAGS = ['IO', 'CPU', 'MIXED'] as const;
export type JobTag = (typeof JOB_TAGS)[number];

export const EXECUTOR_KINDS = ['SEQUENTIAL', 'ASYNC', 'THREADS', 'PROCESSES'] as const;
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

export const BATCH_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
/** FAILED: finished with at least one job that did not succeed (failed or timed out). */
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
}

export interface JobErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly stack?: string | undefined;
}

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
}

export interface JobAttemptRecord {
  attempt: number;
  status: JobStatus;
  executor: ExecutorKind;
  queuedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: JobErrorInfo | null;
}

export interface JobRecord {
  id: string;
  batchId: string;
  index: number;
  status: JobStatus;
  input: unknown;
  result: unknown;
  error: JobErrorInfo | null;
  attempts: number;
  executor: ExecutorKind | null;
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
  /** Set by compareStrategies: the comparison this batch is a run of. */
  readonly comparisonId?: string | undefined;
}
