import { describe, expect, it } from 'vitest';
import type { ComparisonRun } from '../types.ts';
import { timeline } from './timeline.ts';
import { idealSpeedup, verdict } from './verdict.ts';

const run = (executor: ComparisonRun['executor'], concurrency: number, wallMs: number, extra: Partial<ComparisonRun> = {}): ComparisonRun => ({
  executor,
  concurrency,
  wallMs,
  batchId: '1',
  status: 'SUCCEEDED',
  throughput: 1000 / wallMs,
  speedup: 1,
  idealSpeedup: 1,
  efficiency: 1,
  cpuMs: 0,
  peakRssMb: 0,
  eventLoopP99Ms: 0,
  errors: 0,
  ...extra,
});

describe('the ideal speedup', () => {
  it('is the cores for CPU work on a pool, 1 on the event loop, and the concurrency for waiting work', () => {
    expect(idealSpeedup('CPU', 'THREADS', 8, 100, 2)).toBe(2);
    expect(idealSpeedup('CPU', 'ASYNC', 100, 100, 2)).toBe(1);
    expect(idealSpeedup('IO', 'ASYNC', 100, 40, 2)).toBe(40);
    expect(idealSpeedup('IO', 'SEQUENTIAL', 1, 40, 2)).toBe(1);
  });
});

describe('the verdict', () => {
  it('names the strategy that helped against the limit, and the one that gained nothing and why', () => {
    const text = verdict(
      'CPU',
      [
        run('SEQUENTIAL', 1, 1000),
        run('THREADS', 2, 526, { speedup: 1.9, efficiency: 0.95, idealSpeedup: 2 }),
        run('ASYNC', 10, 990, { speedup: 1.01, eventLoopP99Ms: 480 }),
      ],
      2,
    );
    expect(text).toContain('THREADS×2: 1.9x faster than SEQUENTIAL, 95% of the 2-core limit');
    expect(text).toContain('ASYNC×10 gained nothing (1.0x vs SEQUENTIAL): this work is CPU-bound');
    expect(text).toContain('blocked the main thread for up to 480 ms at a time');
    expect(text).toContain('Fastest: THREADS×2');
    // an event loop cannot compute two things at once: a lucky 1.2x there is noise, not a gain
    const noisy = verdict('CPU', [run('SEQUENTIAL', 1, 1000), run('ASYNC', 4, 830, { speedup: 1.2, idealSpeedup: 1 })], 2);
    expect(noisy).toContain('ASYNC×4 gained nothing (1.2x vs SEQUENTIAL)');
  });
});

describe('the verdict names what each run ran', () => {
  it('says how many jobs a chunked run sent per message, and nothing for one per message', () => {
    const text = verdict(
      'CPU',
      [
        run('SEQUENTIAL', 1, 1000),
        run('THREADS', 2, 900, { speedup: 1.11, efficiency: 0.55, idealSpeedup: 2 }),
        run('THREADS', 2, 500, { speedup: 2, efficiency: 1, idealSpeedup: 2, chunkSize: 256 }),
      ],
      2,
    );
    expect(text).toContain('THREADS×2: 1.1x faster than SEQUENTIAL');
    expect(text).toContain('THREADS×2, 256 per message: 2.0x faster than SEQUENTIAL');
    expect(text).toContain('Fastest: THREADS×2, 256 per message (500 ms');
  });
});

describe('the verdict on blocking', () => {
  it('uses the longest main-thread block the runner measured, not a delay p99 that missed the work', () => {
    const runs = [run('SEQUENTIAL', 1, 1000), { ...run('ASYNC', 4, 990, { speedup: 1.01, eventLoopP99Ms: 0 }), mainLoopLongestBlockMs: 356 }];
    expect(verdict('CPU', runs, 2)).toContain('blocked the main thread for up to 356 ms at a time');
  });
});

describe('the verdict of a sweep', () => {
  const sweep = (c: number, wallMs: number) => run('ASYNC', c, wallMs, { throughput: 1000 / wallMs });
  it('finds where more concurrency stopped helping', () => {
    expect(verdict('IO', [sweep(1, 5000), sweep(10, 520), sweep(100, 500)], 2, 100)).toContain('stopped helping above 10');
  });
  it('does not ask for more slots once every item runs at once', () => {
    const text = verdict('IO', [sweep(1, 5000), sweep(10, 520), sweep(100, 60)], 2, 100);
    expect(text).toContain('every item already runs at once');
    expect(text).not.toContain('try higher');
  });
});

describe('the task-stream timeline', () => {
  it('puts overlapping jobs on different rows and reuses a row once it is free', () => {
    const lanes = timeline([
      { index: 0, status: 'SUCCEEDED', startedAt: 100, finishedAt: 200 },
      { index: 1, status: 'SUCCEEDED', startedAt: 100, finishedAt: 150 },
      { index: 2, status: 'FAILED', startedAt: 150, finishedAt: 300 },
      { index: 3, status: 'SUCCEEDED', startedAt: 210, finishedAt: 250 },
    ]);
    expect(lanes.map((l) => [l.index, l.slot, l.startMs, l.endMs])).toEqual([
      [0, 0, 0, 100],
      [1, 1, 0, 50],
      [2, 1, 50, 200],
      [3, 0, 110, 150],
    ]);
  });
});
