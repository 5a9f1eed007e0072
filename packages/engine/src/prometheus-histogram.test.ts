import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastHistogram } from './prometheus-histogram.ts';

const BUCKETS = [0.001, 0.01, 0.1, 1, 10];

describe('FastHistogram', () => {
  it('exposes exactly what prom-client’s Histogram exposes for the same observations', async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const reference = new Histogram({ name: 'h_seconds', help: 'x', labelNames: ['lane'], buckets: BUCKETS, registers: [theirs] });
    const fast = new FastHistogram({ name: 'h_seconds', help: 'x', label: 'lane', buckets: BUCKETS, registers: [ours] });
    const values = [0, 0.001, 0.0011, 0.05, 0.1, 0.7, 3, 10, 11, 1e6];
    for (const [i, value] of values.entries()) {
      const lane = i % 3 === 0 ? 'cpu' : 'io';
      reference.labels(lane).observe(value);
      fast.series(lane).observe(value);
    }
    const sorted = (text: string) => text.split('\n').sort();
    expect(sorted(await ours.metrics())).toEqual(sorted(await theirs.metrics()));
  });
});
