import type Database from 'better-sqlite3';
import type { FailedJob, FailedJobsFilter, FailureGroup, Page } from '../store.ts';
import type { GroupCommit } from './group-commit.ts';
import { failureGroupColumns, failureGroupFromRow, jobFromRow, type FailureGroupRow, type JobRow } from './rows.ts';

/**
 * Reads of failed jobs across a team's batches (the Failures page and its bulk actions). Every statement carries the
 * term `j.status in ('FAILED', 'TIMED_OUT')` exactly as the partial index `jobs_failed` declares it, and names that
 * index, so SQLite reads failed jobs only, by finish time, instead of every job (a statement that could not use it
 * fails to prepare, so this is checked at start). Optional filters are `(@x is null or …)`:
 * one statement each, prepared once.
 */
const FAILED_WHERE = `j.status in ('FAILED', 'TIMED_OUT') and j.finished_at >= @since and j.finished_at < @until
  and b.team = @team and (@task is null or b.task = @task) and (@code is null or coalesce(j.error_code, 'TASK_FAILED') = @code)
  and (@batchId is null or j.batch_id = @batchId)`;

interface FilterParams {
  team: string;
  task: string | null;
  code: string | null;
  batchId: number | null;
  since: number;
  until: number;
}

/** Cursor of the listing: the failure's finish time and the job's id (newest first). */
function cursorOf(row: { finishedAt: number | null; id: number }): string {
  return `${row.finishedAt ?? 0}:${row.id}`;
}

function parseCursor(cursor: string | undefined): { finishedAt: number; id: number } {
  const match = cursor ? /^(\d+):(\d+)$/.exec(cursor) : null;
  return match ? { finishedAt: Number(match[1]), id: Number(match[2]) } : { finishedAt: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
}

export class FailureQueries {
  readonly #group: GroupCommit;
  readonly #page: Database.Statement<[FilterParams & { afterFinished: number; afterId: number; limit: number }], JobRow & { task: string }>;
  readonly #count: Database.Statement<[FilterParams], { n: number }>;
  readonly #groups: Database.Statement<[FilterParams & { limit: number }], FailureGroupRow>;
  readonly #refs: Database.Statement<[FilterParams & { limit: number }], { id: number; batch_id: number }>;
  readonly #unfinished: Database.Statement<[FilterParams], { batch_id: number }>;

  constructor(sqlite: Database.Database, group: GroupCommit) {
    this.#group = group;
    // The row as drizzle names it (camelCase), so jobFromRow reads it.
    const jobColumns = `j.id, j.batch_id as batchId, j.idx, j.status, j.input, j.result, j.error_code as errorCode, j.error_message as errorMessage,
      j.error_stack as errorStack, j.attempts, j.attempt_base as attemptBase, j.error_fingerprint as errorFingerprint, j.logs_dropped as logsDropped,
      j.executor, j.queued_at as queuedAt, j.started_at as startedAt, j.finished_at as finishedAt, j.finish_seq as finishSeq, b.task`;
    // INDEXED BY: without statistics the planner would rather walk every job of the team's batches.
    const from = `from jobs j indexed by jobs_failed join batches b on b.id = j.batch_id`;
    this.#page = sqlite.prepare(
      `select ${jobColumns} ${from} where ${FAILED_WHERE}
         and (j.finished_at < @afterFinished or (j.finished_at = @afterFinished and j.id < @afterId))
       order by j.finished_at desc, j.id desc limit @limit`,
    );
    this.#count = sqlite.prepare(`select count(*) as n ${from} where ${FAILED_WHERE}`);
    this.#groups = sqlite.prepare(
      `select ${failureGroupColumns('j')} ${from}
       where ${FAILED_WHERE} group by 1, 2 order by n desc limit @limit`,
    );
    this.#refs = sqlite.prepare(`select j.id, j.batch_id ${from} where ${FAILED_WHERE} order by j.finished_at desc limit @limit`);
    this.#unfinished = sqlite.prepare(`select distinct j.batch_id ${from} where ${FAILED_WHERE} and b.status in ('QUEUED', 'RUNNING')`);
  }

  failedJobs(filter: FailedJobsFilter, first: number, after?: string): Page<FailedJob> {
    this.#group.flush();
    const params = toParams(filter);
    const cursor = parseCursor(after);
    const rows = this.#page.all({ ...params, afterFinished: cursor.finishedAt, afterId: cursor.id, limit: first + 1 });
    const items = rows.slice(0, first).map((r) => ({ job: jobFromRow(r), task: r.task, cursor: cursorOf(r) }));
    return { items, hasNextPage: rows.length > first, totalCount: this.#count.get(params)?.n ?? 0 };
  }

  groups(filter: FailedJobsFilter, limit: number): FailureGroup[] {
    this.#group.flush();
    return this.#groups.all({ ...toParams(filter), limit }).map(failureGroupFromRow);
  }

  refs(filter: FailedJobsFilter, limit: number): Array<{ id: string; batchId: string }> {
    this.#group.flush();
    return this.#refs.all({ ...toParams(filter), limit }).map((r) => ({ id: String(r.id), batchId: String(r.batch_id) }));
  }

  unfinishedBatches(filter: FailedJobsFilter): string[] {
    this.#group.flush();
    return this.#unfinished.all(toParams(filter)).map((r) => String(r.batch_id));
  }
}

function toParams(filter: FailedJobsFilter): FilterParams {
  return {
    team: filter.team,
    task: filter.task ?? null,
    code: filter.code ?? null,
    batchId: filter.batchId === undefined ? null : Number(filter.batchId),
    since: filter.since ?? 0,
    until: filter.until ?? Number.MAX_SAFE_INTEGER,
  };
}
