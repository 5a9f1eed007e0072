import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { BATCH_STATUSES, COMPARISON_STATUSES, EXECUTOR_KINDS, JOB_STATUSES, JOB_TAGS } from '../types.ts';

/**
 * The tables. Times are epoch milliseconds. Status, tag and executor columns hold the closed unions of ../types.ts
 * (declared as enums, so rows come back typed); every change of status is one guarded UPDATE in
 * sqlite/job-transitions.ts or sqlite/batch-commands.ts. `team` is carried from the first migration so batches can
 * be scoped by team when API keys arrive. A child row goes with its parent (`onDelete: 'cascade'`): retention
 * deletes whole batches.
 */
export const batches = sqliteTable(
  'batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    team: text('team').notNull().default('default'),
    name: text('name'),
    task: text('task').notNull(),
    tag: text('tag', { enum: JOB_TAGS }).notNull(),
    status: text('status', { enum: BATCH_STATUSES }).notNull(),
    total: integer('total').notNull(),
    queued: integer('queued').notNull().default(0),
    running: integer('running').notNull().default(0),
    succeeded: integer('succeeded').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    timedOut: integer('timed_out').notNull().default(0),
    /** The Route as JSON: lane, executor, concurrency, rule, reason, phases. */
    route: text('route').notNull(),
    rule: text('rule').notNull(),
    timeoutMs: integer('timeout_ms').notNull(),
    maxAttempts: integer('max_attempts').notNull(),
    backoffMs: integer('backoff_ms').notNull(),
    background: integer('background', { mode: 'boolean' }).notNull().default(false),
    /** Opted in to the mis-tag policy: rerouted once if its jobs behave like the other kind of work. */
    autoReroute: integer('auto_reroute', { mode: 'boolean' }).notNull().default(false),
    /** Measured cost of its successful jobs (see scheduler/diagnosis.ts). */
    blockedMs: real('blocked_ms').notNull().default(0),
    busyMs: real('busy_ms').notNull().default(0),
    measuredRunMs: real('measured_run_ms').notNull().default(0),
    measuredJobs: integer('measured_jobs').notNull().default(0),
    /** The strategy comparison this batch is one run of, if any. */
    comparisonId: integer('comparison_id').references(() => comparisons.id, { onDelete: 'set null' }),
    /** Set when a user cancelled the batch: its end status is CANCELLED. */
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
  },
  // batches_finished: the retention sweeper's scan for expired batches (oldest end first), without reading the rest.
  (t) => [
    index('batches_status').on(t.status),
    index('batches_team_created').on(t.team, t.id),
    index('batches_comparison').on(t.comparisonId),
    index('batches_finished').on(t.finishedAt),
  ],
);

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    idx: integer('idx').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    input: text('input').notNull(),
    result: text('result'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    errorStack: text('error_stack'),
    attempts: integer('attempts').notNull().default(0),
    executor: text('executor', { enum: EXECUTOR_KINDS }),
    queuedAt: integer('queued_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    /**
     * Order of finishing, engine-wide and increasing (store/sqlite/finish-sequence.ts): the cursor of the finished
     * jobs stream. Null until the job reaches a terminal status; cleared when it is queued again.
     */
    finishSeq: integer('finish_seq'),
  },
  // (batch, idx) serves paging, the next-queued scan and status filters (filtered in the scan). The finished-jobs
  // stream has a partial index that only a finish writes to. An index on status would be rewritten on every
  // transition, the hottest write there is.
  (t) => [
    uniqueIndex('jobs_batch_idx').on(t.batchId, t.idx),
    index('jobs_batch_finished')
      .on(t.batchId, t.finishSeq)
      .where(sql`finish_seq is not null`),
  ],
);

/** Attempts that did not end the job (retried, interrupted by a crash, reset by retryFailed). The job row holds the last. */
export const jobAttempts = sqliteTable(
  'job_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    executor: text('executor', { enum: EXECUTOR_KINDS }),
    queuedAt: integer('queued_at'),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
  },
  (t) => [index('job_attempts_job').on(t.jobId, t.attempt)],
);

/** A strategy comparison: the same items run under several strategies, one after another. */
export const comparisons = sqliteTable('comparisons', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  team: text('team').notNull().default('default'),
  name: text('name'),
  task: text('task').notNull(),
  tag: text('tag', { enum: JOB_TAGS }).notNull(),
  total: integer('total').notNull(),
  status: text('status', { enum: COMPARISON_STATUSES }).notNull(),
  /** The strategies asked for, as JSON. */
  strategies: text('strategies').notNull(),
  /** One measured run per finished strategy, as JSON. */
  runs: text('runs').notNull().default('[]'),
  verdict: text('verdict'),
  error: text('error'),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
});

/**
 * Per-lane history (history/lane-history.ts): one row per lane per bucket, 1 s buckets kept for minutes and 1 min
 * buckets kept under the retention. Latencies are percentiles of a real histogram of the bucket's jobs, in ms.
 * Cancelled jobs are counted apart: they are not throughput.
 */
export const laneBuckets = sqliteTable(
  'lane_buckets',
  {
    lane: text('lane').notNull(),
    /** 1000 or 60000. */
    resolutionMs: integer('resolution_ms').notNull(),
    /** Start of the bucket. */
    at: integer('at').notNull(),
    succeeded: integer('succeeded').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    timedOut: integer('timed_out').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    waitP50: real('wait_p50'),
    waitP95: real('wait_p95'),
    waitP99: real('wait_p99'),
    runP50: real('run_p50'),
    runP95: real('run_p95'),
    runP99: real('run_p99'),
    /** Sampled at the end of the bucket. */
    queueDepth: integer('queue_depth').notNull().default(0),
    inFlight: integer('in_flight').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.resolutionMs, t.at, t.lane] })],
);
