import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type LaneBucket } from '@switchyard/engine';
import { configFromEnv } from '../../apps/api/src/config.ts';
import { submitOk, TEST_TASKS, testEngine } from '../helpers/engine.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';

const sum = (buckets: LaneBucket[], key: 'succeeded' | 'cancelled' | 'failed') => buckets.reduce((n, b) => n + b[key], 0);

describe('lane history', () => {
  it('is kept in the store per lane, with cancelled jobs apart and p99 latencies, and is there after a restart', async () => {
    const dir = tempDir();
    const dbPath = join(dir.path, 'history.db');
    const options = { dbPath, logger: false as const, threads: 1, taskModules: [TEST_TASKS] };
    try {
      const first = await createEngine(options);
      try {
        const done = submitOk(first, { task: 'noop', tag: 'IO', items: Array.from({ length: 20 }, () => ({})) });
        await first.waitForBatch(done.id);
        const sleepers = submitOk(first, { task: 'io.sleep', items: [{ ms: 60_000 }, { ms: 60_000 }] });
        await waitFor(() => first.getBatch(sleepers.id)!.counts.running === 2, { what: 'both sleepers running' });
        first.cancelBatch(sleepers.id);
        await first.waitForBatch(sleepers.id);
        // Before anything is written, the minute under way is read from memory.
        expect(
          sum(
            first.laneHistory('HOUR').buckets.filter((b) => b.lane === 'io'),
            'succeeded',
          ),
        ).toBe(20);
        // The minute (and the second) these jobs finished in have ended a minute from now: written now.
        first.flushHistory(Date.now() + 61_000);
      } finally {
        await first.close(2_000);
      }

      const second = await createEngine(options);
      try {
        const later = Date.now() + 61_000;
        const hour = second.laneHistory('HOUR', later);
        expect(hour.resolutionMs).toBe(60_000);
        const io = hour.buckets.filter((b) => b.lane === 'io');
        expect(sum(io, 'succeeded')).toBe(20);
        expect(sum(io, 'cancelled')).toBe(2);
        expect(sum(io, 'failed')).toBe(0);
        const busiest = io.find((b) => b.succeeded > 0)!;
        expect(busiest.runP99).not.toBeNull();
        expect(busiest.waitP99!).toBeGreaterThanOrEqual(busiest.waitP50!);

        const fiveMinutes = second.laneHistory('FIVE_MINUTES', later);
        expect(fiveMinutes.resolutionMs).toBe(1_000);
        expect(
          sum(
            fiveMinutes.buckets.filter((b) => b.lane === 'io'),
            'succeeded',
          ),
        ).toBe(20);
        // Nothing ran on the cpu lane: it has no bucket.
        expect(hour.buckets.some((b) => b.lane === 'cpu')).toBe(false);
      } finally {
        await second.close(2_000);
      }
    } finally {
      dir.remove();
    }
  });

  it('keeps a finished batch’s throughput series, cancelled jobs left out', async () => {
    const { engine, dispose } = await testEngine({ threads: 1 });
    try {
      // Two at a time, 300 ms each: about a second and a half of run, so more than one 1 s slot.
      const batch = submitOk(engine, {
        task: 'io.sleep',
        items: Array.from({ length: 8 }, () => ({ ms: 300 })),
        strategy: { executor: 'ASYNC', concurrency: 2 },
      });
      const done = await engine.waitForBatch(batch.id);
      const series = engine.batchThroughput(done);
      expect(series.widthMs).toBe(1_000);
      expect(series.points.length).toBeGreaterThanOrEqual(2);
      expect(series.points.reduce((n, p) => n + p.completed, 0)).toBe(8);
      expect(series.points[0]!.at).toBe(Math.floor(done.startedAt!.getTime() / 1_000) * 1_000);

      const cancelled = submitOk(engine, {
        task: 'io.sleep',
        items: [{ ms: 1 }, { ms: 60_000 }, { ms: 60_000 }],
        strategy: { executor: 'ASYNC', concurrency: 1 },
      });
      await waitFor(() => engine.getBatch(cancelled.id)!.counts.succeeded === 1, { what: 'the first job done' });
      engine.cancelBatch(cancelled.id);
      const ended = await engine.waitForBatch(cancelled.id);
      expect(ended.counts.cancelled).toBe(2);
      expect(engine.batchThroughput(ended).points.reduce((n, p) => n + p.completed, 0)).toBe(1);
    } finally {
      await dispose();
    }
  });
});

describe('lane history turned off (SWITCHYARD_HISTORY=off)', () => {
  it('persists no bucket while jobs still run, and the setting is read strictly', async () => {
    const dir = tempDir();
    try {
      const e = await createEngine({ dbPath: join(dir.path, 'off.db'), logger: false, threads: 1, taskModules: [TEST_TASKS], persistHistory: false });
      try {
        const done = submitOk(e, { task: 'noop', tag: 'IO', items: Array.from({ length: 20 }, () => ({})) });
        expect((await e.waitForBatch(done.id)).counts.succeeded).toBe(20);
        e.flushHistory(Date.now() + 61_000);
        expect(e.laneHistory('HOUR', Date.now() + 61_000).buckets).toEqual([]);
      } finally {
        await e.close(2_000);
      }
    } finally {
      dir.remove();
    }
    expect(configFromEnv({}).persistHistory).toBe(true);
    expect(configFromEnv({ SWITCHYARD_HISTORY: 'off' }).persistHistory).toBe(false);
    expect(() => configFromEnv({ SWITCHYARD_HISTORY: 'no' })).toThrow(/SWITCHYARD_HISTORY:/);
  });
});
