import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parseRetention, type Engine } from '@switchyard/engine';
import { buildSchema } from '@switchyard/schema';
import { configFromEnv } from '../../apps/api/src/config.ts';
import { openDatabase } from '../../packages/engine/src/store/sqlite/database.ts';
import { engineForEachTest, submitOk, testEngine } from '../helpers/engine.ts';
import { tempDir } from '../helpers/temp.ts';
import { contextFor } from '../helpers/schema-context.ts';

const RETENTION_MS = 60_000;
/** The sweeper's own timer stays out of the way: each test sweeps when it means to, at a time it chooses. */
const retention = { retentionMs: RETENTION_MS, intervalMs: 3_600_000 };
/** One worker thread: these tests run no CPU work, and each engine starts faster. */
const threads = 1;
const later = () => Date.now() + RETENTION_MS + 1_000;

/** Noop jobs carrying `padBytes` of input each: what makes a batch weigh something on disk. */
function padded(count: number, padBytes: number) {
  return Array.from({ length: count }, (_, i) => ({ i, pad: `${i}:`.padEnd(padBytes, 'x') }));
}

async function finished(engine: Engine, input: Parameters<Engine['submitBatch']>[0]) {
  const batch = submitOk(engine, input);
  return engine.waitForBatch(batch.id);
}

/** What the database takes on disk: the file and its write-ahead log. */
const diskBytes = (dbPath: string) => statSync(dbPath).size + (existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0);

