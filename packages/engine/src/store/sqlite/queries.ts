import type Database from 'better-sqlite3';
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  COUNT_KEY,
  type BatchRecord,
  type Counts,
  type ExecutorKind,
  type JobAttemptRecord,
  type JobRecord,
  type JobSpan,
  type JobStatus,
} from '../../types.ts';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as schema from '../schema.ts';
import { SEARCH_JOBS_LIMIT, type BatchFilter, type FailureGroup, type FinishedJob, type Page, type ReadyJob, type RunningJob } from '../store.ts';
import type { Db } from './database.ts';
import type { GroupCommit } from './group-commit.ts';
import {
  attemptFromRow,
  batchFromRow,
  failureGroupColumns,
  failureGroupFromRow,
  jobFromRow,
  plainReads,
  READY_JOB_COLUMNS,
  readyJobFromRow,
  type FailureGroupRow,
  type ReadyJobRow,
} from './rows.ts';

const p = sql.placeholder;
const b = schema.batches;
const j = schema.jobs;

/** `like` with `\` as the escape character, so a search for `50%` matches the text `50%` only. */
function likeEscaped(column: AnySQLiteColumn, placeholder: string): SQL {
  return sql`${column} like ${p(placeholder)} escape '\\'`;
}

/** Which optional filters a batch listing has: each combination is one statement, prepared on first use. */
function filterShape(filter: BatchFilter): string {
  const present = (['team', 'status', 'task', 'tag', 'search', 'searchJobs'] as const).map((k) => (filter[k] ? '1' : '0')).join('');
  return `${present}:${filter.comparisonRuns ?? 'include'}`;
}

/**
 * Reads. Each (but the page of queued jobs) first commits the pending group: a read sees every transition made
 * before it. A read of jobs also writes a chunk's held-back starts (`flush`); a read of batches does not (`commit`):
 * their counts may show a chunk's jobs QUEUED for the second their starts are held (job-transitions.ts). Each runs a
 * statement prepared once: fixed ones in the constructor, batch listings once per combination of filters.
 */
export class Queries {
  readonly #group: GroupCommit;
  readonly #db: Db;
  readonly #listings = new Map<string, { page: ReturnType<Queries['listingPage']>; total: ReturnType<Queries['listingTotal']> }>();
  readonly #getBatch;
  readonly #activeBatches;
  readonly #getJob;
  readonly #listJobs;
  readonly #jobAttempts;
  readonly #finishedJobs;
  readonly #nextQueued: Database.Statement<[string, number, number], ReadyJobRow>;
  readonly #failureGroups: Database.Statement<[string, number], FailureGroupRow>;
  readonly #batchesByRule: Database.Statement<[string | null, string | null], { rule: string; n: number }>;
  readonly #totals: Database.Statement<[string | null, string | null], Counts>;
  readonly #runningJobs: Database.Statement<[string], { id: number; batch_id: number; attempts: number }>;
  readonly #jobSpans: Database.Statement<[string, number], { idx: number; status: JobStatus; started_at: number; finished_at: number }>;

