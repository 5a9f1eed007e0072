/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** FAILED: finished with at least one job failed or timed out. */
export const BatchStatus = {
  Cancelled: 'CANCELLED',
  Failed: 'FAILED',
  Queued: 'QUEUED',
  Running: 'RUNNING',
  Scheduled: 'SCHEDULED',
  Succeeded: 'SUCCEEDED'
} as const;

export type BatchStatus = typeof BatchStatus[keyof typeof BatchStatus];
export type CompareStrategiesInput = {
  generate?: GenerateItemsInput | null | undefined;
  /** The items; or use generate. */
  items?: Array<unknown> | null | undefined;
  name?: string | null | undefined;
  /** Run one after another; or use sweep. */
  strategies?: Array<StrategyInput> | null | undefined;
  sweep?: SweepInput | null | undefined;
  tag?: JobTag | null | undefined;
  task: string;
  timeoutMs?: number | null | undefined;
};

export const ComparisonStatus = {
  Cancelled: 'CANCELLED',
  Failed: 'FAILED',
  Running: 'RUNNING',
  Succeeded: 'SUCCEEDED'
} as const;

export type ComparisonStatus = typeof ComparisonStatus[keyof typeof ComparisonStatus];
export const ExecutorKind = {
  Async: 'ASYNC',
  Processes: 'PROCESSES',
  Remote: 'REMOTE',
  Sequential: 'SEQUENTIAL',
  Threads: 'THREADS'
} as const;

export type ExecutorKind = typeof ExecutorKind[keyof typeof ExecutorKind];
/** `count` copies of `template`; the string "{{index}}" anywhere inside becomes the item’s index. */
export type GenerateItemsInput = {
  count: number;
  template: unknown;
};

export const ItemsFormat = {
  /** A header row, then one item per row; numbers and booleans are read as such */
  Csv: 'CSV',
  /** A JSON array of items */
  Json: 'JSON',
  /** One JSON item per line */
  Jsonl: 'JSONL'
} as const;

export type ItemsFormat = typeof ItemsFormat[keyof typeof ItemsFormat];
export const JobStatus = {
  Cancelled: 'CANCELLED',
  Failed: 'FAILED',
  Queued: 'QUEUED',
  Running: 'RUNNING',
  Succeeded: 'SUCCEEDED',
  TimedOut: 'TIMED_OUT'
} as const;

export type JobStatus = typeof JobStatus[keyof typeof JobStatus];
export const JobTag = {
  Cpu: 'CPU',
  Io: 'IO',
  Mixed: 'MIXED'
} as const;

export type JobTag = typeof JobTag[keyof typeof JobTag];
/** At most `jobs` job starts (1–10,000) in any window of `perMs` milliseconds (1–3,600,000): polite to the services called. */
export type RateLimitInput = {
  jobs: number;
  perMs: number;
};

/** Forces an executor (and a concurrency) instead of the decision table: how strategies are compared. */
export type StrategyInput = {
  /** Jobs per message to a worker, 1 to 10000 (THREADS, PROCESSES, REMOTE; ASYNC and SEQUENTIAL take only 1). Default: as the decision table would, chunks of the data-batch size for a data batch, else 1 (one job per message). */
  chunkSize?: number | null | undefined;
  concurrency?: number | null | undefined;
  executor: ExecutorKind;
};

