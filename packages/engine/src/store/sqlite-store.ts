import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { and, count, desc, eq, gt, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Logger } from 'pino';
import {
  COUNT_KEY,
  emptyCounts,
  type BatchRecord,
  type BatchStatus,
  type Counts,
  type ExecutorKind,
  type JobAttemptRecord,
  type JobRecord,
  type JobStatus,
  type JobTag,
  type Route,
} from '../types.ts';
import * as schema from './schema.ts';
import type { ComparisonRecord, ComparisonRun, ComparisonStatus } from '../compare/types.ts';
import type { JobSpan } from '../compare/timeline.ts';
import type {
  BatchFilter, ComparisonPatch, FailureGroup, FinishJob, NewBatch, NewComparison, Page, ReadyJob, RequeueJob, StartJob, Store,
} from './store.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../../drizzle', import.meta.url));

type BatchRow = typeof schema.batches.$inferSelect;
type JobRow = typeof schema.jobs.$inferSelect;

/** One grouped write: runs inside the flush transaction; returns the count deltas to apply if its guard held. */
type PendingOp = () => void;

/**
 * The SQLite store: better-sqlite3 in WAL mode, schema and migrations by drizzle. Hot-path transitions are
 * prepared statements, each a single guarded UPDATE whose row count is checked; they are queued and written in
 * one transaction per event-loop tick (group commit), which is what keeps persistence off the critical path.
 */
export class SqliteStore implements Store {
  readonly #sqlite: Database.Database;
  readonly #db: BetterSQLite3Database<typeof schema>;
  readonly #log: Logger;
  #pending: PendingOp[] = [];
  /** Job ids whose start is still pending in this tick, to merge start+finish into one write. */
  #pendingStarts = new Map<string, { op: StartJob; slot: number }>();
  #deltas = new Map<string, Counts>();
  #usage = new Map<string, { blockedMs: number; busyMs: number; runMs: number; jobs: number }>();
  #afterCommit: Array<() => void> = [];
  #flushScheduled = false;
  #closed = false;
  readonly #stmt;
  /** drizzle maps the row; prepared once, it costs little more than the raw statement. */
  readonly #getBatch;

  constructor(path: string, log: Logger) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#log = log;
    this.#sqlite = new Database(path);
    this.#sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a crash of this process (the case we promise); an OS crash may lose
    // the last transactions. FULL would fsync every group commit.
    this.#sqlite.pragma('synchronous = NORMAL');
    this.#sqlite.pragma('foreign_keys = ON');
    this.#sqlite.pragma('busy_timeout = 5000');
    this.#db = drizzle(this.#sqlite, { schema });
    migrate(this.#db, { migrationsFolder: MIGRATIONS });
    const s = this.#sqlite;
    this.#getBatch = this.#db
      .select()
      .from(schema.batches)
      .where(eq(schema.batches.id, sql.placeholder('id')))
      .prepare();
    this.#stmt = {
      insertBatch: s.prepare(
        `insert into batches (team, name, task, tag, status, total, queued, route, rule, timeout_ms, max_attempts, backoff_ms, background, auto_reroute, created_at, comparison_id)
         values (?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertJob: s.prepare(`insert into jobs (batch_id, idx, status, input, queued_at) values (?, ?, 'QUEUED', ?, ?)`),
      start: s.prepare(
        `update jobs set status = 'RUNNING', attempts = ?, executor = ?, started_at = ?, finished_at = null where id = ? and status = 'QUEUED'`,
      ),
      finishFromRunning: s.prepare(
        `update jobs set status = ?, result = ?, error_code = ?, error_message = ?, error_stack = ?, finished_at = ? where id = ? and status = 'RUNNING'`,
      ),
      finishFromQueued: s.prepare(
        `update jobs set status = ?, attempts = ?, executor = ?, started_at = ?, result = ?, error_code = ?, error_message = ?, error_stack = ?, finished_at = ? where id = ? and status = 'QUEUED'`,
      ),
      requeue: s.prepare(
        `update jobs set status = 'QUEUED', queued_at = ?, started_at = null, finished_at = null where id = ? and status = 'RUNNING'`,
      ),
      insertAttempt: s.prepare(
        `insert into job_attempts (job_id, attempt, status, executor, queued_at, started_at, finished_at, error_code, error_message) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      addCounts: s.prepare(
        `update batches set queued = queued + ?, running = running + ?, succeeded = succeeded + ?, failed = failed + ?, cancelled = cancelled + ?, timed_out = timed_out + ? where id = ?`,
      ),
      startBatch: s.prepare(`update batches set status = 'RUNNING', started_at = coalesce(started_at, ?) where id = ? and status = 'QUEUED'`),
      finishBatch: s.prepare(`update batches set status = ?, finished_at = ? where id = ? and status in ('QUEUED', 'RUNNING')`),
      nextQueued: s.prepare(
        `select id, batch_id, idx, input, attempts, queued_at from jobs where batch_id = ? and status = 'QUEUED' and idx > ? order by idx limit ?`,
      ),
      setUsage: s.prepare(`update batches set blocked_ms = ?, busy_ms = ?, measured_run_ms = ?, measured_jobs = ? where id = ?`),
    };
  }