  constructor(sqlite: Database.Database, db: Db, group: GroupCommit) {
    this.#group = group;
    this.#db = db;
    this.#getBatch = plainReads(sqlite, b).one<[number]>('where id = ?');
    this.#activeBatches = db
      .select()
      .from(b)
      .where(inArray(b.status, ['QUEUED', 'RUNNING']))
      .orderBy(asc(b.id))
      .prepare();
    // Job rows on every job and result page and the finished-jobs stream: plain statements (see plainRowsOf).
    const jobReads = plainReads(sqlite, j);
    this.#getJob = jobReads.one<[number]>('where id = ?');
    // (batch, idx) is the only index on jobs; the status filter is checked in that scan.
    this.#listJobs = jobReads.many<[number, number, string | null, string | null, number]>(
      'where batch_id = ? and idx > ? and (? is null or status = ?) order by idx limit ?',
    );
    this.#finishedJobs = jobReads.many<[number, number, number]>(
      'where batch_id = ? and finish_seq is not null and finish_seq > ? order by finish_seq limit ?',
    );
    const a = schema.jobAttempts;
    this.#jobAttempts = db
      .select()
      .from(a)
      .where(eq(a.jobId, p('jobId')))
      .orderBy(asc(a.id))
      .prepare();
    this.#nextQueued = sqlite
      .prepare(`select ${READY_JOB_COLUMNS} from jobs where batch_id = ? and status = 'QUEUED' and idx > ? order by idx limit ?`)
      .raw(true) as Database.Statement<[string, number, number], ReadyJobRow>;
    // Grouped by code and fingerprint (jobs failed before fingerprints existed group by their message).
    this.#failureGroups = sqlite.prepare(
      `select ${failureGroupColumns()} from jobs where batch_id = ? and status in ('FAILED', 'TIMED_OUT') group by 1, 2 order by n desc limit ?`,
    );
    this.#batchesByRule = sqlite.prepare(`select rule, count(*) as n from batches where (? is null or team = ?) group by rule`);
    this.#totals = sqlite.prepare(
      `select coalesce(sum(queued),0) queued, coalesce(sum(running),0) running, coalesce(sum(succeeded),0) succeeded,
       coalesce(sum(failed),0) failed, coalesce(sum(cancelled),0) cancelled, coalesce(sum(timed_out),0) timedOut from batches
       where (? is null or team = ?)`,
    );
    // Through the unfinished batches (indexed by status), then each one's jobs: never a scan of every job.
    this.#runningJobs = sqlite.prepare(
      `select j.id, j.batch_id, j.attempts from batches b join jobs j on j.batch_id = b.id
       where b.status in ('QUEUED', 'RUNNING') and j.status = 'RUNNING' and j.executor = ?`,
    );
    this.#jobSpans = sqlite.prepare(
      `select idx, status, started_at, finished_at from jobs
       where batch_id = ? and started_at is not null and finished_at is not null order by idx limit ?`,
    );
  }

  getBatch(id: string): BatchRecord | null {
    this.#group.commit();
    const row = this.#getBatch(Number(id));
    return row ? batchFromRow(row) : null;
  }

  listBatches(filter: BatchFilter, first: number, afterId?: string): Page<BatchRecord> {
    this.#group.commit();
    const shape = filterShape(filter);
    let listing = this.#listings.get(shape);
    if (!listing) this.#listings.set(shape, (listing = { page: this.listingPage(filter), total: this.listingTotal(filter) }));
    const search = filter.search ?? null;
    const params = {
      team: filter.team ?? null,
      status: filter.status ?? null,
      task: filter.task ?? null,
      tag: filter.tag ?? null,
      pattern: search === null ? null : `%${search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`,
      // Only a search of digits can be an id; -1 matches none.
      searchId: search !== null && /^\d+$/.test(search) ? Number(search) : -1,
    };
    const totalCount = listing.total.get(params)?.n ?? 0;
    const rows = listing.page.all({ ...params, afterId: afterId ? Number(afterId) : Number.MAX_SAFE_INTEGER, limit: first + 1 });
    return { items: rows.slice(0, first).map(batchFromRow), hasNextPage: rows.length > first, totalCount };
  }

  runningJobs(executor: ExecutorKind): RunningJob[] {
    this.#group.flush();
    return this.#runningJobs.all(executor).map((r) => ({ jobId: String(r.id), batchId: String(r.batch_id), attempt: r.attempts }));
  }

  activeBatches(): BatchRecord[] {
    this.#group.commit();
    return this.#activeBatches.all().map(batchFromRow);
  }

  getJob(id: string): JobRecord | null {
    this.#group.flush();
    const row = this.#getJob(Number(id));
    return row ? jobFromRow(row) : null;
  }

  listJobs(batchId: string, status: JobStatus | undefined, first: number, afterIndex = -1): Page<JobRecord> {
    this.#group.flush(); // a read of jobs: held-back starts too (its getBatch alone would only commit)
    const batch = this.getBatch(batchId);
    if (!batch) return { items: [], hasNextPage: false, totalCount: 0 };
    const rows = this.#listJobs(Number(batchId), afterIndex, status ?? null, status ?? null, first + 1);
    const totalCount = status ? batch.counts[COUNT_KEY[status]] : batch.total;
    return { items: rows.slice(0, first).map(jobFromRow), hasNextPage: rows.length > first, totalCount };
  }

  jobAttempts(jobId: string): JobAttemptRecord[] {
    this.#group.flush();
    return this.#jobAttempts.all({ jobId: Number(jobId) }).map(attemptFromRow);
  }

  /** The batch's jobs that finished after `afterSeq`, in the order they finished. */
  finishedJobs(batchId: string, afterSeq: number, limit: number): FinishedJob[] {
    this.#group.flush();
    return this.#finishedJobs(Number(batchId), afterSeq, limit).map((r) => ({ seq: r.finishSeq!, job: jobFromRow(r) }));
  }

  nextQueuedJobs(batchId: string, afterIndex: number, limit: number): ReadyJob[] {
    // No flush first, unlike the other reads: what is pending concerns jobs read already (at or below the cursor);
    // a job queued again by a command was committed by it. A flush here would also write a chunk's held-back starts
    // each time a page is read (job-transitions.ts).
    // Rows as arrays (no object per row from SQLite), and the batch id as given: a page is read per 512 jobs started.
    const rows = this.#nextQueued.all(batchId, afterIndex, limit);
    const jobs: ReadyJob[] = new Array<ReadyJob>(rows.length);
    for (let i = 0; i < rows.length; i++) jobs[i] = readyJobFromRow(rows[i]!, batchId);
    return jobs;
  }

  failureGroups(batchId: string, limit: number): FailureGroup[] {
    this.#group.flush();
    return this.#failureGroups.all(batchId, limit).map(failureGroupFromRow);
  }

  batchesByRule(team?: string): Map<string, number> {
    this.#group.commit();
    return new Map(this.#batchesByRule.all(team ?? null, team ?? null).map((r) => [r.rule, r.n]));
  }

  totals(team?: string): Counts {
    this.#group.commit();
    return { ...this.#totals.get(team ?? null, team ?? null)! };
  }

  jobSpans(batchId: string, limit: number): JobSpan[] {
    this.#group.flush();
    return this.#jobSpans.all(batchId, limit).map((r) => ({ index: r.idx, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at }));
  }

  /** The conditions of a listing with these filters present, each value a placeholder. */
  private listingWhere(filter: BatchFilter): SQL | undefined {
    const conditions: SQL[] = [];
    if (filter.team) conditions.push(eq(b.team, p('team')));
    if (filter.status) conditions.push(eq(b.status, p('status')));
    if (filter.task) conditions.push(eq(b.task, p('task')));
    if (filter.tag) conditions.push(eq(b.tag, p('tag')));
    if (filter.search) {
      const inBatch = [likeEscaped(b.name, 'pattern'), likeEscaped(b.task, 'pattern'), eq(b.id, p('searchId'))];
      // Inside jobs: bounded to the first SEARCH_JOBS_LIMIT jobs of each batch, read through the (batch, idx) index.
      const inJobs = sql`exists (select 1 from ${j} where ${j.batchId} = ${b.id} and ${j.idx} < ${SEARCH_JOBS_LIMIT}
        and (${likeEscaped(j.input, 'pattern')} or ${likeEscaped(j.result, 'pattern')}))`;
      conditions.push(or(...inBatch, ...(filter.searchJobs ? [inJobs] : []))!);
    }
    if (filter.comparisonRuns === 'exclude') conditions.push(isNull(b.comparisonId));
    if (filter.comparisonRuns === 'only') conditions.push(isNotNull(b.comparisonId));
    return conditions.length > 0 ? and(...conditions) : undefined;
  }

  private listingPage(filter: BatchFilter) {
    return this.#db
      .select()
      .from(b)
      .where(and(this.listingWhere(filter), lt(b.id, p('afterId'))))
      .orderBy(desc(b.id))
      .limit(p('limit'))
      .prepare();
  }

  private listingTotal(filter: BatchFilter) {
    return this.#db.select({ n: count() }).from(b).where(this.listingWhere(filter)).prepare();
  }
}
