import type { BatchRecord, ComparisonRecord, JobAttemptRecord, JobRecord } from '../../types.ts';
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type * as schema from '../schema.ts';
import type { FailureGroup, NewBatch, ReadyJob } from '../store.ts';

export type BatchRow = typeof schema.batches.$inferSelect;
export type JobRow = typeof schema.jobs.$inferSelect;
export type JobAttemptRow = typeof schema.jobAttempts.$inferSelect;
export type ComparisonRow = typeof schema.comparisons.$inferSelect;

/** Row → record mappers. The enum columns come back typed (see ../schema.ts): no casts here. */

export function toDate(ms: number | null | undefined): Date | null {
  return ms === null || ms === undefined ? null : new Date(ms);
}

export function batchFromRow(r: BatchRow): BatchRecord {
  return {
    id: String(r.id),
    team: r.team,
    name: r.name,
    task: r.task,
    tag: r.tag,
    status: r.status,
    total: r.total,
    counts: { queued: r.queued, running: r.running, succeeded: r.succeeded, failed: r.failed, cancelled: r.cancelled, timedOut: r.timedOut },
    route: JSON.parse(r.route),
    autoReroute: r.autoReroute,
    cancelRequested: r.cancelRequested,
    failFast: r.failFast,
    idempotencyKey: r.idempotencyKey,
    idleMs: r.idleMs,
    usage: { blockedMs: r.blockedMs, busyMs: r.busyMs, runMs: r.measuredRunMs, jobs: r.measuredJobs },
    timeoutMs: r.timeoutMs,
    maxAttempts: r.maxAttempts,
    backoffMs: r.backoffMs,
    background: r.background,
    createdAt: new Date(r.createdAt),
    startedAt: toDate(r.startedAt),
    finishedAt: toDate(r.finishedAt),
    comparisonId: r.comparisonId === null ? null : String(r.comparisonId),
    runAt: toDate(r.runAt),
    scheduleId: r.scheduleId === null ? null : String(r.scheduleId),
    priority: r.priority,
    paused: r.paused,
    concurrency: r.concurrency,
    rateLimit: r.rateLimitJobs !== null && r.rateLimitPerMs !== null ? { jobs: r.rateLimitJobs, perMs: r.rateLimitPerMs } : null,
  };
}

/**
 * The record of a batch just inserted, as reading its row back would give it (inserted-batch.test.ts holds the two
 * equal), so that a submission does not read back what it just wrote.
 */
export function insertedBatchRecord(id: string, b: NewBatch, total: number): BatchRecord {
  return {
    id,
    team: b.team,
    name: b.name,
    task: b.task,
    tag: b.tag,
    status: b.held ? 'SCHEDULED' : 'QUEUED',
    total,
    counts: { queued: total, running: 0, succeeded: 0, failed: 0, cancelled: 0, timedOut: 0 },
    route: structuredClone(b.route),
    autoReroute: b.autoReroute ?? false,
    cancelRequested: false,
    failFast: b.failFast ?? false,
    idempotencyKey: b.idempotencyKey ?? null,
    idleMs: 0,
    usage: { blockedMs: 0, busyMs: 0, runMs: 0, jobs: 0 },
    timeoutMs: b.timeoutMs,
    maxAttempts: b.maxAttempts,
    backoffMs: b.backoffMs,
    background: b.background,
    createdAt: new Date(b.createdAt),
    startedAt: null,
    finishedAt: null,
    comparisonId: b.comparisonId ?? null,
    runAt: toDate(b.runAt),
    scheduleId: b.scheduleId ?? null,
    priority: b.priority ?? 0,
    paused: false,
    concurrency: null,
    rateLimit: b.rateLimit ? { jobs: b.rateLimit.jobs, perMs: b.rateLimit.perMs } : null,
  };
}

/** The columns of a job ready to run, read as a raw row (no object per row from SQLite), in this order. */
export const READY_JOB_COLUMNS = 'id, idx, input, attempts, attempt_base, queued_at';
export type ReadyJobRow = [number, number, string, number, number, number];

/** A queued job as it starts: read from a page of the batch, or given back by a small batch's insert. */
export function readyJobFromRow([id, idx, input, attempts, attemptBase, queuedAt]: ReadyJobRow, batchId: string): ReadyJob {
  return { id: String(id), batchId, index: idx, input: JSON.parse(input), attempts, attemptBase, queuedAt };
}

