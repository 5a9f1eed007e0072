import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createEngine } from '@switchyard/engine';
import { submitOk, engineForEachTest } from '../helpers/engine.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';

const engine = engineForEachTest();

const pbkdf2 = (iterations: number) => ({ password: 'hunter2', salt: 'NaCl', iterations });

describe('a batch runs to the end and everything is kept', () => {
  it('runs a CPU batch on the worker pool and stores every result with its timings', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'cpu.pbkdf2', items: [pbkdf2(1_000), pbkdf2(2_000), pbkdf2(3_000)] });
    expect(batch.route).toMatchObject({ executor: 'THREADS', rule: 'cpu' });
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.counts).toMatchObject({ succeeded: 3, queued: 0, running: 0 });
    const jobs = e.listJobs(batch.id, undefined, 10).items;
    expect(jobs.map((j) => j.index)).toEqual([0, 1, 2]);
    for (const job of jobs) {
      expect(job).toMatchObject({ status: 'SUCCEEDED', attempts: 1, executor: 'THREADS' });
      expect((job.result as { hex: string }).hex).toMatch(/^[0-9a-f]{64}$/);
      expect(job.startedAt!.getTime()).toBeGreaterThanOrEqual(job.queuedAt.getTime());
      expect(job.finishedAt!.getTime()).toBeGreaterThanOrEqual(job.startedAt!.getTime());
    }
    // defaults applied at submission are what was stored
    expect(jobs[0]!.input).toMatchObject({ keylen: 32, digest: 'sha256' });
  });

  it('runs an I/O batch on the async queue with its waits overlapping', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'io.sleep', items: Array.from({ length: 200 }, () => ({ ms: 50 })) });
    expect(batch.route).toMatchObject({ executor: 'ASYNC', rule: 'io-high' });
    const done = await e.waitForBatch(batch.id);
    expect(done.counts.succeeded).toBe(200);
    // 200 waits of 50 ms one after another would take 10 s; overlapped they take about one wait.
    const wall = done.finishedAt!.getTime() - done.startedAt!.getTime();
    expect(wall).toBeLessThan(200 * 50 * 0.25);
  });

  it('streams a mixed batch: I/O phase on the async lane, CPU phase on the pool, phase by phase per item', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_, res) => setTimeout(() => res.end('x'.repeat(1000)), 30));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const e = await engine();
      await e.waitForBatch(submitOk(e, { task: 'cpu.fib', items: [{ n: 1 }, { n: 1 }] }).id); // threads up and warm
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
      const finishedAt: number[] = [];
      e.events.on('job:finished', () => finishedAt.push(Date.now()));
      const requestTimes: number[] = [];
      server.on('request', () => requestTimes.push(Date.now()));
      const batch = submitOk(e, { task: 'mixed.fetchHash', items: Array.from({ length: 40 }, () => ({ url, iterations: 2_000 })) });
      expect(batch.route.phases.map((p) => `${p.phase}:${p.executor}`)).toEqual(['io:ASYNC', 'cpu:THREADS']);
      const done = await e.waitForBatch(batch.id);
      expect(done.counts.succeeded).toBe(40);
      const result = e.listJobs(batch.id, undefined, 1).items[0]!.result as { bytes: number; sha256: string };
      expect(result.bytes).toBe(1000);
      // Streamed: the first items finished their CPU phase before the last item's I/O phase began.
      expect(Math.min(...finishedAt)).toBeLessThan(Math.max(...requestTimes));
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('records failures per job without losing the other jobs, grouped by error', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'test.broken', items: [{ message: 'disk on fire' }, { message: 'disk on fire' }, { message: 'other' }] });
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('FAILED');
    expect(done.counts.failed).toBe(3);
    const job = e.listJobs(batch.id, 'FAILED', 1).items[0]!;
    expect(job.error).toMatchObject({ code: 'BROKEN', message: 'disk on fire' });
    expect(e.failureGroups(batch.id)).toEqual([
      { code: 'BROKEN', message: 'disk on fire', count: 2, sampleJobId: job.id, examples: ['disk on fire'] },
      expect.objectContaining({ message: 'other', count: 1 }),
    ]);
  });
});

describe('live progress', () => {
  it('streams the progress a CPU task reports from its worker thread', async () => {
    const e = await engine();
    const fractions: number[] = [];
    e.events.on('job:progress', (p) => fractions.push(p.fraction));
    const done = await e.waitForBatch(submitOk(e, { task: 'cpu.primes', items: [{ limit: 2_000_000 }] }).id);
    expect(done.route.executor).toBe('THREADS');
    expect(e.listJobs(done.id, undefined, 1).items[0]!.result).toEqual({ count: 148_933 });
    expect(fractions.length).toBeGreaterThan(5);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('coalesces snapshots but sends the final one as soon as the batch ends', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'io.sleep', items: Array.from({ length: 20 }, (_, i) => ({ ms: 10 + i * 10 })) });
    const started = Date.now();
    const snapshots = [];
    // A long interval: without the urgent final snapshot this would take 5 s per step.
    for await (const p of e.watchBatch(batch.id, { intervalMs: 5_000 })) snapshots.push(p);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(snapshots.at(-1)).toMatchObject({ done: true, batch: { status: 'SUCCEEDED' } });
    expect(snapshots.map((s) => s.seq)).toEqual(snapshots.map((_, i) => i + 1));
    expect(snapshots.length).toBeLessThanOrEqual(3); // 20 changes, coalesced
  });
});

