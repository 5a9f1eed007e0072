import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMALL_BATCH_JOBS, type NewBatch } from '../store.ts';
import { SqliteStore } from './sqlite-store.ts';

const base: NewBatch = {
  team: 'default',
  name: null,
  task: 'noop',
  tag: 'IO',
  route: {
    lane: 'io',
    executor: 'ASYNC',
    concurrency: 10,
    rule: 'io-moderate',
    reason: 'test',
    phases: [{ phase: 'run', executor: 'ASYNC', concurrency: 10 }],
  },
  timeoutMs: 1_000,
  maxAttempts: 1,
  backoffMs: 0,
  background: false,
  createdAt: 1_700_000_000_000,
};

// A submission answers with the record it built and runs the jobs its insert gave back: both must be what a read
// of the rows would have given, or a new column (or a changed default) would show up only after a restart.
describe('a batch as its insert gives it back', () => {
  let dir: string;
  let store: SqliteStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inserted-batch-'));
    store = new SqliteStore(join(dir, 'db.sqlite'), pino({ level: 'silent' }));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the record a read of its row gives, with defaults and with every option set', () => {
    const full: NewBatch = {
      ...base,
      team: 'ops',
      name: 'full',
      task: 'cpu.fib',
      tag: 'CPU',
      autoReroute: true,
      failFast: true,
      background: true,
      idempotencyKey: 'k-1',
      runAt: base.createdAt + 60_000,
      held: true,
      priority: 3,
      rateLimit: { jobs: 5, perMs: 1_000 },
    };
    for (const batch of [base, full]) {
      const inserted = store.insertBatch(batch, [{ a: 1 }, { b: [2, 3] }]);
      expect(inserted.created).toBe(true);
      expect(inserted.batch).toEqual(store.getBatch(inserted.batch.id));
    }
  });

  it('gives back a small batch’s jobs as the page of queued jobs reads them, and none for a larger one', () => {
    const items = Array.from({ length: SMALL_BATCH_JOBS }, (_, i) => ({ i, text: `item ${i}`, nested: { ok: i % 2 === 0 } }));
    const small = store.insertBatch(base, items);
    expect(small.jobs).toEqual(store.nextQueuedJobs(small.batch.id, -1, 1_000));
    expect(small.jobs!.map((j) => j.input)).toEqual(items);

    const large = store.insertBatch(base, [...items, { i: SMALL_BATCH_JOBS }]);
    expect(large.jobs).toBeUndefined();
    expect(store.nextQueuedJobs(large.batch.id, -1, 1_000)).toHaveLength(SMALL_BATCH_JOBS + 1);
  });

  it('reads back the earlier batch when an idempotency key replays it, with no jobs to run', () => {
    const first = store.insertBatch({ ...base, idempotencyKey: 'same' }, [{}]);
    const replay = store.insertBatch({ ...base, idempotencyKey: 'same', createdAt: base.createdAt + 1 }, [{}]);
    expect(replay.created).toBe(false);
    expect(replay.batch).toEqual(first.batch);
    expect(replay.jobs).toBeUndefined();
  });
});
