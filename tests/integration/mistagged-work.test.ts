import { describe, expect, it } from 'vitest';
import { submitOk, engineForEachTest } from '../helpers/engine.ts';

const engine = engineForEachTest({ threads: 2 });

describe('mis-tagged work is caught', () => {
  it('flags computing work tagged IO, with how long it blocked the event loop', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'cpu.fib', tag: 'IO', items: Array.from({ length: 8 }, () => ({ n: 30 })) });
    expect(batch.route.executor).toBe('ASYNC');
    const done = await e.waitForBatch(batch.id);
    const d = e.diagnose(done);
    expect(d).toMatchObject({ mistagged: true, suggestedTag: 'CPU', measuredJobs: 8 });
    expect(d.blockedMsPerJob).toBeGreaterThan(2);
    expect(d.verdict).toMatch(/Tagged IO but looks CPU-bound: blocked the event loop [\d.]+ ms per job/);
  });

  it('flags waiting work tagged CPU, from how idle its worker was', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'io.sleep', tag: 'CPU', items: Array.from({ length: 6 }, () => ({ ms: 30 })) });
    expect(batch.route.executor).toBe('THREADS');
    const d = e.diagnose(await e.waitForBatch(batch.id));
    expect(d).toMatchObject({ mistagged: true, suggestedTag: 'IO' });
    expect(d.workerBusyRatio).toBeLessThan(0.25);
  });

  it('reroutes the rest of an opted-in batch once the evidence is in', async () => {
    const e = await engine();
    const batch = submitOk(e, {
      task: 'cpu.fib',
      tag: 'IO',
      autoReroute: true,
      items: Array.from({ length: 40 }, () => ({ n: 27 })),
      strategy: null,
    });
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.route.rule).toBe('rerouted:cpu');
    expect(done.route.reason).toContain('Tagged IO but looks CPU-bound');
    const executors = e.listJobs(batch.id, undefined, 40).items.map((j) => j.executor);
    expect(executors.slice(0, 5)).toEqual(Array(5).fill('ASYNC'));
    expect(executors.at(-1)).toBe('THREADS');
  });

  it('never reroutes a batch whose strategy was forced', async () => {
    const e = await engine();
    const batch = submitOk(e, {
      task: 'cpu.fib',
      tag: 'IO',
      autoReroute: true,
      items: Array.from({ length: 12 }, () => ({ n: 27 })),
      strategy: { executor: 'ASYNC', concurrency: 2 },
    });
    const done = await e.waitForBatch(batch.id);
    expect(done.route.rule).toBe('override');
    expect(e.diagnose(done).mistagged).toBe(true); // still flagged, just not moved
  });
});