describe('timeouts are enforced while a job runs', () => {
  it('stops a runaway CPU job by terminating its thread, and the pool serves the next batch', async () => {
    const e = await engine();
    const runaway = submitOk(e, { task: 'cpu.fib', items: [{ n: 60 }, { n: 60 }], timeoutMs: 500 });
    const done = await e.waitForBatch(runaway.id);
    expect(done.counts.timedOut).toBe(2);
    // fib(60) would run for days: each attempt ended soon after its 500 ms. (Its own run time, not the test's wall
    // time, which on a loaded machine also holds the start of the thread pool.)
    for (const job of e.listJobs(runaway.id, undefined, 2).items) {
      expect(job).toMatchObject({ status: 'TIMED_OUT', error: { code: 'TIMEOUT' } });
      expect(job.finishedAt!.getTime() - job.startedAt!.getTime()).toBeLessThan(5_000);
    }
    const next = submitOk(e, { task: 'cpu.fib', items: [{ n: 20 }, { n: 21 }] });
    const after = await e.waitForBatch(next.id);
    expect(after.status).toBe('SUCCEEDED');
    expect(e.listJobs(next.id, undefined, 2).items.map((j) => j.result)).toEqual([{ value: 6765 }, { value: 10946 }]);
  });

  it('frees the slot of an async job that ignores its signal', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'test.stubborn', items: [{ ms: 3_000 }], timeoutMs: 100 });
    const done = await e.waitForBatch(batch.id);
    expect(done.counts.timedOut).toBe(1);
    const runMs = e.listJobs(batch.id, undefined, 1).items.map((j) => j.finishedAt!.getTime() - j.startedAt!.getTime())[0]!;
    expect(runMs).toBeLessThan(2_000);
  });
});

describe('cancellation really stops the work', () => {
  it('keeps a cancelled batch cancelled across a restart: jobs the crash put back are not run', async () => {
    const dir = tempDir();
    const dbPath = join(dir.path, 'cancel.db');
    try {
      const first = await createEngine({ dbPath, logger: false, threads: 1 });
      const batch = submitOk(first, { task: 'io.sleep', items: Array.from({ length: 20 }, () => ({ ms: 60_000 })) });
      await waitFor(() => first.getBatch(batch.id)!.counts.running === 10, { what: '10 running' });
      await first.close(0); // the running ten go back to the queue, as a crash would leave them
      // The cancel was committed, then the process died before its running jobs ended.
      const db = new Database(dbPath);
      db.prepare('update batches set cancel_requested = 1 where id = ?').run(batch.id);
      db.close();
      const second = await createEngine({ dbPath, logger: false, threads: 1 });
      try {
        const done = await second.waitForBatch(batch.id);
        expect(done.status).toBe('CANCELLED');
        expect(done.counts).toMatchObject({ cancelled: 20, succeeded: 0, queued: 0, running: 0 });
      } finally {
        await second.close(0);
      }
    } finally {
      dir.remove();
    }
  });

  it('cancels a batch: queued jobs at once, running ones through their signal', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'io.sleep', items: Array.from({ length: 50 }, () => ({ ms: 30_000 })) });
    await waitFor(() => e.getBatch(batch.id)!.counts.running === 10, { what: '10 running' });
    const cancelled = e.cancelBatch(batch.id)!;
    expect(cancelled.counts.cancelled).toBeGreaterThanOrEqual(40);
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('CANCELLED');
    expect(done.counts).toMatchObject({ cancelled: 50, queued: 0, running: 0, succeeded: 0 });
  });

  it('cancels a running CPU job by terminating its thread, and one queued job, leaving the rest', async () => {
    const e = await engine();
    const batch = submitOk(e, {
      task: 'cpu.fib',
      items: [{ n: 60 }, { n: 20 }, { n: 20 }, { n: 20 }],
      strategy: { executor: 'THREADS', concurrency: 1 },
    });
    await waitFor(() => e.getBatch(batch.id)!.counts.running === 1, { what: 'first job running' });
    const [running, , queued] = e.listJobs(batch.id, undefined, 4).items;
    expect(e.cancelJob(queued!.id)!.status).toBe('CANCELLED');
    e.cancelJob(running!.id);
    const done = await e.waitForBatch(batch.id);
    expect(done.counts).toMatchObject({ cancelled: 2, succeeded: 2 });
    expect(done.status).toBe('SUCCEEDED');
  });
});