export type SubmitBatchFileInput = {
  /** Opt in: if the jobs behave like the other kind of work (CPU tagged IO, or waits tagged CPU), the rest of the batch is rerouted once. */
  autoReroute?: boolean | null | undefined;
  /** Fire and forget: lowest-priority lane. */
  background?: boolean | null | undefined;
  /** Base of the exponential retry backoff (full jitter). Default 200. */
  backoffMs?: number | null | undefined;
  /** All or nothing (asyncio TaskGroup semantics): the first job that fails or times out, its retries spent, cancels the rest of the batch, and the batch ends FAILED. Default false. */
  failFast?: boolean | null | undefined;
  /** Defaults from the file name: .csv, .json, else JSON lines. */
  format?: ItemsFormat | null | undefined;
  /** At most 200 characters. The same key from the same team within 24 h returns the first batch (`replayed: true`) and writes nothing; another team’s same key is its own. */
  idempotencyKey?: string | null | undefined;
  /** Run each job in a child process (crashy or leaky work): the decision table’s `isolated` rule. */
  isolate?: boolean | null | undefined;
  /** Attempts per job, retries included. Default 1. */
  maxAttempts?: number | null | undefined;
  name?: string | null | undefined;
  /** Order among your team's batches on a lane, higher first (-100 to 100, default 0). Never takes slots from other teams: each lane shares its slots between teams first. */
  priority?: number | null | undefined;
  /** Start at most `jobs` jobs in any window of `perMs`, whatever the concurrency. */
  rateLimit?: RateLimitInput | null | undefined;
  /** Hold the batch until this time: it is SCHEDULED (and may be cancelled) until then, also across restarts. A time already past starts it at once; at most 366 days ahead. */
  runAt?: string | null | undefined;
  strategy?: StrategyInput | null | undefined;
  /** Defaults to the kind the task declares. */
  tag?: JobTag | null | undefined;
  task: string;
  /** Per-job timeout; defaults to the task’s. */
  timeoutMs?: number | null | undefined;
  /** Answer only once the batch has finished, or after this many ms (at most 30000), whichever is first: one round trip for short batches. */
  waitMs?: number | null | undefined;
};

export type SubmitBatchInput = {
  /** Opt in: if the jobs behave like the other kind of work (CPU tagged IO, or waits tagged CPU), the rest of the batch is rerouted once. */
  autoReroute?: boolean | null | undefined;
  /** Fire and forget: lowest-priority lane. */
  background?: boolean | null | undefined;
  /** Base of the exponential retry backoff (full jitter). Default 200. */
  backoffMs?: number | null | undefined;
  /** All or nothing (asyncio TaskGroup semantics): the first job that fails or times out, its retries spent, cancels the rest of the batch, and the batch ends FAILED. Default false. */
  failFast?: boolean | null | undefined;
  /** At most 200 characters. The same key from the same team within 24 h returns the first batch (`replayed: true`) and writes nothing; another team’s same key is its own. */
  idempotencyKey?: string | null | undefined;
  /** Run each job in a child process (crashy or leaky work): the decision table’s `isolated` rule. */
  isolate?: boolean | null | undefined;
  /** One job per item; each must match the task’s input schema. */
  items: Array<unknown>;
  /** Attempts per job, retries included. Default 1. */
  maxAttempts?: number | null | undefined;
  name?: string | null | undefined;
  /** Order among your team's batches on a lane, higher first (-100 to 100, default 0). Never takes slots from other teams: each lane shares its slots between teams first. */
  priority?: number | null | undefined;
  /** Start at most `jobs` jobs in any window of `perMs`, whatever the concurrency. */
  rateLimit?: RateLimitInput | null | undefined;
  /** Hold the batch until this time: it is SCHEDULED (and may be cancelled) until then, also across restarts. A time already past starts it at once; at most 366 days ahead. */
  runAt?: string | null | undefined;
  strategy?: StrategyInput | null | undefined;
  /** Defaults to the kind the task declares. */
  tag?: JobTag | null | undefined;
  task: string;
  /** Per-job timeout; defaults to the task’s. */
  timeoutMs?: number | null | undefined;
  /** Answer only once the batch has finished, or after this many ms (at most 30000), whichever is first: one round trip for short batches. */
  waitMs?: number | null | undefined;
};

/** One executor at several concurrencies: where does more concurrency stop helping? */
export type SweepInput = {
  concurrencies: Array<number>;
  executor: ExecutorKind;
};

export type ClientCountsFragment = { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number };

type ClientError_BatchNotFinishedError_Fragment = { __typename: 'BatchNotFinishedError', message: string };

