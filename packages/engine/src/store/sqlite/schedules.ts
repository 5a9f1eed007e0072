import type Database from 'better-sqlite3';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { BatchRecord, ScheduleRecord } from '../../types.ts';
import * as schema from '../schema.ts';
import type { NewBatch, NewSchedule, Page, ScheduleRunClaim } from '../store.ts';
import type { GroupCommit } from './group-commit.ts';
import type { Db } from './database.ts';
import { batchFromRow, toDate } from './rows.ts';

const b = schema.batches;

type ScheduleRow = {
  id: number;
  team: string;
  name: string;
  cron: string;
  timezone: string;
  batch: string;
  overlap: (typeof schema.schedules.$inferSelect)['overlap'];
  paused: number;
  due_after: number;
  last_run_at: number | null;
  skipped_runs: number;
  created_at: number;
};

function scheduleFromRow(r: ScheduleRow): ScheduleRecord {
  return {
    id: String(r.id),
    team: r.team,
    name: r.name,
    cron: r.cron,
    timezone: r.timezone,
    batch: JSON.parse(r.batch),
    overlap: r.overlap,
    paused: r.paused === 1,
    dueAfter: new Date(r.due_after),
    lastRunAt: toDate(r.last_run_at),
    skippedRuns: r.skipped_runs,
    createdAt: new Date(r.created_at),
  };
}

/**
 * The schedules' rows and their guarded transitions. The run cursor `due_after` has one writer per run: the claim,
 * `update … set due_after = :runAt where id = ? and due_after = :expected and paused = 0`, in the transaction that
 * inserts the run's batch. Two timers, two processes or a restart that read the same cursor cannot both claim it;
 * the unique (schedule_id, run_at) index on batches is the second guard.
 */
export class ScheduleRows {
  readonly #sqlite: Database.Database;
  readonly #group: GroupCommit;
  readonly #insertBatch: (batch: NewBatch, inputs: readonly unknown[]) => string;
  readonly #s;
  readonly #batches;

  constructor(sqlite: Database.Database, db: Db, group: GroupCommit, insertBatch: (batch: NewBatch, inputs: readonly unknown[]) => string) {
    this.#sqlite = sqlite;
    this.#group = group;
    this.#insertBatch = insertBatch;
    const s = (text: string) => sqlite.prepare(text);
    this.#s = {
      insert: s(
        `insert into schedules (team, name, cron, timezone, batch, overlap, paused, due_after, created_at)
         values (?, ?, ?, ?, ?, ?, 0, ?, ?) returning *`,
      ),
      get: s(`select * from schedules where id = ?`),
      list: s(`select * from schedules where team = ? and id < ? order by id desc limit ?`),
      count: s(`select count(*) as n from schedules where team = ?`),
      active: s(`select * from schedules where paused = 0 order by id`),
      claim: s(`update schedules set due_after = ?, last_run_at = ? where id = ? and due_after = ? and paused = 0`),
      skipped: s(`update schedules set skipped_runs = skipped_runs + 1 where id = ?`),
      unfinished: s(`select id from batches where schedule_id = ? and status in ('SCHEDULED', 'QUEUED', 'RUNNING') order by id`),
      pause: s(`update schedules set paused = 1 where id = ? and paused = 0`),
      resume: s(`update schedules set paused = 0, due_after = ? where id = ? and paused = 1`),
      unlink: s(`update batches set schedule_id = null where schedule_id = ?`),
      delete: s(`delete from schedules where id = ?`),
      countBatches: s(`select count(*) as n from batches where schedule_id = ?`),
    };
    // Through the (schedule_id, run_at) index, newest run first.
    this.#batches = db
      .select()
      .from(b)
      .where(and(eq(b.scheduleId, sql.placeholder('scheduleId')), lt(b.runAt, sql.placeholder('before'))))
      .orderBy(desc(b.runAt))
      .limit(sql.placeholder('limit'))
      .prepare();
  }

  insert(n: NewSchedule): ScheduleRecord {
    const row = this.#s.insert.get(n.team, n.name, n.cron, n.timezone, JSON.stringify(n.batch), n.overlap, n.createdAt, n.createdAt) as ScheduleRow;
    return scheduleFromRow(row);
  }

  get(id: string): ScheduleRecord | null {
    const row = this.#s.get.get(Number(id)) as ScheduleRow | undefined;
    return row ? scheduleFromRow(row) : null;
  }

  list(team: string, first: number, afterId?: string): Page<ScheduleRecord> {
    const { n } = this.#s.count.get(team) as { n: number };
    const rows = this.#s.list.all(team, afterId ? Number(afterId) : Number.MAX_SAFE_INTEGER, first + 1) as ScheduleRow[];
    return { items: rows.slice(0, first).map(scheduleFromRow), hasNextPage: rows.length > first, totalCount: n };
  }

  active(): ScheduleRecord[] {
    return (this.#s.active.all() as ScheduleRow[]).map(scheduleFromRow);
  }

  /** The claim (see the class comment); returns the new batch's id rather than its record. */
  claim(c: ScheduleRunClaim): { claimed: false } | { claimed: true; batchId: string | null; previous: string[] } {
    // Pending job transitions first, so the overlap check sees every batch's real status and the insert's own
    // flush inside this transaction has nothing to do.
    this.#group.flush();
    return this.#sqlite.transaction((): { claimed: false } | { claimed: true; batchId: string | null; previous: string[] } => {
      const id = Number(c.scheduleId);
      if (this.#s.claim.run(c.runAt, c.runAt, id, c.expectedDueAfter).changes !== 1) return { claimed: false };
      const previous = (this.#s.unfinished.all(id) as Array<{ id: number }>).map((r) => String(r.id));
      if (!c.batch || (c.overlap === 'SKIP' && previous.length > 0)) {
        this.#s.skipped.run(id);
        return { claimed: true, batchId: null, previous };
      }
      const batchId = this.#insertBatch({ ...c.batch.batch, runAt: c.runAt, scheduleId: c.scheduleId, held: false }, c.batch.inputs);
      return { claimed: true, batchId, previous };
    })();
  }

  pause(id: string): boolean {
    return this.#s.pause.run(Number(id)).changes === 1;
  }

  resume(id: string, at: number): boolean {
    return this.#s.resume.run(at, Number(id)).changes === 1;
  }

  delete(id: string): boolean {
    this.#group.flush();
    return this.#sqlite.transaction(() => {
      this.#s.unlink.run(Number(id));
      return this.#s.delete.run(Number(id)).changes === 1;
    })();
  }

  batches(scheduleId: string, first: number, afterRunAt?: number): Page<BatchRecord> {
    this.#group.flush();
    const { n } = this.#s.countBatches.get(Number(scheduleId)) as { n: number };
    const rows = this.#batches.all({ scheduleId: Number(scheduleId), before: afterRunAt ?? Number.MAX_SAFE_INTEGER, limit: first + 1 });
    return { items: rows.slice(0, first).map(batchFromRow), hasNextPage: rows.length > first, totalCount: n };
  }
}