describe('retries', () => {
  it('retries with backoff until an attempt succeeds, keeping each failed attempt', async () => {
    const e = await engine();
    const retries: number[] = [];
    e.events.on('job:retry', (r) => retries.push(r.delayMs));
    const batch = submitOk(e, { task: 'test.flaky', items: [{ succeedOn: 3 }], maxAttempts: 5, backoffMs: 20 });
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('SUCCEEDED');
    const job = e.listJobs(batch.id, undefined, 1).items[0]!;
    expect(job).toMatchObject({ attempts: 3, result: { attempt: 3 } });
    const history = e.jobHistory(job);
    expect(history.map((a) => [a.attempt, a.status, a.error?.code ?? null])).toEqual([
      [1, 'FAILED', 'FLAKY'],
      [2, 'FAILED', 'FLAKY'],
      [3, 'SUCCEEDED', null],
    ]);
    expect(retries).toHaveLength(2);
    expect(retries[0]).toBeLessThanOrEqual(20);
    expect(retries[1]).toBeLessThanOrEqual(40);
  });

  it('gives up after maxAttempts, and retryFailed runs the failed jobs again', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'test.flaky', items: [{ succeedOn: 3 }, { succeedOn: 1 }], maxAttempts: 2, backoffMs: 1 });
    const done = await e.waitForBatch(batch.id);
    expect(done).toMatchObject({ status: 'FAILED', counts: { failed: 1, succeeded: 1 } });
    const again = e.retryFailed(batch.id)!;
    expect(again.status).not.toBe('FAILED');
    expect(again.counts).toMatchObject({ failed: 0, succeeded: 1 });
    expect(again.counts.queued + again.counts.running).toBe(1);
    const after = await e.waitForBatch(batch.id);
    expect(after).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0, succeeded: 2 } });
    const job = e.listJobs(batch.id, undefined, 1).items[0]!;
    expect(e.jobHistory(job).map((a) => a.status)).toEqual(['FAILED', 'FAILED', 'SUCCEEDED']);
  });
});

describe('fairness and backpressure', () => {
  it('lets a small batch submitted after a huge one in the same lane finish long before it', async () => {
    const e = await engine();
    const big = submitOk(e, {
      task: 'io.sleep',
      items: Array.from({ length: 50_000 }, () => ({ ms: 2 })),
      strategy: { executor: 'ASYNC', concurrency: 20 },
    });
    await waitFor(() => e.getBatch(big.id)!.counts.succeeded > 100, { what: 'big batch under way' });
    const small = submitOk(e, {
      task: 'io.sleep',
      items: Array.from({ length: 20 }, () => ({ ms: 2 })),
      strategy: { executor: 'ASYNC', concurrency: 20 },
    });
    const smallDone = await e.waitForBatch(small.id);
    expect(smallDone.status).toBe('SUCCEEDED');
    const bigNow = e.getBatch(big.id)!;
    expect(bigNow.counts.succeeded).toBeLessThan(25_000);
    e.cancelBatch(big.id);
  });

  it('never holds more jobs in an executor than its window; the rest wait in the store', async () => {
    const e = await engine({ ioLaneLimit: 64 });
    let peak = 0;
    e.events.on('job:start', () => {
      const io = e.stats().lanes.find((l) => l.lane === 'io')!;
      peak = Math.max(peak, io.inFlight);
    });
    // Two batches each allowed 50 at once: together they would hold 100; the lane's window is 64. Jobs wait 20 ms, so
    // that they are still in flight when the lane fills its slots on the next turn of the event loop (lane.ts hands
    // out for at most 10 ms a turn, and the second submission's own insert counts in that turn).
    const batches = [1, 2].map(() =>
      submitOk(e, { task: 'io.sleep', items: Array.from({ length: 1_000 }, () => ({ ms: 20 })), strategy: { executor: 'ASYNC', concurrency: 50 } }),
    );
    for (const batch of batches) expect((await e.waitForBatch(batch.id)).counts.succeeded).toBe(1_000);
    expect(peak).toBeGreaterThan(50);
    expect(peak).toBeLessThanOrEqual(64);
  });
});

describe('parallelism', () => {
  it('runs a CPU batch on THREADS faster than on SEQUENTIAL (ratio within one test)', async () => {
    const e = await engine({ threads: 2 });
    const items = Array.from({ length: 16 }, () => pbkdf2(60_000));
    // warm the pool so thread start-up is not counted
    await e.waitForBatch(submitOk(e, { task: 'cpu.pbkdf2', items: [pbkdf2(10)] }).id);
    const time = async (executor: 'THREADS' | 'SEQUENTIAL') => {
      const b = submitOk(e, { task: 'cpu.pbkdf2', items, strategy: { executor } });
      const d = await e.waitForBatch(b.id);
      expect(d.counts.succeeded).toBe(16);
      return d.finishedAt!.getTime() - d.startedAt!.getTime();
    };
    // Alternate and keep the best of two each, so a burst of load from elsewhere does not decide the ratio.
    const best = { SEQUENTIAL: Infinity, THREADS: Infinity };
    for (let round = 0; round < 2; round++) {
      for (const executor of ['SEQUENTIAL', 'THREADS'] as const) best[executor] = Math.min(best[executor], await time(executor));
    }
    const { SEQUENTIAL: sequential, THREADS: threads } = best;
    // Ideal on 2 cores is 2x; this VM gives 1.6–1.8x for raw worker threads when quiet, and a noisy moment less.
    expect(sequential / threads).toBeGreaterThan(1.2);
  });
});
