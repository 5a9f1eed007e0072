import { describe, expect, it } from 'vitest';
import { buildDecisionTable, route, type RoutingThresholds } from './decision-table.ts';

const thresholds: RoutingThresholds = {
  ioHighVolumeItems: 100,
  ioModerateConcurrency: 10,
  ioHighConcurrency: 2000,
  threads: 2,
  processes: 2,
  backgroundConcurrency: 2,
  dataBatchItems: 10_000,
  chunkSize: 256,
};
const table = buildDecisionTable(thresholds);
const facts = (tag: 'IO' | 'CPU' | 'MIXED', items: number, background = false) => ({ tag, items, background });

describe('the decision table routes every kind of batch to the executor that suits it', () => {
  it('sends a moderate I/O batch to the async queue at a small concurrency', () => {
    const r = route(facts('IO', 99), table, thresholds);
    expect(r).toMatchObject({ rule: 'io-moderate', executor: 'ASYNC', concurrency: 10, lane: 'io' });
    expect(r.reason).toContain('99 items');
  });

  it('sends a high-volume I/O batch to the async queue at a large concurrency', () => {
    expect(route(facts('IO', 100), table, thresholds)).toMatchObject({ rule: 'io-high', executor: 'ASYNC', concurrency: 2000 });
    expect(route(facts('IO', 50_000), table, thresholds)).toMatchObject({ rule: 'io-high', concurrency: 2000 });
  });

  it('sends large CPU batches to the pool in chunks (data batches)', () => {
    const r = route(facts('CPU', 10_000), table, thresholds);
    expect(r).toMatchObject({ rule: 'data-batch', executor: 'THREADS', concurrency: 2 });
    expect(r.phases[0]!.chunkSize).toBe(256);
    expect(r.reason).toContain('256 jobs per message');
  });

  it('sends CPU work to the worker pool, one thread per core', () => {
    for (const n of [1, 100, 9_999]) {
      expect(route(facts('CPU', n), table, thresholds)).toMatchObject({ rule: 'cpu', executor: 'THREADS', concurrency: 2, lane: 'cpu' });
    }
  });

  it('splits mixed work into an I/O phase on the async queue and a CPU phase on the pool', () => {
    const r = route(facts('MIXED', 20), table, thresholds);
    expect(r.rule).toBe('mixed');
    expect(r.phases).toEqual([
      { phase: 'io', executor: 'ASYNC', concurrency: 10 },
      { phase: 'cpu', executor: 'THREADS', concurrency: 2 },
    ]);
    expect(route(facts('MIXED', 500), table, thresholds).phases[0]!.concurrency).toBe(2000);
  });

  it('sends work that asks for isolation to child processes, whatever its tag', () => {
    expect(route({ ...facts('CPU', 5), isolate: true }, table, thresholds)).toMatchObject({
      rule: 'isolated',
      executor: 'PROCESSES',
      lane: 'processes',
      concurrency: 2,
    });
    expect(route({ ...facts('IO', 5000), isolate: true }, table, thresholds).rule).toBe('isolated');
  });

  it('puts background work on its own low-priority lane whatever its tag', () => {
    expect(route(facts('CPU', 5, true), table, thresholds)).toMatchObject({
      rule: 'background',
      executor: 'ASYNC',
      lane: 'background',
      concurrency: 2,
    });
  });

  it('lets a strategy override the table, and says what the table would have chosen', () => {
    const r = route(facts('CPU', 10), table, thresholds, { executor: 'ASYNC', concurrency: 7 });
    expect(r).toMatchObject({ rule: 'override', executor: 'ASYNC', concurrency: 7, lane: 'io' });
    expect(r.reason).toContain('would have chosen THREADS');
    expect(route(facts('IO', 10), table, thresholds, { executor: 'SEQUENTIAL', concurrency: 50 })).toMatchObject({
      concurrency: 1,
      lane: 'sequential',
    });
    expect(route(facts('IO', 10), table, thresholds, { executor: 'THREADS' })).toMatchObject({ concurrency: 2, lane: 'cpu' });
  });

  it('follows configured thresholds', () => {
    const custom = { ...thresholds, ioHighVolumeItems: 10, ioHighConcurrency: 64 };
    expect(route(facts('IO', 10), buildDecisionTable(custom), custom)).toMatchObject({ rule: 'io-high', concurrency: 64 });
  });
});
