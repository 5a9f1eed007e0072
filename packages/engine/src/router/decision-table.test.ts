import { describe, expect, it } from 'vitest';
import { createTaskRegistry } from '../tasks/registry.ts';
import { DEFAULT_MAX_RUN_AT_AHEAD_MS, validateSubmission, type SubmissionLimits } from '../validate.ts';
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

describe('a forced strategy on a data batch chunks as the table would, unless it says otherwise', () => {
  const data = facts('CPU', 10_000);

  it('sends a forced THREADS, PROCESSES or REMOTE data batch in chunks of the table’s size, and says so', () => {
    for (const executor of ['THREADS', 'PROCESSES', 'REMOTE'] as const) {
      const r = route(data, table, thresholds, { executor });
      expect(r).toMatchObject({ rule: 'override', executor });
      expect(r.phases[0]!.chunkSize).toBe(256);
      expect(r.reason).toContain('256 jobs per message (a data batch: 10000 items or more)');
    }
  });

  it('sends one job per message below the data-batch size, or when the strategy asks for chunkSize 1', () => {
    const small = route(facts('CPU', 9_999), table, thresholds, { executor: 'THREADS' });
    expect(small.phases[0]!.chunkSize).toBeUndefined();
    expect(small.reason).not.toContain('per message');
    const one = route(data, table, thresholds, { executor: 'THREADS', chunkSize: 1 });
    expect(one.phases[0]!.chunkSize).toBeUndefined();
    expect(one.reason).toContain('one job per message (as the strategy asks)');
  });

  it('takes a strategy’s own chunkSize over the table’s, at any batch size', () => {
    const big = route(data, table, thresholds, { executor: 'THREADS', concurrency: 1, chunkSize: 64 });
    expect(big.phases).toEqual([{ phase: 'run', executor: 'THREADS', concurrency: 1, chunkSize: 64 }]);
    expect(big.reason).toContain('64 jobs per message (as the strategy asks)');
    expect(route(facts('CPU', 50), table, thresholds, { executor: 'PROCESSES', chunkSize: 10 }).phases[0]!.chunkSize).toBe(10);
  });

  it('never chunks the event-loop executors', () => {
    for (const executor of ['ASYNC', 'SEQUENTIAL'] as const) {
      const r = route(data, table, thresholds, { executor });
      expect(r.phases[0]!.chunkSize).toBeUndefined();
      expect(r.reason).not.toContain('per message');
    }
  });
});

describe('a strategy’s chunkSize is validated', () => {
  const limits: SubmissionLimits = {
    maxBatchSize: 100,
    maxTimeoutMs: 60_000,
    maxAttempts: 5,
    maxConcurrency: 100,
    threads: 2,
    processes: 2,
    maxRunAtAheadMs: DEFAULT_MAX_RUN_AT_AHEAD_MS,
  };
  const submit = async (strategy: { executor: 'THREADS' | 'PROCESSES' | 'ASYNC' | 'SEQUENTIAL'; chunkSize?: unknown }) =>
    validateSubmission({ task: 'cpu.fib', items: [{ n: 3 }], strategy: strategy as never }, await createTaskRegistry(), limits);

  it('refuses a chunkSize outside 1..10000 or not a whole number, naming strategy.chunkSize and the reason', async () => {
    for (const [chunkSize, reason] of [
      [0, 'Expected chunkSize to be at least 1'],
      [10_001, 'Expected chunkSize to be at most 10000'],
      [2.5, 'Expected chunkSize to be a whole number'],
    ] as const) {
      const checked = await submit({ executor: 'THREADS', chunkSize });
      expect(checked).toMatchObject({ ok: false, error: { kind: 'INVALID_INPUT', field: 'strategy.chunkSize' } });
      if (!checked.ok) expect(checked.error.message).toBe(`Invalid strategy.chunkSize: ${reason}`);
    }
  });

  it('refuses a chunkSize other than 1 on ASYNC or SEQUENTIAL, and keeps a valid one', async () => {
    const refused = await submit({ executor: 'ASYNC', chunkSize: 8 });
    expect(refused).toMatchObject({ ok: false, error: { field: 'strategy.chunkSize' } });
    if (!refused.ok) expect(refused.error.message).toContain('Expected chunkSize of ASYNC to be 1');
    expect(await submit({ executor: 'SEQUENTIAL', chunkSize: 1 })).toMatchObject({ ok: true });
    expect(await submit({ executor: 'PROCESSES', chunkSize: 10_000 })).toMatchObject({ ok: true, value: { strategy: { chunkSize: 10_000 } } });
  });
});