type ClientError_InvalidFileError_Fragment = { __typename: 'InvalidFileError', message: string, rows: Array<{ row: number, message: string }> };

type ClientError_InvalidInputError_Fragment = { __typename: 'InvalidInputError', field: string, message: string, issues: Array<{ path: Array<string>, message: string }> };

type ClientError_InvalidItemsError_Fragment = { __typename: 'InvalidItemsError', message: string, items: Array<{ index: number, path: Array<string>, message: string }> };

type ClientError_QueueFullError_Fragment = { __typename: 'QueueFullError', message: string };

type ClientError_QuotaExceededError_Fragment = { __typename: 'QuotaExceededError', message: string };

type ClientError_TooManyItemsError_Fragment = { __typename: 'TooManyItemsError', max: number, got: number, message: string };

type ClientError_UnknownTaskError_Fragment = { __typename: 'UnknownTaskError', task: string, message: string };

export type ClientErrorFragment =
  | ClientError_BatchNotFinishedError_Fragment
  | ClientError_InvalidFileError_Fragment
  | ClientError_InvalidInputError_Fragment
  | ClientError_InvalidItemsError_Fragment
  | ClientError_QueueFullError_Fragment
  | ClientError_QuotaExceededError_Fragment
  | ClientError_TooManyItemsError_Fragment
  | ClientError_UnknownTaskError_Fragment
;

export type ClientBatchFragment = { id: string, name: string | null, task: string, tag: JobTag, status: BatchStatus, done: boolean, total: number, createdAt: string, startedAt: string | null, finishedAt: string | null, wallMs: number | null, throughput: number | null, etaMs: number | null, timeoutMs: number, maxAttempts: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number }, route: { executor: ExecutorKind, concurrency: number, rule: string, reason: string, lane: string }, failures: Array<{ code: string, message: string, count: number, sampleJobId: string }> };

export type ClientJobFragment = { id: string, batchId: string, index: number, status: JobStatus, input: unknown, result: unknown, attempts: number, executor: ExecutorKind | null, waitMs: number | null, runMs: number | null, startedAt: string | null, finishedAt: string | null, error: { code: string, message: string } | null };

export type ClientComparisonFragment = { id: string, name: string | null, task: string, tag: JobTag, total: number, status: ComparisonStatus, verdict: string | null, error: string | null, createdAt: string, finishedAt: string | null, strategies: Array<{ executor: ExecutorKind, concurrency: number | null }>, runs: Array<{ executor: ExecutorKind, concurrency: number, status: BatchStatus, wallMs: number, throughput: number, speedup: number, idealSpeedup: number, efficiency: number, cpuMs: number, peakRssMb: number, eventLoopP99Ms: number, errors: number, batch: { id: string } | null }>, current: { id: string, total: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number } } | null };

export type ClientSubmitBatchMutationVariables = Exact<{
  input: SubmitBatchInput;
}>;


export type ClientSubmitBatchMutation = { submitBatch:
    | { __typename: 'InvalidFileError', message: string, rows: Array<{ row: number, message: string }> }
    | { __typename: 'InvalidInputError', field: string, message: string, issues: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'InvalidItemsError', message: string, items: Array<{ index: number, path: Array<string>, message: string }> }
    | { __typename: 'QueueFullError', message: string }
    | { __typename: 'QuotaExceededError', message: string }
    | { __typename: 'SubmitBatchSuccess', batch: { id: string, name: string | null, task: string, tag: JobTag, status: BatchStatus, done: boolean, total: number, createdAt: string, startedAt: string | null, finishedAt: string | null, wallMs: number | null, throughput: number | null, etaMs: number | null, timeoutMs: number, maxAttempts: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number }, route: { executor: ExecutorKind, concurrency: number, rule: string, reason: string, lane: string }, failures: Array<{ code: string, message: string, count: number, sampleJobId: string }> } }
    | { __typename: 'TooManyItemsError', max: number, got: number, message: string }
    | { __typename: 'UnknownTaskError', task: string, message: string }
   };

