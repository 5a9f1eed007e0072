import type Database from 'better-sqlite3';
import { MAX_LOG_BYTES, MAX_LOG_LINES, type LogLevel, type LogLine } from '../../triage/job-log.ts';
import type { JobLogs } from '../store.ts';
import type { GroupCommit } from './group-commit.ts';

/**
 * The jobs' own logs (table job_logs). An attempt's lines are written once, when the attempt ends, through the group
 * commit; then the job's log is trimmed to its last MAX_LOG_LINES lines and MAX_LOG_BYTES of messages, and every line
 * dropped on the way (in the attempt's buffer, or by the trim) is counted on the job. Jobs that never log write nothing.
 */
export class JobLogStore {
  readonly #group: GroupCommit;
  readonly #insert: Database.Statement;
  readonly #trim: Database.Statement;
  readonly #addDropped: Database.Statement;
  readonly #read: Database.Statement<[string], { at: number; level: LogLevel; message: string }>;

  constructor(sqlite: Database.Database, group: GroupCommit) {
    this.#group = group;
    this.#insert = sqlite.prepare(`insert into job_logs (job_id, attempt, at, level, message) values (?, ?, ?, ?, ?)`);
    this.#trim = sqlite.prepare(
      `delete from job_logs where id in (
         select id from (
           select id, row_number() over (order by id desc) as n, sum(length(message)) over (order by id desc) as bytes
           from job_logs where job_id = @jobId)
         where n > ${MAX_LOG_LINES} or bytes > ${MAX_LOG_BYTES})`,
    );
    this.#addDropped = sqlite.prepare(`update jobs set logs_dropped = logs_dropped + ? where id = ?`);
    this.#read = sqlite.prepare(`select at, level, message from job_logs where job_id = ? order by id`);
  }

  /** Keeps an attempt's lines (grouped); `dropped`: lines its buffer had already let go. */
  append(jobId: string, attempt: number, lines: readonly LogLine[], dropped: number): void {
    this.#group.enqueue(() => {
      for (const line of lines) this.#insert.run(jobId, attempt, line.at, line.level, line.message);
      const trimmed = this.#trim.run({ jobId }).changes;
      if (dropped + trimmed > 0) this.#addDropped.run(dropped + trimmed, jobId);
    });
  }

  read(jobId: string): JobLogs['lines'] {
    this.#group.flush();
    return this.#read.all(jobId);
  }
}
