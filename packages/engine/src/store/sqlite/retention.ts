import type Database from 'better-sqlite3';
import type { PurgeStep, StorageInfo } from '../store.ts';
import type { GroupCommit } from './group-commit.ts';

/** The batch statuses that never change again on their own: the only batches retention may delete. */
const FINISHED = `('SUCCEEDED', 'FAILED', 'CANCELLED')`;

/**
 * The store's side of retention: finding expired batches, deleting one a bounded chunk at a time, and handing freed
 * pages back to the file system. Each call is one short transaction; the caller (retention/sweeper.ts) yields to the
 * event loop between calls, so a sweep of a million jobs is many small writes, never one long one.
 *
 * Invariant: every delete is guarded by the batch being finished, in the same statement, so a batch that is running
 * again (retried) when a chunk comes is left alone, whatever the caller believed.
 */
export class RetentionRows {
  readonly #sqlite: Database.Database;
  readonly #group: GroupCommit;
  readonly #s;

  constructor(sqlite: Database.Database, group: GroupCommit) {
    this.#sqlite = sqlite;
    this.#group = group;
    const s = (text: string) => sqlite.prepare(text);
    this.#s = {
      expired: s(`select id from batches where finished_at < ? and status in ${FINISHED} order by finished_at limit ?`).pluck(),
      isFinished: s(`select 1 from batches where id = ? and status in ${FINISHED}`).pluck(),
      // Attempts go with their jobs (ON DELETE CASCADE), found through job_attempts_job.
      deleteJobs: s(`delete from jobs where id in (select id from jobs where batch_id = ? order by idx limit ?)`),
      deleteBatch: s(`delete from batches where id = ? and status in ${FINISHED} and not exists (select 1 from jobs where batch_id = ?)`),
      expiredComparisons: s(`delete from comparisons where status <> 'RUNNING' and finished_at < ?`),
      oldest: s(`select created_at from batches order by id limit 1`).pluck(),
    };
  }

  /** Finished batches that ended before `finishedBefore`, oldest first. */
  expiredBatches(finishedBefore: number, limit: number): string[] {
    this.#group.flush();
    return (this.#s.expired.all(finishedBefore, limit) as number[]).map(String);
  }

  /**
   * One transaction: deletes up to `maxJobs` jobs of a finished batch (with their attempts), and the batch itself once
   * no job is left. `refused` when the batch is missing or not finished.
   */
  purgeStep(batchId: string, maxJobs: number): PurgeStep {
    // Anything queued for this batch (its last usage totals, its finish) is written first, then deleted with it.
    this.#group.flush();
    const id = Number(batchId);
    return this.#sqlite.transaction((): PurgeStep => {
      if (!this.#s.isFinished.get(id)) return 'refused';
      const jobs = this.#s.deleteJobs.run(id, maxJobs).changes;
      if (jobs === maxJobs) return 'more';
      return this.#s.deleteBatch.run(id, id).changes === 1 ? 'deleted' : 'refused';
    })();
  }

  /** Deletes the finished comparisons that ended before `finishedBefore` (their batches keep a null reference). */
  deleteExpiredComparisons(finishedBefore: number): number {
    return this.#s.expiredComparisons.run(finishedBefore).changes;
  }

  /** Returns up to `pages` free pages to the file system (incremental auto-vacuum); how many free pages remain. */
  reclaim(pages: number): number {
    this.#sqlite.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
    return this.#sqlite.pragma('freelist_count', { simple: true }) as number;
  }

  /** A PASSIVE checkpoint on this (the main) connection: for when the checkpoint thread could not take it. */
  checkpointHere(): void {
    this.#sqlite.pragma('wal_checkpoint(PASSIVE)');
  }

  storage(): StorageInfo {
    const pageSize = this.#sqlite.pragma('page_size', { simple: true }) as number;
    const pages = this.#sqlite.pragma('page_count', { simple: true }) as number;
    const free = this.#sqlite.pragma('freelist_count', { simple: true }) as number;
    const oldest = this.#s.oldest.get() as number | undefined;
    return { bytes: pages * pageSize, freeBytes: free * pageSize, oldestBatchAt: oldest === undefined ? null : new Date(oldest) };
  }
}