export type ClientSubmitBatchFileMutationVariables = Exact<{
  input: SubmitBatchFileInput;
  file: File;
}>;


export type ClientSubmitBatchFileMutation = { submitBatchFile:
    | { __typename: 'InvalidFileError', message: string, rows: Array<{ row: number, message: string }> }
    | { __typename: 'InvalidInputError', field: string, message: string, issues: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'InvalidItemsError', message: string, items: Array<{ index: number, path: Array<string>, message: string }> }
    | { __typename: 'QueueFullError', message: string }
    | { __typename: 'QuotaExceededError', message: string }
    | { __typename: 'SubmitBatchSuccess', batch: { id: string, name: string | null, task: string, tag: JobTag, status: BatchStatus, done: boolean, total: number, createdAt: string, startedAt: string | null, finishedAt: string | null, wallMs: number | null, throughput: number | null, etaMs: number | null, timeoutMs: number, maxAttempts: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number }, route: { executor: ExecutorKind, concurrency: number, rule: string, reason: string, lane: string }, failures: Array<{ code: string, message: string, count: number, sampleJobId: string }> } }
    | { __typename: 'TooManyItemsError', max: number, got: number, message: string }
    | { __typename: 'UnknownTaskError', task: string, message: string }
   };

export type ClientBatchQueryVariables = Exact<{
  id: string | number;
}>;


export type ClientBatchQuery = { batch: { id: string, name: string | null, task: string, tag: JobTag, status: BatchStatus, done: boolean, total: number, createdAt: string, startedAt: string | null, finishedAt: string | null, wallMs: number | null, throughput: number | null, etaMs: number | null, timeoutMs: number, maxAttempts: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number }, route: { executor: ExecutorKind, concurrency: number, rule: string, reason: string, lane: string }, failures: Array<{ code: string, message: string, count: number, sampleJobId: string }> } | null };

export type ClientBatchJobsQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
  status?: JobStatus | null | undefined;
}>;


export type ClientBatchJobsQuery = { batch: { jobs: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, batchId: string, index: number, status: JobStatus, input: unknown, result: unknown, attempts: number, executor: ExecutorKind | null, waitMs: number | null, runMs: number | null, startedAt: string | null, finishedAt: string | null, error: { code: string, message: string } | null } }> } } | null };

export type ClientBatchProgressSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type ClientBatchProgressSubscription = { batchProgress: { seq: number, batchId: string, status: BatchStatus, total: number, done: boolean, throughput: number | null, wallMs: number | null, etaMs: number | null, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number } } };

export type ClientJobsFinishedSubscriptionVariables = Exact<{
  batchId: string | number;
  after?: string | null | undefined;
}>;


export type ClientJobsFinishedSubscription = { jobsFinished: { cursor: string, done: boolean, jobs: Array<{ id: string, batchId: string, index: number, status: JobStatus, input: unknown, result: unknown, attempts: number, executor: ExecutorKind | null, waitMs: number | null, runMs: number | null, startedAt: string | null, finishedAt: string | null, error: { code: string, message: string } | null }> } };

export type ClientCancelBatchMutationVariables = Exact<{
  id: string | number;
}>;


export type ClientCancelBatchMutation = { cancelBatch: { id: string, name: string | null, task: string, tag: JobTag, status: BatchStatus, done: boolean, total: number, createdAt: string, startedAt: string | null, finishedAt: string | null, wallMs: number | null, throughput: number | null, etaMs: number | null, timeoutMs: number, maxAttempts: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number }, route: { executor: ExecutorKind, concurrency: number, rule: string, reason: string, lane: string }, failures: Array<{ code: string, message: string, count: number, sampleJobId: string }> } | null };

export type ClientRetryFailedMutationVariables = Exact<{
  batchId: string | number;
}>;


