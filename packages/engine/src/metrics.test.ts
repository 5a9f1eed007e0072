import { describe, expect, it } from 'vitest';
import { LoopWatch } from './metrics.ts';
import { loopFigures } from './compare/runner.ts';

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // holds the main thread, as a synchronous CPU task on the main thread does
  }
}

const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('the loop watch', () => {
  it('sees work that never yields to the loop as one block as long as the work', async () => {
    const watch = new LoopWatch();
    // Synchronous jobs chained through promises: no loop turn between them, so no timer can fire in between.
    for (let i = 0; i < 4; i++) await Promise.resolve().then(() => spin(50));
    const reading = watch.stop();
    expect(reading.longestBlockMs).toBeGreaterThanOrEqual(180);
    expect(reading.utilization).toBeGreaterThan(0.9);
  });

  it('reads the longest of several blocks, not their sum, when the loop turns between them', async () => {
    const watch = new LoopWatch();
    for (let i = 0; i < 3; i++) {
      spin(60);
      await turn();
    }
    const reading = watch.stop();
    expect(reading.longestBlockMs).toBeGreaterThanOrEqual(50);
    expect(reading.longestBlockMs).toBeLessThan(150);
  });

  it('reads an idle loop as barely blocked and barely busy', async () => {
    const watch = new LoopWatch();
    const until = performance.now() + 100;
    while (performance.now() < until) await turn();
    const reading = watch.stop();
    expect(reading.longestBlockMs).toBeLessThan(40);
    expect(reading.utilization).toBeLessThan(0.5);
    expect(watch.stop()).toBe(reading);
  });
});

describe('a compare run’s loop figures', () => {
  it('gives worker strategies the workers’ busy share and main-thread strategies none', () => {
    const main = { longestBlockMs: 3, utilization: 0.1 };
    const usage = { blockedMs: 0, busyMs: 1_800 };
    expect(loopFigures(main, usage, { executor: 'THREADS', concurrency: 8, wallMs: 1_000, items: 100, cores: 2 })).toEqual({
      mainLoopLongestBlockMs: 3,
      mainLoopUtilization: 0.1,
      jobsBlockedMs: 0,
      workerUtilization: 0.9,
    });
    const seq = loopFigures(
      { longestBlockMs: 356, utilization: 1 },
      { blockedMs: 350, busyMs: 0 },
      { executor: 'SEQUENTIAL', concurrency: 1, wallMs: 360, items: 10, cores: 2 },
    );
    expect(seq).toMatchObject({ mainLoopLongestBlockMs: 356, jobsBlockedMs: 350, workerUtilization: null });
  });
});
