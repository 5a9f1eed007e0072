import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { BATCH_STATUSES, COMPARISON_STATUSES, EXECUTOR_KINDS, JOB_STATUSES, JOB_TAGS, OVERLAP_POLICIES } from '../types.ts';

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
    // Flow control: the order among the team's batches on a lane; paused by a user (cleared when the batch
    // finishes); the concurrency set on the running batch (null: the route's); the start rate limit (both or none).
    priority: integer('priority').notNull().default(0),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    concurrency: integer('concurrency'),
    rateLimitJobs: integer('rate_limit_jobs'),
    rateLimitPerMs: integer('rate_limit_per_ms'),
    /** Opted in to TaskGroup semantics: the first job that fails or times out cancels the rest; the batch ends FAILED. */
    failFast: integer('fail_fast', { mode: 'boolean' }).notNull().default(false),
    /** The submitter's idempotency key: unique per team while it is live (triage/idempotency.ts clears it after 24 h). */
    idempotencyKey: text('idempotency_key'),
    /** Time the batch sat finished before a retry reopened it: wall time and throughput leave it out. */
    idleMs: real('idle_ms').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    /** When it was to start: the `runAt` it was held until (SCHEDULED), or the cron time its schedule started it for. */
    runAt: integer('run_at'),
    /**
     * The schedule that started it. No foreign key: SQLite adds a column's reference without its ON DELETE, so
     * deleteSchedule clears it itself (store/sqlite/schedules.ts), keeping the batches as history.
     */
    scheduleId: integer('schedule_id'),
  },
  // batches_finished: the retention sweeper's scan for expired batches (oldest end first), without reading the rest.
  // The indexes on columns most batches leave null (a comparison, a key, an end) are partial, so that a submission
  // writes no entry in them: each entry is a page more in the submit's commit (migration 0011). A query on such a
  // column (`= ?`, `< ?`) implies `is not null`, so SQLite still uses them.
  (t) => [
    index('batches_status').on(t.status),
    index('batches_team_created').on(t.team, t.id),
    index('batches_comparison')
      .on(t.comparisonId)
      .where(sql`comparison_id is not null`),
    // A schedule starts at most one batch per cron time: the last guard against a double start (the first is the
    // claim on schedules.due_after). Also serves a schedule's batches, newest first.
    uniqueIndex('batches_schedule_run')
      .on(t.scheduleId, t.runAt)
      .where(sql`schedule_id is not null`),
    // Only batches submitted with a key take part.
    uniqueIndex('batches_team_idempotency')
      .on(t.team, t.idempotencyKey)
      .where(sql`idempotency_key is not null`),
    index('batches_finished')
      .on(t.finishedAt)
      .where(sql`finished_at is not null`),
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
    /**
     * Attempts made before the job's current attempt budget began: a retry by hand (retryFailed, retryJob) sets it to
     * `attempts`, so the job gets `maxAttempts` fresh attempts while `attempts` and the history stay whole.
     */
    attemptBase: integer('attempt_base').notNull().default(0),
    /** The error message with URLs, numbers, ids and hex masked (triage/normalise.ts): failures group by it. */
    errorFingerprint: text('error_fingerprint'),
    /** Log lines of the job that were dropped to keep its log bounded (see job_logs). */
    logsDropped: integer('logs_dropped').notNull().default(0),
    executor: text('executor', { enum: EXECUTOR_KINDS }),
    /** The remote worker (REMOTE lane) running or that ran the last attempt; null elsewhere. */
    worker: text('worker'),
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
    // The Failures page across batches: only failed and timed-out jobs are in it, so other transitions never write it.
    index('jobs_failed')
      .on(t.finishedAt)
      .where(sql`status in ('FAILED', 'TIMED_OUT')`),
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
    /** The remote worker that ran the attempt (REMOTE lane). */
    worker: text('worker'),
  },
  (t) => [index('job_attempts_job').on(t.jobId, t.attempt)],
);

/**
 * What a job's `ctx.log` said, kept with the job (bounded per job: triage/job-log.ts). Written only for jobs that log,
 * through the group commit, when the attempt ends.
 */
export const jobLogs = sqliteTable(
  'job_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: integer('at').notNull(),
    level: text('level').notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('job_logs_job').on(t.jobId, t.id)],
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

/** A team: the unit of isolation. Batches and comparisons name their team in `team` (the team's name). */
export const teams = sqliteTable('teams', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  createdAt: integer('created_at').notNull(),
});

/**
 * API keys. Only the SHA-256 of a key is kept (a key is 32 random bytes, so a fast hash is enough: nothing to
 * guess); the key itself is shown once, when created. `publicId` names the key in lists and in `keys revoke`.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    publicId: text('public_id').notNull().unique(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['viewer', 'submitter', 'admin'] }).notNull(),
    keyHash: text('key_hash').notNull().unique(),
    label: text('label'),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_keys_team').on(t.teamId)],
);

/** Server-wide settings and secrets that must survive restarts (the key of the opaque API ids). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * A schedule: a batch submitted on a cron. `due_after` is the run cursor (cron times after it are still to run);
 * a run is claimed by one guarded UPDATE of it, in the transaction that inserts the run's batch.
 */
export const schedules = sqliteTable(
  'schedules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    team: text('team').notNull().default('default'),
    name: text('name').notNull(),
    cron: text('cron').notNull(),
    timezone: text('timezone').notNull(),
    /** The submission each run makes, as JSON (validated on create). */
    batch: text('batch').notNull(),
    overlap: text('overlap', { enum: OVERLAP_POLICIES }).notNull(),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    dueAfter: integer('due_after').notNull(),
    lastRunAt: integer('last_run_at'),
    skippedRuns: integer('skipped_runs').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('schedules_team').on(t.team, t.id)],
);

/** Lanes an admin has paused: no new job starts on them, across restarts, until resumed. */
export const pausedLanes = sqliteTable('paused_lanes', {
  lane: text('lane').primaryKey(),
  pausedAt: integer('paused_at').notNull(),
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
