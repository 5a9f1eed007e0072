import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../packages/engine/src/store/sqlite/sqlite-store.ts';
import type { NewBatch, ReadyJob } from '../../packages/engine/src/store/store.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';

// A chunk's starts are held back (StartJob.deferrable): these tests read the file through a second connection, which
// sees what is committed without making the store flush, and count the UPDATEs on jobs with a trigger.

const log = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const batch: NewBatch = {
  team: 'default',
  name: 'chunked',
  task: 'cpu.fib',
  tag: 'CPU',
  route: {
    lane: 'cpu',
    executor: 'THREADS',
    concurrency: 2,
    rule: 'data-batch',
    reason: 'test',
    phases: [{ phase: 'run', executor: 'THREADS', concurrency: 2, chunkSize: 3 }],
  },
  timeoutMs: 60_000,
  maxAttempts: 2,
  backoffMs: 0,
  background: false,
  createdAt: 1_000,
};

function storeWithObserver() {
  const dir = tempDir();
  const path = join(dir.path, 'deferred.db');
  const store = new SqliteStore(path, log);
  const observer = new Database(path);
  observer.exec(`create table job_updates (job_id integer not null);
    create trigger count_job_updates after update on jobs begin insert into job_updates values (new.id); end;`);
  cleanups.push(async () => {
    await store.close();
    observer.close();
    dir.remove();
  });
  const rows = () =>
    observer.prepare('select id, status, attempts, executor, started_at, finished_at from jobs order by idx').all() as Array<{
      id: number;
      status: string;
      attempts: number;
      executor: string | null;
      started_at: number | null;
      finished_at: number | null;
    }>;
  const updates = () => (observer.prepare('select count(*) n from job_updates').get() as { n: number }).n;
  const { batch: inserted } = store.insertBatch(batch, [{ n: 1 }, { n: 2 }, { n: 3 }]);
  const jobs = store.nextQueuedJobs(inserted.id, -1, 10);
  return { store, rows, updates, jobs, batchId: inserted.id };
}

/** Resolves once the group commit's scheduled commit (and everything queued before it) is done. */
const committed = (store: SqliteStore) => new Promise<void>((resolve) => store.afterCommit(resolve));

function start(store: SqliteStore, job: ReadyJob, startedAt: number): void {
  store.startJob({ jobId: job.id, batchId: job.batchId, attempt: 1, executor: 'THREADS', startedAt, deferrable: true });
}

describe('a chunk’s held-back starts', () => {
  it('writes a job that starts and ends across commits once: QUEUED → SUCCEEDED in one UPDATE', async () => {
    const { store, rows, updates, jobs, batchId } = storeWithObserver();
    const startedAt = Date.now();
    for (const job of jobs) start(store, job, startedAt);
    store.startBatch(batchId, startedAt);
    await committed(store);
    // Committed since (the batch's start), yet the jobs' starts are not written: a crash now leaves them QUEUED.
    expect(rows().map((r) => r.status)).toEqual(['QUEUED', 'QUEUED', 'QUEUED']);
    expect(updates()).toBe(0);

    for (const job of jobs) store.finishJob({ jobId: job.id, batchId, status: 'SUCCEEDED', result: 1, finishedAt: startedAt + 5 });
    await committed(store);
    expect(rows()).toEqual(
      jobs.map((job) => ({
        id: Number(job.id),
        status: 'SUCCEEDED',
        attempts: 1,
        executor: 'THREADS',
        started_at: startedAt,
        finished_at: startedAt + 5,
      })),
    );
    expect(updates()).toBe(3);
    expect(store.getBatch(batchId)!.counts).toMatchObject({ queued: 0, running: 0, succeeded: 3 });
  });

  it('writes them at a read of jobs or a command through the store, so a reader sees the jobs RUNNING', async () => {
    const { store, rows, updates, jobs, batchId } = storeWithObserver();
    const startedAt = Date.now();
    for (const job of jobs) start(store, job, startedAt);
    // A read of batches leaves them held: the counts say QUEUED until the jobs' end or a read of them.
    expect(store.getBatch(batchId)!.counts).toMatchObject({ queued: 3, running: 0 });
    expect(updates()).toBe(0);
    expect(store.listJobs(batchId, undefined, 10).items.map((j) => j.status)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    expect(store.getJob(jobs[0]!.id)!.status).toBe('RUNNING');
    expect(rows().map((r) => r.status)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    expect(store.getBatch(batchId)!.counts).toMatchObject({ queued: 0, running: 3 });

    for (const job of jobs) store.finishJob({ jobId: job.id, batchId, status: 'SUCCEEDED', result: 1, finishedAt: startedAt + 5 });
    await committed(store);
    expect(rows().map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(updates()).toBe(6); // each job's start, then its end
  });

  it('writes the start before an attempt that ends without ending the job, which keeps the attempt', async () => {
    const { store, rows, jobs, batchId } = storeWithObserver();
    const job = jobs[0]!;
    const startedAt = Date.now();
    start(store, job, startedAt);
    store.requeueJob({
      jobId: job.id,
      batchId,
      attempt: 1,
      executor: 'THREADS',
      status: 'FAILED',
      queuedAt: job.queuedAt,
      startedAt,
      finishedAt: startedAt + 5,
      error: { code: 'TASK_FAILED', message: 'boom' },
    });
    await committed(store);
    expect(rows()[0]).toMatchObject({ status: 'QUEUED', attempts: 1 });
    expect(store.jobAttempts(job.id).map((a) => ({ attempt: a.attempt, status: a.status }))).toEqual([{ attempt: 1, status: 'FAILED' }]);
  });

  it('writes the start of a job still running after DEFERRED_START_MS without any read', async () => {
    const { store, rows, jobs } = storeWithObserver();
    start(store, jobs[0]!, Date.now());
    await committed(store);
    expect(rows()[0]!.status).toBe('QUEUED');
    // Polled through the observer, which never makes the store flush: only the store's timer can write it.
    await waitFor(() => rows()[0]!.status === 'RUNNING', { timeoutMs: 10_000, what: 'the held-back start to be written' });
    expect(rows().map((r) => r.status)).toEqual(['RUNNING', 'QUEUED', 'QUEUED']);
  });
});