describe('retention', () => {
  const engineFor = engineForEachTest({ retention, threads });

  it('deletes finished batches once expired, with their jobs and attempts; running and recent batches are untouched', async () => {
    const { engine, dbPath, dispose } = await testEngine({ retention, threads });
    const rows = new Database(dbPath, { readonly: true });
    const count = (table: string) => rows.prepare(`select count(*) from ${table}`).pluck().get() as number;
    try {
      // test.flaky fails its first attempt, so the expired batch has attempt rows to lose as well.
      const old = await finished(engine, { task: 'test.flaky', items: [{ succeedOn: 2 }, { succeedOn: 2 }], maxAttempts: 2, backoffMs: 1 });
      expect(old.status).toBe('SUCCEEDED');
      const oldJob = engine.listJobs(old.id, undefined, 10).items[0]!;
      expect(count('job_attempts')).toBe(2);
      const running = submitOk(engine, { task: 'io.sleep', items: [{ ms: 60_000 }] });

      const swept = await engine.sweepRetention(later());

      expect(swept.batches).toBe(1);
      expect(engine.getBatch(old.id)).toBeNull();
      expect(engine.getJob(oldJob.id)).toBeNull();
      expect(count('job_attempts')).toBe(0);
      const untouched = engine.getBatch(running.id)!;
      expect(untouched.status).toBe('RUNNING');
      expect(untouched.counts.running).toBe(1);
      // Not expired yet: a sweep at the real time keeps the one that just finished.
      const recent = await finished(engine, { task: 'noop', items: [{}] });
      expect((await engine.sweepRetention()).batches).toBe(0);
      expect(engine.getBatch(recent.id)).not.toBeNull();
      engine.cancelBatch(running.id);
      expect((await engine.waitForBatch(running.id)).status).toBe('CANCELLED');
    } finally {
      rows.close();
      await dispose();
    }
  });

  it('gives the space back: after many submit, finish and expire cycles the file stays within a bound', async () => {
    const { engine, dbPath, dispose } = await testEngine({ retention, threads });
    try {
      const cycle = async () => {
        await finished(engine, { task: 'noop', items: padded(1_000, 2_000) });
        await engine.sweepRetention(later());
      };
      await cycle();
      const afterFirst = diskBytes(dbPath);
      const cycles = 8;
      for (let i = 1; i < cycles; i++) await cycle();
      const afterAll = diskBytes(dbPath);
      // Each cycle wrote ~2 MB of inputs, 16 MB in all. Without vacuum the file keeps the freed pages (and grows with
      // fragmentation); with it, they are handed back and the checkpoint cuts the file: it ends about where it began.
      expect(engine.storage().freeBytes).toBe(0);
      expect(engine.storage().bytes).toBeLessThan(512 * 1024);
      expect(statSync(dbPath).size).toBeLessThan(512 * 1024);
      expect(afterAll).toBeLessThanOrEqual(afterFirst * 1.25 + 64 * 1024);
      // The file and its WAL: the WAL is cut back to 16 MiB when it starts over (journal_size_limit), whatever ran.
      expect(afterAll).toBeLessThan(16 * 1024 * 1024 + 512 * 1024);
      expect(engine.storage().oldestBatchAt).toBeNull();
    } finally {
      await dispose();
    }
  });

  it('deletes a large batch in bounded steps, with turns of the event loop between them', async () => {
    const { engine, dbPath, dispose } = await testEngine({ retention: { ...retention, jobsPerStep: 200 }, threads });
    const rows = new Database(dbPath, { readonly: true });
    const jobsLeft = (batchId: string) => rows.prepare(`select count(*) from jobs where batch_id = ?`).pluck().get(Number(batchId)) as number;
    try {
      const big = await finished(engine, { task: 'noop', items: padded(1_000, 10) });
      const deleting = engine.deleteBatch(big.id);
      await nextTurn();
      // Between two steps: some jobs are gone, the batch row and the rest are still there.
      const midway = jobsLeft(big.id);
      expect(midway).toBeGreaterThan(0);
      expect(midway).toBeLessThan(1_000);
      expect(engine.getBatch(big.id)).not.toBeNull();
      expect(engine.retryFailed(big.id)).toBeNull(); // a batch being deleted is gone for its users
      expect(await deleting).toEqual({ ok: true, batchId: big.id });
      expect(engine.getBatch(big.id)).toBeNull();
      expect(jobsLeft(big.id)).toBe(0);
    } finally {
      rows.close();
      await dispose();
    }
  });

  it('deleteBatch refuses an unfinished batch and a missing one; over GraphQL another team sees NOT_FOUND', async () => {
    const engine = await engineFor();
    const running = submitOk(engine, { task: 'io.sleep', items: [{ ms: 60_000 }] });
    expect(await engine.deleteBatch(running.id)).toEqual({ ok: false, reason: 'NOT_FINISHED', status: expect.stringMatching(/QUEUED|RUNNING/) });
    expect(await engine.deleteBatch('999999')).toEqual({ ok: false, reason: 'NOT_FOUND' });
    expect(engine.getBatch(running.id)).not.toBeNull();

    const done = await finished(engine, { task: 'noop', items: [{}, {}] });
    const schema = buildSchema();
    const mutation = parse(
      `mutation($id: ID!) { deleteBatch(id: $id) { __typename ... on DeleteBatchSuccess { batchId } ... on BatchNotFinishedError { status message } } }`,
    );
    const apiId = contextFor(engine, 'default').ids.encode('batch', done.id);
    const as = (team: string, id: string) => execute({ schema, document: mutation, variableValues: { id }, contextValue: contextFor(engine, team) });

    const stranger = await as('other-team', apiId);
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(engine.getBatch(done.id)).not.toBeNull();
    const refused = await as('default', contextFor(engine, 'default').ids.encode('batch', running.id));
    expect(refused.data?.deleteBatch).toMatchObject({ __typename: 'BatchNotFinishedError', status: expect.stringMatching(/QUEUED|RUNNING/) });
    const ok = await as('default', apiId);
    expect(ok.data?.deleteBatch).toEqual({ __typename: 'DeleteBatchSuccess', batchId: apiId });
    expect(engine.getBatch(done.id)).toBeNull();

    engine.cancelBatch(running.id);
    await engine.waitForBatch(running.id);
  });

  it('turns incremental auto-vacuum on for a database created without it', async () => {
    const dir = tempDir();
    try {
      const dbPath = join(dir.path, 'old.db');
      const legacy = new Database(dbPath);
      legacy.exec(`create table leftover (x text); insert into leftover values ('kept')`);
      expect(legacy.pragma('auto_vacuum', { simple: true })).toBe(0);
      legacy.close();

      openDatabase(dbPath).sqlite.close();

      const reopened = new Database(dbPath, { readonly: true });
      expect(reopened.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(reopened.prepare('select x from leftover').pluck().get()).toBe('kept');
      reopened.close();
    } finally {
      dir.remove();
    }
  });

  it('reads SWITCHYARD_RETENTION strictly, naming the variable when it is wrong', () => {
    expect(parseRetention('30d')).toBe(30 * 86_400_000);
    expect(parseRetention('12h')).toBe(12 * 3_600_000);
    expect(parseRetention('10m')).toBe(600_000);
    expect(parseRetention('5s')).toBe(5_000);
    expect(parseRetention('0')).toBe(0);
    for (const bad of ['', '30', '1.5h', '2w', '-1d', '10 m', '30days']) expect(parseRetention(bad)).toBeNull();
    expect(configFromEnv({}).retentionMs).toBe(30 * 86_400_000);
    expect(configFromEnv({ SWITCHYARD_RETENTION: '0' }).retentionMs).toBe(0);
    expect(() => configFromEnv({ SWITCHYARD_RETENTION: '30days' })).toThrow(/SWITCHYARD_RETENTION: expected a duration such as 30d.*got "30days"/);
  });
});