export type ClientRetryFailedMutation = { retryFailed: { id: string, name: string | null, task: string, tag: JobTag, status: BatchStatus, done: boolean, total: number, createdAt: string, startedAt: string | null, finishedAt: string | null, wallMs: number | null, throughput: number | null, etaMs: number | null, timeoutMs: number, maxAttempts: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number }, route: { executor: ExecutorKind, concurrency: number, rule: string, reason: string, lane: string }, failures: Array<{ code: string, message: string, count: number, sampleJobId: string }> } | null };

export type ClientCompareStrategiesMutationVariables = Exact<{
  input: CompareStrategiesInput;
}>;


export type ClientCompareStrategiesMutation = { compareStrategies:
    | { __typename: 'CompareStrategiesSuccess', comparison: { id: string, name: string | null, task: string, tag: JobTag, total: number, status: ComparisonStatus, verdict: string | null, error: string | null, createdAt: string, finishedAt: string | null, strategies: Array<{ executor: ExecutorKind, concurrency: number | null }>, runs: Array<{ executor: ExecutorKind, concurrency: number, status: BatchStatus, wallMs: number, throughput: number, speedup: number, idealSpeedup: number, efficiency: number, cpuMs: number, peakRssMb: number, eventLoopP99Ms: number, errors: number, batch: { id: string } | null }>, current: { id: string, total: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number } } | null } }
    | { __typename: 'InvalidFileError', message: string, rows: Array<{ row: number, message: string }> }
    | { __typename: 'InvalidInputError', field: string, message: string, issues: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'InvalidItemsError', message: string, items: Array<{ index: number, path: Array<string>, message: string }> }
    | { __typename: 'QueueFullError', message: string }
    | { __typename: 'QuotaExceededError', message: string }
    | { __typename: 'TooManyItemsError', max: number, got: number, message: string }
    | { __typename: 'UnknownTaskError', task: string, message: string }
   };

export type ClientComparisonQueryVariables = Exact<{
  id: string | number;
}>;


export type ClientComparisonQuery = { comparison: { id: string, name: string | null, task: string, tag: JobTag, total: number, status: ComparisonStatus, verdict: string | null, error: string | null, createdAt: string, finishedAt: string | null, strategies: Array<{ executor: ExecutorKind, concurrency: number | null }>, runs: Array<{ executor: ExecutorKind, concurrency: number, status: BatchStatus, wallMs: number, throughput: number, speedup: number, idealSpeedup: number, efficiency: number, cpuMs: number, peakRssMb: number, eventLoopP99Ms: number, errors: number, batch: { id: string } | null }>, current: { id: string, total: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number } } | null } | null };

export type ClientComparisonProgressSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type ClientComparisonProgressSubscription = { comparisonProgress: { id: string, name: string | null, task: string, tag: JobTag, total: number, status: ComparisonStatus, verdict: string | null, error: string | null, createdAt: string, finishedAt: string | null, strategies: Array<{ executor: ExecutorKind, concurrency: number | null }>, runs: Array<{ executor: ExecutorKind, concurrency: number, status: BatchStatus, wallMs: number, throughput: number, speedup: number, idealSpeedup: number, efficiency: number, cpuMs: number, peakRssMb: number, eventLoopP99Ms: number, errors: number, batch: { id: string } | null }>, current: { id: string, total: number, counts: { queued: number, running: number, succeeded: number, failed: number, cancelled: number, timedOut: number, finished: number } } | null } };

export type ClientTasksQueryVariables = Exact<{ [key: string]: never; }>;


