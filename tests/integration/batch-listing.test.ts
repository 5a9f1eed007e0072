import { describe, expect, it } from 'vitest';
import { engineForEachTest, submitOk } from '../helpers/engine.ts';

const engine = engineForEachTest({ threads: 2 });

describe('listing batches', () => {
  it('searches names literally (LIKE wildcards are text), and inside jobs only when asked', async () => {
    const e = await engine();
    const plain = submitOk(e, { task: 'io.sleep', name: 'nightly 50%', items: [{ ms: 0 }] });
    submitOk(e, { task: 'io.sleep', name: 'nightly 500', items: [{ ms: 0 }] });
    const needle = submitOk(e, { task: 'http.check', name: 'probe', items: [{ url: 'http://127.0.0.1:1/needle-in-input' }] });
    const names = (filter: Parameters<typeof e.listBatches>[0]) => e.listBatches(filter, 10).items.map((b) => b.name);
    expect(names({ search: '50%' })).toEqual(['nightly 50%']);
    expect(names({ search: 'needle-in' })).toEqual([]);
    expect(names({ search: 'needle-in', searchJobs: true })).toEqual(['probe']);
    expect(names({ search: plain.id })).toContain('nightly 50%');
    await e.waitForBatch(needle.id);
  });

  it('lists the runs of comparisons, hides them, or lists only them', async () => {
    const e = await engine();
    submitOk(e, { task: 'io.sleep', name: 'mine', items: [{ ms: 0 }] });
    const started = e.compareStrategies({ task: 'io.sleep', items: [{ ms: 0 }], strategies: [{ executor: 'ASYNC' }] });
    if (!started.ok) throw new Error(started.error.message);
    for await (const c of e.watchComparison(started.comparison.id, { intervalMs: 10 })) if (c.status !== 'RUNNING') break;
    const names = (comparisonRuns: 'include' | 'exclude' | 'only') => e.listBatches({ comparisonRuns }, 10).items.map((b) => b.name);
    expect(names('exclude')).toEqual(['mine']);
    expect(names('only')).toHaveLength(2); // the warm-up and the measured run
    expect(names('include')).toHaveLength(3);
  });
});