  insertBatch(batch: NewBatch, inputs: readonly unknown[]): BatchRecord {
    this.flush();
    const id = this.#sqlite.transaction(() => {
      const { lastInsertRowid } = this.#stmt.insertBatch.run(
        batch.team, batch.name, batch.task, batch.tag, inputs.length, inputs.length, JSON.stringify(batch.route), batch.route.rule,
        batch.timeoutMs, batch.maxAttempts, batch.backoffMs, batch.background ? 1 : 0, batch.autoReroute ? 1 : 0, batch.createdAt,
        batch.comparisonId === undefined ? null : Number(batch.comparisonId),
      );
      for (let i = 0; i < inputs.length; i++) this.#stmt.insertJob.run(lastInsertRowid, i, JSON.stringify(inputs[i]), batch.createdAt);
      return lastInsertRowid;
    })();
    return this.getBatch(String(id))!;
  }

  startJob(change: StartJob): void {
    const slot = this.#pending.length;
    this.#pendingStarts.set(change.jobId, { op: change, slot });
    this.#enqueue(() => {
      const { changes } = this.#stmt.start.run(change.attempt, change.executor, change.startedAt, change.jobId);
      this.#guard(changes, 'start', change.jobId, change.batchId, 'queued', 'running');
    });
  }

  finishJob(change: FinishJob): void {
    const result = change.result === undefined ? null : JSON.stringify(change.result);
    const e = change.error ?? null;
    const pendingStart = this.#pendingStarts.get(change.jobId);
    if (pendingStart) {
      // Started and finished within one tick: one write instead of two (QUEUED → terminal directly).
      this.#pendingStarts.delete(change.jobId);
      const start = pendingStart.op;
      this.#pending[pendingStart.slot] = () => {
        const { changes } = this.#stmt.finishFromQueued.run(
          change.status, start.attempt, start.executor, start.startedAt, result, e?.code ?? null, e?.message ?? null, e?.stack ?? null,
          change.finishedAt, change.jobId,
        );
        this.#guard(changes, 'start+finish', change.jobId, change.batchId, 'queued', COUNT_KEY[change.status]);
      };
      return;
    }
    this.#enqueue(() => {
      const { changes } = this.#stmt.finishFromRunning.run(
        change.status, result, e?.code ?? null, e?.message ?? null, e?.stack ?? null, change.finishedAt, change.jobId,
      );
      this.#guard(changes, 'finish', change.jobId, change.batchId, 'running', COUNT_KEY[change.status]);
    });
  }

  requeueJob(change: RequeueJob): void {
    this.#pendingStarts.delete(change.jobId); // the start must be written first: the guard below expects RUNNING
    this.#enqueue(() => {
      const { changes } = this.#stmt.requeue.run(change.finishedAt, change.jobId);
      if (!this.#guard(changes, 'requeue', change.jobId, change.batchId, 'running', 'queued')) return;
      this.#stmt.insertAttempt.run(
        change.jobId, change.attempt, change.status, change.executor, change.queuedAt, change.startedAt, change.finishedAt,
        change.error.code, change.error.message,
      );
    });
  }

  startBatch(batchId: string, at: number): void {
    this.#enqueue(() => void this.#stmt.startBatch.run(at, batchId));
  }

  finishBatch(batchId: string, status: BatchStatus, at: number): void {
    this.#enqueue(() => {
      this.#applyDeltas(); // counts first, so a finished batch never shows stale counts
      const { changes } = this.#stmt.finishBatch.run(status, at, batchId);
      if (changes !== 1) this.#log.warn({ batchId, status }, 'batch was already finished');
    });
  }

  addUsage(batchId: string, totals: { blockedMs: number; busyMs: number; runMs: number; jobs: number }): void {
    // Totals, not deltas: the values at flush time win, so one statement per batch per tick at most. The caller's
    // live totals object is kept as it is (no copy per job).
    if (this.#usage.has(batchId)) return;
    this.#usage.set(batchId, totals);
    this.#enqueue(() => {
      const t = this.#usage.get(batchId)!;
      this.#usage.delete(batchId);
      this.#stmt.setUsage.run(t.blockedMs, t.busyMs, t.runMs, t.jobs, batchId);
    });
  }

  updateRoute(batchId: string, route: Route): void {
    this.flush();
    this.#sqlite.prepare(`update batches set route = ?, rule = ? where id = ?`).run(JSON.stringify(route), route.rule, batchId);
  }

  afterCommit(callback: () => void): void {
    this.#afterCommit.push(callback);
    this.#scheduleFlush();
  }

  flush(): void {
    if (this.#pending.length === 0 && this.#afterCommit.length === 0) return;
    const ops = this.#pending;
    const callbacks = this.#afterCommit;
    this.#pending = [];
    this.#afterCommit = [];
    this.#pendingStarts.clear();
    if (ops.length > 0) {
      this.#sqlite.transaction(() => {
        for (const op of ops) op();
        this.#applyDeltas();
      })();
    }
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error: unknown) {
        this.#log.error({ err: error }, 'afterCommit callback failed');
      }
    }
  }

  cancelBatch(batchId: string, at: number): number {
    this.flush();
    return this.#sqlite.transaction(() => {
      this.#sqlite.prepare(`update batches set cancel_requested = 1 where id = ?`).run(batchId);
      const { changes } = this.#sqlite
        .prepare(`update jobs set status = 'CANCELLED', finished_at = ? where batch_id = ? and status = 'QUEUED'`)
        .run(at, batchId);
      this.#stmt.addCounts.run(-changes, 0, 0, 0, changes, 0, batchId);
      return changes;
    })();
  }

  cancelQueuedJob(jobId: string, at: number): boolean {
    this.flush();
    return this.#sqlite.transaction(() => {
      const row = this.#sqlite
        .prepare(`update jobs set status = 'CANCELLED', finished_at = ? where id = ? and status = 'QUEUED' returning batch_id`)
        .get(at, jobId) as { batch_id: number } | undefined;
      if (!row) return false;
      this.#stmt.addCounts.run(-1, 0, 0, 0, 1, 0, row.batch_id);
      return true;
    })();
  }

  retryFailed(batchId: string, at: number): number {
    this.flush();
    return this.#sqlite.transaction(() => {
      const retryable = `batch_id = ? and status in ('FAILED', 'TIMED_OUT', 'CANCELLED')`;
      // Keep the attempt that ended each job before resetting it.
      this.#sqlite
        .prepare(
          `insert into job_attempts (job_id, attempt, status, executor, queued_at, started_at, finished_at, error_code, error_message)
           select id, attempts, status, executor, queued_at, started_at, finished_at, error_code, error_message from jobs where ${retryable}`,
        )
        .run(batchId);
      const { changes } = this.#sqlite
        .prepare(
          `update jobs set status = 'QUEUED', result = null, error_code = null, error_message = null, error_stack = null,
           started_at = null, finished_at = null, queued_at = ? where ${retryable}`,
        )
        .run(at, batchId);
      if (changes > 0) {
        this.#sqlite
          .prepare(
            `update batches set queued = queued + failed + timed_out + cancelled, failed = 0, timed_out = 0, cancelled = 0,
             status = 'QUEUED', finished_at = null, cancel_requested = 0 where id = ?`,
          )
          .run(batchId);
      }
      return changes;
    })();
  }

  recoverInterrupted(at: number): number {
    this.flush();
    return this.#sqlite.transaction(() => {
      this.#sqlite
        .prepare(
          `insert into job_attempts (job_id, attempt, status, executor, queued_at, started_at, finished_at, error_code, error_message)
           select id, attempts, 'FAILED', executor, queued_at, started_at, ?, 'INTERRUPTED', 'The server stopped while this attempt ran; the job was queued again'
           from jobs where status = 'RUNNING'`,
        )
        .run(at);
      const { changes } = this.#sqlite
        .prepare(`update jobs set status = 'QUEUED', queued_at = ?, started_at = null where status = 'RUNNING'`)
        .run(at);
      // Recount unfinished batches from their jobs: the counts are then exact whatever the crash interrupted.
      this.#sqlite
        .prepare(
          `update batches set
             queued = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'QUEUED'),
             running = 0,
             succeeded = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'SUCCEEDED'),
             failed = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'FAILED'),
             cancelled = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'CANCELLED'),
             timed_out = (select count(*) from jobs j where j.batch_id = batches.id and j.status = 'TIMED_OUT')
           where status in ('QUEUED', 'RUNNING')`,
        )
        .run();
      return changes;
    })();
  }

  getBatch(id: string): BatchRecord | null {
    this.flush();
    const row = this.#getBatch.get({ id: Number(id) });
    return row ? batchFromRow(row) : null;
  }

  listBatches(filter: BatchFilter, first: number, afterId?: string): Page<BatchRecord> {
    this.flush();
    const b = schema.batches;
    const conditions: SQL[] = [];
    if (filter.team) conditions.push(eq(b.team, filter.team));
    if (filter.status) conditions.push(eq(b.status, filter.status));
    if (filter.task) conditions.push(eq(b.task, filter.task));
    if (filter.tag) conditions.push(eq(b.tag, filter.tag));
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      const bySearch = [like(b.name, pattern), like(b.task, pattern)];
      if (/^\d+$/.test(filter.search)) bySearch.push(eq(b.id, Number(filter.search)));
      conditions.push(or(...bySearch)!);
    }
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const totalCount = this.#db.select({ n: count() }).from(b).where(where).get()?.n ?? 0;
    const pageWhere = afterId ? and(where, lt(b.id, Number(afterId))) : where;
    const rows = this.#db.select().from(b).where(pageWhere).orderBy(desc(b.id)).limit(first + 1).all();
    return { items: rows.slice(0, first).map(batchFromRow), hasNextPage: rows.length > first, totalCount };
  }

  activeBatches(): BatchRecord[] {
    this.flush();
    const b = schema.batches;
    return this.#db.select().from(b).where(inArray(b.status, ['QUEUED', 'RUNNING'])).orderBy(b.id).all().map(batchFromRow);
  }

  getJob(id: string): JobRecord | null {
    this.flush();
    const row = this.#db.select().from(schema.jobs).where(eq(schema.jobs.id, Number(id))).get();
    return row ? jobFromRow(row) : null;
  }

  listJobs(batchId: string, status: JobStatus | undefined, first: number, afterIndex = -1): Page<JobRecord> {
    const batch = this.getBatch(batchId);
    if (!batch) return { items: [], hasNextPage: false, totalCount: 0 };
    const j = schema.jobs;
    const rows = this.#db
      .select()
      .from(j)
      .where(and(eq(j.batchId, Number(batchId)), status ? eq(j.status, status) : undefined, afterIndex >= 0 ? gt(j.idx, afterIndex) : undefined))
      .orderBy(j.idx)
      .limit(first + 1)
      .all();
    const totalCount = status ? batch.counts[COUNT_KEY[status]] : batch.total;
    return { items: rows.slice(0, first).map(jobFromRow), hasNextPage: rows.length > first, totalCount };
  }

  jobAttempts(jobId: string): JobAttemptRecord[] {
    this.flush();
    const a = schema.jobAttempts;
    return this.#db
      .select()
      .from(a)
      .where(eq(a.jobId, Number(jobId)))
      .orderBy(a.id)
      .all()
      .map((r) => ({
        attempt: r.attempt,
        status: r.status as JobStatus,
        executor: (r.executor ?? 'ASYNC') as ExecutorKind,
        queuedAt: toDate(r.queuedAt),
        startedAt: toDate(r.startedAt),
        finishedAt: toDate(r.finishedAt),
        error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '' } : null,
      }));
  }

  nextQueuedJobs(batchId: string, afterIndex: number, limit: number): ReadyJob[] {
    this.flush();
    const rows = this.#stmt.nextQueued.all(batchId, afterIndex, limit) as Array<{
      id: number; batch_id: number; idx: number; input: string; attempts: number; queued_at: number;
    }>;
    return rows.map((r) => ({
      id: String(r.id), batchId: String(r.batch_id), index: r.idx, input: JSON.parse(r.input), attempts: r.attempts, queuedAt: r.queued_at,
    }));
  }

  failureGroups(batchId: string, limit: number): FailureGroup[] {
    this.flush();
    const rows = this.#sqlite
      .prepare(
        `select coalesce(error_code, 'UNKNOWN') as code, coalesce(error_message, '') as message, count(*) as n, min(id) as sample
         from jobs where batch_id = ? and status in ('FAILED', 'TIMED_OUT') group by 1, 2 order by n desc limit ?`,
      )
      .all(batchId, limit) as Array<{ code: string; message: string; n: number; sample: number }>;
    return rows.map((r) => ({ code: r.code, message: r.message, count: r.n, sampleJobId: String(r.sample) }));
  }

  batchesByRule(): Map<string, number> {
    this.flush();
    const rows = this.#sqlite.prepare(`select rule, count(*) as n from batches group by rule`).all() as Array<{ rule: string; n: number }>;
    return new Map(rows.map((r) => [r.rule, r.n]));
  }

  totals(): Counts {
    this.flush();
    const row = this.#sqlite
      .prepare(
        `select coalesce(sum(queued),0) queued, coalesce(sum(running),0) running, coalesce(sum(succeeded),0) succeeded,
         coalesce(sum(failed),0) failed, coalesce(sum(cancelled),0) cancelled, coalesce(sum(timed_out),0) timedOut from batches`,
      )
      .get() as Counts;
    return { ...row };
  }

  insertComparison(c: NewComparison): ComparisonRecord {
    const row = this.#db
      .insert(schema.comparisons)
      .values({
        team: c.team, name: c.name, task: c.task, tag: c.tag, total: c.total, status: 'RUNNING',
        strategies: JSON.stringify(c.strategies), createdAt: c.createdAt,
      })
      .returning()
      .get();
    return comparisonFromRow(row);
  }

  updateComparison(id: string, patch: ComparisonPatch): void {
    const values: Partial<typeof schema.comparisons.$inferInsert> = {};
    if (patch.status) values.status = patch.status;
    if (patch.runs) values.runs = JSON.stringify(patch.runs);
    if (patch.verdict !== undefined) values.verdict = patch.verdict;
    if (patch.error !== undefined) values.error = patch.error;
    if (patch.finishedAt !== undefined) values.finishedAt = patch.finishedAt;
    this.#db.update(schema.comparisons).set(values).where(eq(schema.comparisons.id, Number(id))).run();
  }

  getComparison(id: string): ComparisonRecord | null {
    const row = this.#db.select().from(schema.comparisons).where(eq(schema.comparisons.id, Number(id))).get();
    return row ? comparisonFromRow(row) : null;
  }

  listComparisons(team: string, first: number, afterId?: string): Page<ComparisonRecord> {
    const c = schema.comparisons;
    const where = eq(c.team, team);
    const totalCount = this.#db.select({ n: count() }).from(c).where(where).get()?.n ?? 0;
    const rows = this.#db.select().from(c).where(afterId ? and(where, lt(c.id, Number(afterId))) : where).orderBy(desc(c.id)).limit(first + 1).all();
    return { items: rows.slice(0, first).map(comparisonFromRow), hasNextPage: rows.length > first, totalCount };
  }

  failInterruptedComparisons(at: number): number {
    return this.#sqlite
      .prepare(`update comparisons set status = 'FAILED', error = 'The server stopped during this comparison', finished_at = ? where status = 'RUNNING'`)
      .run(at).changes;
  }

  jobSpans(batchId: string, limit: number): JobSpan[] {
    this.flush();
    const rows = this.#sqlite
      .prepare(`select idx, status, started_at, finished_at from jobs where batch_id = ? and started_at is not null and finished_at is not null order by idx limit ?`)
      .all(batchId, limit) as Array<{ idx: number; status: string; started_at: number; finished_at: number }>;
    return rows.map((r) => ({ index: r.idx, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at }));
  }

  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    this.#sqlite.close();
  }

  #enqueue(op: PendingOp): void {
    if (this.#closed) throw new Error('Store is closed');
    this.#pending.push(op);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // setImmediate: everything that changed during this turn of the event loop is written in one transaction.
    setImmediate(() => {
      this.#flushScheduled = false;
      if (this.#closed) return;
      try {
        this.flush();
      } catch (error: unknown) {
        this.#log.error({ err: error }, 'group commit failed');
      }
    });
  }

  /**
   * Checks a guarded write's row count; only when it changed the row does the job move from one count to the
   * other (every transition moves exactly one job between two states).
   */
  #guard(changes: number, what: string, jobId: string, batchId: string, from: keyof Counts, to: keyof Counts): boolean {
    if (changes !== 1) {
      this.#log.warn({ jobId, batchId, what }, 'job was not in the expected state; transition skipped');
      return false;
    }
    let counts = this.#deltas.get(batchId);
    if (!counts) this.#deltas.set(batchId, (counts = emptyCounts()));
    counts[from]--;
    counts[to]++;
    return true;
  }

  #applyDeltas(): void {
    for (const [batchId, d] of this.#deltas) this.#stmt.addCounts.run(d.queued, d.running, d.succeeded, d.failed, d.cancelled, d.timedOut, batchId);
    this.#deltas.clear();
  }
}