export type ClientTasksQuery = { tasks: Array<{ name: string, kind: JobTag, description: string, timeoutMs: number, inputSchema: unknown, example: unknown }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ClientErrorFragmentDoc = new TypedDocumentString(`
    fragment ClientError on Error {
  __typename
  message
  ... on UnknownTaskError {
    task
  }
  ... on TooManyItemsError {
    max
    got
  }
  ... on InvalidFileError {
    rows {
      row
      message
    }
  }
  ... on InvalidItemsError {
    items {
      index
      path
      message
    }
  }
  ... on InvalidInputError {
    field
    issues {
      path
      message
    }
  }
}
    `, {"fragmentName":"ClientError"}) as unknown as TypedDocumentString<ClientErrorFragment, unknown>;
export const ClientCountsFragmentDoc = new TypedDocumentString(`
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}
    `, {"fragmentName":"ClientCounts"}) as unknown as TypedDocumentString<ClientCountsFragment, unknown>;
export const ClientBatchFragmentDoc = new TypedDocumentString(`
    fragment ClientBatch on Batch {
  id
  name
  task
  tag
  status
  done
  total
  counts {
    ...ClientCounts
  }
  route {
    executor
    concurrency
    rule
    reason
    lane
  }
  createdAt
  startedAt
  finishedAt
  wallMs
  throughput
  etaMs
  timeoutMs
  maxAttempts
  failures {
    code
    message
    count
    sampleJobId
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}`, {"fragmentName":"ClientBatch"}) as unknown as TypedDocumentString<ClientBatchFragment, unknown>;
export const ClientJobFragmentDoc = new TypedDocumentString(`
    fragment ClientJob on Job {
  id
  batchId
  index
  status
  input
  result
  attempts
  executor
  waitMs
  runMs
  startedAt
  finishedAt
  error {
    code
    message
  }
}
    `, {"fragmentName":"ClientJob"}) as unknown as TypedDocumentString<ClientJobFragment, unknown>;
export const ClientComparisonFragmentDoc = new TypedDocumentString(`
    fragment ClientComparison on Comparison {
  id
  name
  task
  tag
  total
  status
  verdict
  error
  createdAt
  finishedAt
  strategies {
    executor
    concurrency
  }
  runs {
    executor
    concurrency
    status
    wallMs
    throughput
    speedup
    idealSpeedup
    efficiency
    cpuMs
    peakRssMb
    eventLoopP99Ms
    errors
    batch {
      id
    }
  }
  current {
    id
    total
    counts {
      ...ClientCounts
    }
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}`, {"fragmentName":"ClientComparison"}) as unknown as TypedDocumentString<ClientComparisonFragment, unknown>;
export const ClientSubmitBatchDocument = new TypedDocumentString(`
    mutation ClientSubmitBatch($input: SubmitBatchInput!) {
  submitBatch(input: $input) {
    __typename
    ... on SubmitBatchSuccess {
      batch {
        ...ClientBatch
      }
    }
    ...ClientError
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}
fragment ClientError on Error {
  __typename
  message
  ... on UnknownTaskError {
    task
  }
  ... on TooManyItemsError {
    max
    got
  }
  ... on InvalidFileError {
    rows {
      row
      message
    }
  }
  ... on InvalidItemsError {
    items {
      index
      path
      message
    }
  }
  ... on InvalidInputError {
    field
    issues {
      path
      message
    }
  }
}
fragment ClientBatch on Batch {
  id
  name
  task
  tag
  status
  done
  total
  counts {
    ...ClientCounts
  }
  route {
    executor
    concurrency
    rule
    reason
    lane
  }
  createdAt
  startedAt
  finishedAt
  wallMs
  throughput
  etaMs
  timeoutMs
  maxAttempts
  failures {
    code
    message
    count
    sampleJobId
  }
}`) as unknown as TypedDocumentString<ClientSubmitBatchMutation, ClientSubmitBatchMutationVariables>;
export const ClientSubmitBatchFileDocument = new TypedDocumentString(`
    mutation ClientSubmitBatchFile($input: SubmitBatchFileInput!, $file: File!) {
  submitBatchFile(input: $input, file: $file) {
    __typename
    ... on SubmitBatchSuccess {
      batch {
        ...ClientBatch
      }
    }
    ...ClientError
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}
fragment ClientError on Error {
  __typename
  message
  ... on UnknownTaskError {
    task
  }
  ... on TooManyItemsError {
    max
    got
  }
  ... on InvalidFileError {
    rows {
      row
      message
    }
  }
  ... on InvalidItemsError {
    items {
      index
      path
      message
    }
  }
  ... on InvalidInputError {
    field
    issues {
      path
      message
    }
  }
}
fragment ClientBatch on Batch {
  id
  name
  task
  tag
  status
  done
  total
  counts {
    ...ClientCounts
  }
  route {
    executor
    concurrency
    rule
    reason
    lane
  }
  createdAt
  startedAt
  finishedAt
  wallMs
  throughput
  etaMs
  timeoutMs
  maxAttempts
  failures {
    code
    message
    count
    sampleJobId
  }
}`) as unknown as TypedDocumentString<ClientSubmitBatchFileMutation, ClientSubmitBatchFileMutationVariables>;
export const ClientBatchDocument = new TypedDocumentString(`
    query ClientBatch($id: ID!) {
  batch(id: $id) {
    ...ClientBatch
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}
fragment ClientBatch on Batch {
  id
  name
  task
  tag
  status
  done
  total
  counts {
    ...ClientCounts
  }
  route {
    executor
    concurrency
    rule
    reason
    lane
  }
  createdAt
  startedAt
  finishedAt
  wallMs
  throughput
  etaMs
  timeoutMs
  maxAttempts
  failures {
    code
    message
    count
    sampleJobId
  }
}`) as unknown as TypedDocumentString<ClientBatchQuery, ClientBatchQueryVariables>;
export const ClientBatchJobsDocument = new TypedDocumentString(`
    query ClientBatchJobs($id: ID!, $first: Int!, $after: String, $status: JobStatus) {
  batch(id: $id) {
    jobs(first: $first, after: $after, status: $status) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ClientJob
        }
      }
    }
  }
}
    fragment ClientJob on Job {
  id
  batchId
  index
  status
  input
  result
  attempts
  executor
  waitMs
  runMs
  startedAt
  finishedAt
  error {
    code
    message
  }
}`) as unknown as TypedDocumentString<ClientBatchJobsQuery, ClientBatchJobsQueryVariables>;
export const ClientBatchProgressDocument = new TypedDocumentString(`
    subscription ClientBatchProgress($id: ID!) {
  batchProgress(id: $id) {
    seq
    batchId
    status
    total
    done
    throughput
    wallMs
    etaMs
    counts {
      ...ClientCounts
    }
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}`) as unknown as TypedDocumentString<ClientBatchProgressSubscription, ClientBatchProgressSubscriptionVariables>;
export const ClientJobsFinishedDocument = new TypedDocumentString(`
    subscription ClientJobsFinished($batchId: ID!, $after: String) {
  jobsFinished(batchId: $batchId, after: $after) {
    cursor
    done
    jobs {
      ...ClientJob
    }
  }
}
    fragment ClientJob on Job {
  id
  batchId
  index
  status
  input
  result
  attempts
  executor
  waitMs
  runMs
  startedAt
  finishedAt
  error {
    code
    message
  }
}`) as unknown as TypedDocumentString<ClientJobsFinishedSubscription, ClientJobsFinishedSubscriptionVariables>;
export const ClientCancelBatchDocument = new TypedDocumentString(`
    mutation ClientCancelBatch($id: ID!) {
  cancelBatch(id: $id) {
    ...ClientBatch
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}
fragment ClientBatch on Batch {
  id
  name
  task
  tag
  status
  done
  total
  counts {
    ...ClientCounts
  }
  route {
    executor
    concurrency
    rule
    reason
    lane
  }
  createdAt
  startedAt
  finishedAt
  wallMs
  throughput
  etaMs
  timeoutMs
  maxAttempts
  failures {
    code
    message
    count
    sampleJobId
  }
}`) as unknown as TypedDocumentString<ClientCancelBatchMutation, ClientCancelBatchMutationVariables>;
export const ClientRetryFailedDocument = new TypedDocumentString(`
    mutation ClientRetryFailed($batchId: ID!) {
  retryFailed(batchId: $batchId) {
    ...ClientBatch
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}
fragment ClientBatch on Batch {
  id
  name
  task
  tag
  status
  done
  total
  counts {
    ...ClientCounts
  }
  route {
    executor
    concurrency
    rule
    reason
    lane
  }
  createdAt
  startedAt
  finishedAt
  wallMs
  throughput
  etaMs
  timeoutMs
  maxAttempts
  failures {
    code
    message
    count
    sampleJobId
  }
}`) as unknown as TypedDocumentString<ClientRetryFailedMutation, ClientRetryFailedMutationVariables>;
export const ClientCompareStrategiesDocument = new TypedDocumentString(`
    mutation ClientCompareStrategies($input: CompareStrategiesInput!) {
  compareStrategies(input: $input) {
    __typename
    ... on CompareStrategiesSuccess {
      comparison {
        ...ClientComparison
      }
    }
    ...ClientError
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}
fragment ClientError on Error {
  __typename
  message
  ... on UnknownTaskError {
    task
  }
  ... on TooManyItemsError {
    max
    got
  }
  ... on InvalidFileError {
    rows {
      row
      message
    }
  }
  ... on InvalidItemsError {
    items {
      index
      path
      message
    }
  }
  ... on InvalidInputError {
    field
    issues {
      path
      message
    }
  }
}
fragment ClientComparison on Comparison {
  id
  name
  task
  tag
  total
  status
  verdict
  error
  createdAt
  finishedAt
  strategies {
    executor
    concurrency
  }
  runs {
    executor
    concurrency
    status
    wallMs
    throughput
    speedup
    idealSpeedup
    efficiency
    cpuMs
    peakRssMb
    eventLoopP99Ms
    errors
    batch {
      id
    }
  }
  current {
    id
    total
    counts {
      ...ClientCounts
    }
  }
}`) as unknown as TypedDocumentString<ClientCompareStrategiesMutation, ClientCompareStrategiesMutationVariables>;
export const ClientComparisonDocument = new TypedDocumentString(`
    query ClientComparison($id: ID!) {
  comparison(id: $id) {
    ...ClientComparison
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}
fragment ClientComparison on Comparison {
  id
  name
  task
  tag
  total
  status
  verdict
  error
  createdAt
  finishedAt
  strategies {
    executor
    concurrency
  }
  runs {
    executor
    concurrency
    status
    wallMs
    throughput
    speedup
    idealSpeedup
    efficiency
    cpuMs
    peakRssMb
    eventLoopP99Ms
    errors
    batch {
      id
    }
  }
  current {
    id
    total
    counts {
      ...ClientCounts
    }
  }
}`) as unknown as TypedDocumentString<ClientComparisonQuery, ClientComparisonQueryVariables>;
export const ClientComparisonProgressDocument = new TypedDocumentString(`
    subscription ClientComparisonProgress($id: ID!) {
  comparisonProgress(id: $id) {
    ...ClientComparison
  }
}
    fragment ClientCounts on Counts {
  queued
  running
  succeeded
  failed
  cancelled
  timedOut
  finished
}
fragment ClientComparison on Comparison {
  id
  name
  task
  tag
  total
  status
  verdict
  error
  createdAt
  finishedAt
  strategies {
    executor
    concurrency
  }
  runs {
    executor
    concurrency
    status
    wallMs
    throughput
    speedup
    idealSpeedup
    efficiency
    cpuMs
    peakRssMb
    eventLoopP99Ms
    errors
    batch {
      id
    }
  }
  current {
    id
    total
    counts {
      ...ClientCounts
    }
  }
}`) as unknown as TypedDocumentString<ClientComparisonProgressSubscription, ClientComparisonProgressSubscriptionVariables>;
export const ClientTasksDocument = new TypedDocumentString(`
    query ClientTasks {
  tasks {
    name
    kind
    description
    timeoutMs
    inputSchema
    example
  }
}
    `) as unknown as TypedDocumentString<ClientTasksQuery, ClientTasksQueryVariables>;