import { describe, expect, it } from 'vitest';
import type { Engine } from '@switchyard/engine';
import { engineForEachTest, submitOk } from '../helpers/engine.ts';

// A contended lane: the I/O lane with room for 4 jobs, far less than any batch here asks for.
const LANE_SLOTS = 4;
const engine = engineForEachTest({ ioLaneLimit: LANE_SLOTS });

const sleeps = (n: number, ms: number) => Array.from({ length: n }, () => ({ ms }));

/** The batch id of every job start, in the order the lane handed the slots out. */
function recordStarts(e: Engine): string[] {
  const order: string[] = [];
  e.events.on('job:start', (s) => order.push(s.batchId));
  return order;
}

/** Resolves with the time each batch finished (performance.now()), as `batch:finished` announces it. */
function finishTimes(e: Engine, ids: readonly string[]): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  return new Promise((resolve) => {
    e.events.on('batch:finished', ({ batchId }) => {
      if (!ids.includes(batchId)) return;
      times.set(batchId, performance.now());
      if (times.size === ids.length) resolve(times);
    });
  });
}

describe('fair shares between teams on a lane', () => {
  it('finishes a small team’s batch long before the big batch of another team submitted first', async () => {
    const e = await engine();
    const order = recordStarts(e);
    const t0 = performance.now();
    const big = submitOk(e, { task: 'io.sleep', team: 'b', items: sleeps(400, 5) });
    const small = submitOk(e, { task: 'io.sleep', team: 'a', items: sleeps(10, 5) });
    const finished = finishTimes(e, [big.id, small.id]);
    const times = await finished;
    const smallMs = times.get(small.id)! - t0;
    const bigMs = times.get(big.id)! - t0;
    // Fair: the small batch gets every other slot, so it takes ~10 / (4 / 2) rounds of the big one's 400 / 4, about
    // 5% of its time; first come, first served would make it ~100%. Wall times measured from the submission: one
    // stall of a loaded machine at the start lands mostly on the small batch, hence the wide margin.
    expect(smallMs / bigMs).toBeLessThan(0.5);
    // The same, counted in starts, which no stall moves: before the small batch's last start, the big one started
    // about as many jobs as the small one (13 here) plus what it held when the small one came, not its 400.
    const beforeSmallEnded = order.slice(0, order.lastIndexOf(small.id));
    expect(beforeSmallEnded.filter((id) => id === big.id).length).toBeLessThanOrEqual(2 * 10 + LANE_SLOTS);
    expect((await e.waitForBatch(big.id)).counts.succeeded).toBe(400);
  });

  it('gives each of two teams half of the starts, however many batches each has', async () => {
    const e = await engine();
    const order = recordStarts(e);
    const many = Array.from({ length: 6 }, (_, i) => submitOk(e, { task: 'io.sleep', team: 'b', name: `b${i}`, items: sleeps(40, 5) }));
    const one = submitOk(e, { task: 'io.sleep', team: 'a', items: sleeps(40, 5) });
    await e.waitForBatch(one.id);
    await Promise.all(many.map((b) => e.waitForBatch(b.id)));

    // While both teams had work, the starts alternate between them: 50/50, not 1 in 7 as round-robin over batches gives.
    const first = order.indexOf(one.id);
    const last = order.lastIndexOf(one.id);
    const contended = order.slice(first, last + 1);
    const share = contended.filter((id) => id === one.id).length / contended.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
    // Team b's half is shared by its batches in turn: each of them got some of it.
    const bIds = new Set(many.map((b) => b.id));
    const perB = many.map((b) => contended.filter((id) => id === b.id).length);
    expect(contended.filter((id) => bIds.has(id)).length).toBe(perB.reduce((a, b) => a + b, 0));
    expect(Math.min(...perB)).toBeGreaterThan(0);
    expect(Math.max(...perB) - Math.min(...perB)).toBeLessThanOrEqual(2);
  });

  it('starts a team’s higher-priority batches first, without taking another team’s turns', async () => {
    const e = await engine({ ioLaneLimit: 1 });
    const order = recordStarts(e);
    const other = submitOk(e, { task: 'io.sleep', team: 'b', items: sleeps(9, 2) }); // holds the one slot
    const low = submitOk(e, { task: 'io.sleep', team: 'a', items: sleeps(3, 2) });
    const mid = submitOk(e, { task: 'io.sleep', team: 'a', items: sleeps(3, 2), priority: 5 });
    const high = submitOk(e, { task: 'io.sleep', team: 'a', items: sleeps(3, 2), priority: 10 });
    expect([low.priority, mid.priority, high.priority]).toEqual([0, 5, 10]);
    await Promise.all([other, low, mid, high].map((b) => e.waitForBatch(b.id)));

    const name = new Map([
      [low.id, 'low'],
      [mid.id, 'mid'],
      [high.id, 'high'],
      [other.id, 'other'],
    ]);
    const named = order.map((id) => name.get(id)!);
    expect(named.filter((n) => n !== 'other')).toEqual(['high', 'high', 'high', 'mid', 'mid', 'mid', 'low', 'low', 'low']);
    // Team b still got every other slot while team a had work: priorities order a team's own batches only.
    expect(named.slice(0, 18).filter((_, i) => i % 2 === 0)).toEqual(Array(9).fill('other'));
  });

  it('holds each team to its in-flight quota on the lane, while another team uses the rest', async () => {
    const e = await engine({ teamMaxInFlightPerLane: 1 });
    const a = submitOk(e, { task: 'io.sleep', team: 'a', items: sleeps(6, 20), strategy: { executor: 'ASYNC', concurrency: 4 } });
    const b = submitOk(e, { task: 'io.sleep', team: 'b', items: sleeps(6, 20), strategy: { executor: 'ASYNC', concurrency: 4 } });
    const [doneA, doneB] = await Promise.all([e.waitForBatch(a.id), e.waitForBatch(b.id)]);
    expect([doneA.counts.succeeded, doneB.counts.succeeded]).toEqual([6, 6]);
    // Each batch asked for 4 of the lane's 4 slots; the quota let each team hold one: a team's jobs never overlap
    // (each starts at or after the previous one's end), while the two teams' jobs do.
    const spans = (id: string) =>
      e
        .listJobs(id, undefined, 10)
        .items.map((j) => [j.startedAt!.getTime(), j.finishedAt!.getTime()] as const)
        .sort((x, y) => x[0] - y[0]);
    const overlaps = (s: ReadonlyArray<readonly [number, number]>) => s.some(([start], i) => i > 0 && start < s[i - 1]![1]);
    expect(overlaps(spans(a.id))).toBe(false);
    expect(overlaps(spans(b.id))).toBe(false);
    expect(overlaps([...spans(a.id), ...spans(b.id)].sort((x, y) => x[0] - y[0]))).toBe(true);
  });
});
