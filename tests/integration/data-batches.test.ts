import { describe, expect, it } from 'vitest';
import { submitOk, engineForEachTest } from '../helpers/engine.ts';
import { waitFor } from '../helpers/temp.ts';

const engine = engineForEachTest({ threads: 2, routing: { dataBatchItems: 2_000, chunkSize: 128 } });

const smallItems = (n: number) => Array.from({ length: n }, (_, i) => ({ n: 5 + (i % 5) }));

describe('data batches: many small CPU items go to the pool in chunks', () => {
  it('routes a large CPU batch by the data-batch rule and keeps every result per job', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'cpu.fib', items: smallItems(3_000) });
    expect(batch.route).toMatchObject({ rule: 'data-batch', executor: 'THREADS' });
    expect(batch.route.phases[0]!.chunkSize).toBe(128);
    const done = await e.waitForBatch(batch.id);
    expect(done.counts.succeeded).toBe(3_000);
    const jobs = e.listJobs(batch.id, undefined, 5).items;
    expect(jobs.map((j) => j.result)).toEqual([{ value: 5 }, { value: 8 }, { value: 13 }, { value: 21 }, { value: 34 }]);
  });

  it('keeps each item’s own error inside a chunk', async () => {
    const e = await engine();
    const items = Array.from({ length: 2_000 }, (_, i) => ({ message: i % 500 === 0 ? 'bad item' : 'ok' }));
    const batch = submitOk(e, { task: 'test.broken', tag: 'CPU', items });
    const done = await e.waitForBatch(batch.id);
    expect(done.counts.failed).toBe(2_000); // test.broken always throws: every item fails on its own
    expect(e.failureGroups(batch.id).map((g) => [g.message, g.count])).toEqual([
      ['ok', 1_996],
      ['bad item', 4],
    ]);
  });

  it('amortises the cost of a message: chunked runs well ahead of one item per message (ratio in one test)', async () => {
    const e = await engine();
    const time = async (strategy: { executor: 'THREADS'; chunkSize: 1 } | null) => {
      const started = performance.now();
      const done = await e.waitForBatch(submitOk(e, { task: 'cpu.fib', items: smallItems(4_000), strategy }).id);
      expect(done.counts.succeeded).toBe(4_000);
      return performance.now() - started;
    };
    const chunked = Math.min(await time(null), await time(null));
    const perMessage = Math.min(await time({ executor: 'THREADS', chunkSize: 1 }), await time({ executor: 'THREADS', chunkSize: 1 }));
    // Measured here: about 5x. Half of that clears the noise of a shared 2-core machine.
    expect(perMessage / chunked).toBeGreaterThan(2);
  });

  it('cancels a running data batch: its chunks stop and queued items are cancelled', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'cpu.fib', items: Array.from({ length: 2_000 }, () => ({ n: 24 })) });
    await waitFor(() => e.getBatch(batch.id)!.counts.succeeded > 0, { what: 'first chunk done' });
    e.cancelBatch(batch.id);
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('CANCELLED');
    expect(done.counts.cancelled).toBeGreaterThan(1_000);
    expect(done.counts.queued + done.counts.running).toBe(0);
  });
});