export function jobFromRow(r: JobRow): JobRecord {
  return {
    id: String(r.id),
    batchId: String(r.batchId),
    index: r.idx,
    status: r.status,
    input: JSON.parse(r.input),
    result: r.result === null ? null : JSON.parse(r.result),
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '', stack: r.errorStack ?? undefined } : null,
    attempts: r.attempts,
    attemptBase: r.attemptBase,
    logsDropped: r.logsDropped,
    executor: r.executor,
    worker: r.worker,
    queuedAt: new Date(r.queuedAt),
    startedAt: toDate(r.startedAt),
    finishedAt: toDate(r.finishedAt),
  };
}

export function attemptFromRow(r: JobAttemptRow): JobAttemptRecord {
  return {
    attempt: r.attempt,
    status: r.status,
    executor: r.executor ?? 'ASYNC',
    queuedAt: toDate(r.queuedAt),
    startedAt: toDate(r.startedAt),
    finishedAt: toDate(r.finishedAt),
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '' } : null,
    worker: r.worker,
  };
}

export function comparisonFromRow(r: ComparisonRow): ComparisonRecord {
  return {
    id: String(r.id),
    team: r.team,
    name: r.name,
    task: r.task,
    tag: r.tag,
    total: r.total,
    status: r.status,
    strategies: JSON.parse(r.strategies),
    runs: JSON.parse(r.runs),
    verdict: r.verdict,
    error: r.error,
    createdAt: new Date(r.createdAt),
    finishedAt: toDate(r.finishedAt),
  };
}

/**
 * The columns of a failure group over `jobs` (grouped by the first two): its code, its fingerprint (the message with
 * URLs, numbers and ids masked), how many, a sample job, and two example messages (the least and the greatest).
 */
export function failureGroupColumns(jobs = 'jobs'): string {
  const j = jobs;
  return `coalesce(${j}.error_code, 'TASK_FAILED') as code, coalesce(${j}.error_fingerprint, ${j}.error_message, '') as message, count(*) as n,
    min(${j}.id) as sample, min(${j}.error_message) as first_example, max(${j}.error_message) as last_example`;
}

export interface FailureGroupRow {
  code: string;
  message: string;
  n: number;
  sample: number;
  first_example: string | null;
  last_example: string | null;
}

export function failureGroupFromRow(r: FailureGroupRow): FailureGroup {
  const examples = [...new Set([r.first_example, r.last_example].filter((m): m is string => m !== null))];
  return { code: r.code, message: r.message, count: r.n, sampleJobId: String(r.sample), examples };
}

/**
 * A plain statement's SELECT list for `table`, and the decoder that gives its rows drizzle's shape (property names,
 * booleans as booleans; the schema has no other mapped columns). For reads on the hot path: drizzle's own `get`
 * spent about as long mapping one batch row as SQLite spent finding it.
 */
export function plainRowsOf<T extends Table>(
  table: T,
): { readonly select: string; readonly decode: (raw: Record<string, unknown>) => T['$inferSelect'] } {
  const columns = Object.entries(getTableColumns(table));
  const booleans = columns.filter(([, column]) => column.dataType === 'boolean').map(([key]) => key);
  const unmapped = columns.find(([, column]) => column.dataType !== 'boolean' && column.dataType !== 'number' && column.dataType !== 'string');
  if (unmapped) throw new Error(`plainRowsOf(${getTableName(table)}): column ${unmapped[0]} needs a mapping`);
  return {
    select: `select ${columns.map(([key, column]) => `"${column.name}" as "${key}"`).join(', ')} from "${getTableName(table)}"`,
    decode: (raw) => {
      for (const key of booleans) raw[key] = raw[key] === 1;
      return raw;
    },
  };
}

/** Prepared reads of `table` through plainRowsOf: `one` for a row (or undefined), `many` for rows; `where` is the SQL after the SELECT list. */
export function plainReads<T extends Table>(sqlite: Database.Database, table: T) {
  const rows = plainRowsOf(table);
  const prepare = <P extends unknown[]>(where: string) => sqlite.prepare<P, Record<string, unknown>>(`${rows.select} ${where}`);
  return {
    one<P extends unknown[]>(where: string): (...params: P) => T['$inferSelect'] | undefined {
      const statement = prepare<P>(where);
      return (...params) => {
        const raw = statement.get(...params);
        return raw ? rows.decode(raw) : undefined;
      };
    },
    many<P extends unknown[]>(where: string): (...params: P) => Array<T['$inferSelect']> {
      const statement = prepare<P>(where);
      return (...params) => statement.all(...params).map(rows.decode);
    },
  };
}