function toDate(ms: number | null | undefined): Date | null {
  return ms === null || ms === undefined ? null : new Date(ms);
}

function batchFromRow(r: BatchRow): BatchRecord {
  return {
    id: String(r.id),
    team: r.team,
    name: r.name,
    task: r.task,
    tag: r.tag as JobTag,
    status: r.status as BatchStatus,
    total: r.total,
    counts: { queued: r.queued, running: r.running, succeeded: r.succeeded, failed: r.failed, cancelled: r.cancelled, timedOut: r.timedOut },
    route: JSON.parse(r.route) as Route,
    autoReroute: r.autoReroute,
    cancelRequested: r.cancelRequested,
    usage: { blockedMs: r.blockedMs, busyMs: r.busyMs, runMs: r.measuredRunMs, jobs: r.measuredJobs },
    timeoutMs: r.timeoutMs,
    maxAttempts: r.maxAttempts,
    backoffMs: r.backoffMs,
    background: r.background,
    createdAt: new Date(r.createdAt),
    startedAt: toDate(r.startedAt),
    finishedAt: toDate(r.finishedAt),
    comparisonId: r.comparisonId === null ? null : String(r.comparisonId),
  };
}

function comparisonFromRow(r: typeof schema.comparisons.$inferSelect): ComparisonRecord {
  return {
    id: String(r.id),
    team: r.team,
    name: r.name,
    task: r.task,
    tag: r.tag as JobTag,
    total: r.total,
    status: r.status as ComparisonStatus,
    strategies: JSON.parse(r.strategies),
    runs: JSON.parse(r.runs) as ComparisonRun[],
    verdict: r.verdict,
    error: r.error,
    createdAt: new Date(r.createdAt),
    finishedAt: toDate(r.finishedAt),
  };
}

function jobFromRow(r: JobRow): JobRecord {
  return {
    id: String(r.id),
    batchId: String(r.batchId),
    index: r.idx,
    status: r.status as JobStatus,
    input: JSON.parse(r.input),
    result: r.result === null ? null : JSON.parse(r.result),
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '', stack: r.errorStack ?? undefined } : null,
    attempts: r.attempts,
    executor: r.executor as ExecutorKind | null,
    queuedAt: new Date(r.queuedAt),
    startedAt: toDate(r.startedAt),
    finishedAt: toDate(r.finishedAt),
  };
}
