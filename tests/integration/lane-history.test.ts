import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type LaneBucket } from '@switchyard/engine';
import { submitOk, TEST_TASKS } from '../helpers/engine.ts';
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
});
