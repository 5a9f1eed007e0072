import { describe, expect, it } from 'vitest';
import { StartWindow } from './rate-limit.ts';

describe('a start window', () => {
  it('allows `jobs` starts, then none until the oldest is `perMs` old', () => {
    const w = new StartWindow({ jobs: 3, perMs: 100 });
    expect(w.available(0, 10)).toBe(3);
    w.take(0, 2);
    w.take(40, 1);
    expect(w.available(50, 10)).toBe(0);
    expect(w.nextAt()).toBe(100);
    expect(w.available(99, 10)).toBe(0);
    expect(w.available(100, 10)).toBe(2); // the two starts at 0 have left the window; the one at 40 has not
    w.take(100, 2);
    expect(w.available(139, 10)).toBe(0);
    expect(w.available(140, 10)).toBe(1);
  });

  it('never lets a window of `perMs` hold more than `jobs` starts', () => {
    const w = new StartWindow({ jobs: 5, perMs: 50 });
    const starts: number[] = [];
    for (let now = 0; now < 1_000; now += 7) {
      const n = w.available(now, 3);
      w.take(now, n);
      for (let k = 0; k < n; k++) starts.push(now);
    }
    for (const t of starts) expect(starts.filter((s) => s >= t && s < t + 50).length).toBeLessThanOrEqual(5);
    expect(starts.length).toBeGreaterThan(80); // and it keeps going at the rate: ~5 per 50 ms
  });
});
