import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteWorker, type Engine } from '@switchyard/engine';
import { engineForEachTest, submitOk } from '../helpers/engine.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { waitFor } from '../helpers/temp.ts';

const timings = { heartbeatMs: 100, lockMs: 2_000, stalledIntervalMs: 1_000, sweepMs: 500 };
const engineFor = engineForEachTest({ threads: 1 });
let redis: RedisServer | undefined;
let worker: RemoteWorker | undefined;

afterEach(async () => {
  await worker?.drain(2_000);
  worker = undefined;
  await redis?.stop();
  redis = undefined;
});

const remoteLane = (engine: Engine) => engine.stats().lanes.find((l) => l.lane === 'remote');

describe('the remote lane, in process', () => {
  it('is off without a Redis URL: a REMOTE strategy is refused, naming the field and the reason', async () => {
    const engine = await engineFor();
    const refused = engine.submitBatch({ task: 'cpu.fib', items: [{ n: 1 }], strategy: { executor: 'REMOTE' } });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ kind: 'INVALID_INPUT', field: 'strategy.executor' });
    expect(refused.error.message).toContain('SWITCHYARD_REDIS_URL');
    expect(engine.decisionTable().map((r) => r.id)).not.toContain('remote');
    expect(remoteLane(engine)).toBeUndefined();
    expect(engine.workers()).toEqual([]);
  });

  it("follows the workers' slots, routes CPU work there while they have room, and sends data batches in chunks", async () => {
    redis = await startRedis();
    const engine = await engineFor({ remote: { redisUrl: redis.url, timings }, routing: { dataBatchItems: 40, chunkSize: 8 } });
    expect(remoteLane(engine)).toMatchObject({ executor: 'REMOTE', limit: 0 });

    worker = new RemoteWorker({ redisUrl: redis.url, slots: 2, timings, log: pino({ level: 'silent' }) });
    await worker.start();
    await waitFor(() => remoteLane(engine)?.limit === 2, { what: 'the lane limit to follow the slots' });
    expect(engine.workers()).toMatchObject([{ id: worker.id, slots: 2, gone: false, state: 'alive' }]);

    // The table's rule: CPU work goes to REMOTE while a worker has free slots.
    const small = submitOk(engine, { task: 'cpu.fib', tag: 'CPU', items: Array.from({ length: 5 }, (_, i) => ({ n: 10 + i })) });
    expect(small.route).toMatchObject({ executor: 'REMOTE', rule: 'remote' });
    const data = submitOk(engine, { task: 'cpu.fib', tag: 'CPU', items: Array.from({ length: 50 }, (_, i) => ({ n: i % 20 })) });
    expect(data.route.phases[0]).toMatchObject({ executor: 'REMOTE', chunkSize: 8 });
    const [smallDone, dataDone] = await Promise.all([engine.waitForBatch(small.id), engine.waitForBatch(data.id)]);
    expect(smallDone.counts.succeeded).toBe(5);
    expect(dataDone.counts.succeeded).toBe(50);
    const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
    const jobs = engine.listJobs(data.id, undefined, 100).items;
    for (const job of jobs) expect(job.result).toEqual({ value: fib(job.index % 20) });
    expect(new Set(jobs.map((j) => j.worker))).toEqual(new Set([worker.id]));
    // 50 jobs in chunks of up to 8 (a chunk may end early at a page of the ready queue): a handful of BullMQ jobs, not 50.
    expect(worker.jobsDone - 5).toBeLessThanOrEqual(10);
    const doneBefore = worker.jobsDone;

    // Many tiny jobs, one BullMQ job each: the window is refilled as fast as they finish, and no job is lost to the
    // idle-worker check (a worker that keeps starting jobs is never made again under them).
    const tiny = submitOk(engine, {
      task: 'noop',
      items: Array.from({ length: 300 }, () => ({})),
      strategy: { executor: 'REMOTE', chunkSize: 1 }, // past the data-batch size a forced REMOTE would chunk
      timeoutMs: 5_000,
    });
    expect((await engine.waitForBatch(tiny.id)).counts).toMatchObject({ succeeded: 300, timedOut: 0, failed: 0 });
    expect(worker.jobsDone - doneBefore).toBe(300);

    // compareStrategies puts THREADS and REMOTE side by side.
    const compared = engine.compareStrategies({
      task: 'cpu.fib',
      generate: { count: 4, template: { n: 18 } },
      strategies: [{ executor: 'THREADS' }, { executor: 'REMOTE', concurrency: 2 }],
    });
    if (!compared.ok) throw new Error(compared.error.message);
    const comparison = await waitFor(
      () => {
        const c = engine.getComparison(compared.comparison.id);
        return c && c.status !== 'RUNNING' ? c : null;
      },
      { what: 'the comparison to end', timeoutMs: 30_000 },
    );
    expect(comparison.status).toBe('SUCCEEDED');
    expect(comparison.runs.map((r) => [r.executor, r.concurrency, r.errors])).toEqual([
      ['THREADS', 1, 0],
      ['REMOTE', 2, 0],
    ]);
    expect(comparison.verdict).toContain('REMOTE×2');

    // A drained worker takes its slots away; CPU work stays local then.
    await worker.drain(2_000);
    await waitFor(() => remoteLane(engine)?.limit === 0, { what: 'the slots to leave the lane' });
    expect(engine.workers()[0]).toMatchObject({ gone: true, state: 'stopped' });
    expect(submitOk(engine, { task: 'cpu.fib', tag: 'CPU', items: [{ n: 3 }] }).route).toMatchObject({ executor: 'THREADS', rule: 'cpu' });
  });
});
