import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '@switchyard/engine';
import { startTestServer } from '../helpers/api-server.ts';
import { engineForEachTest, submitOk, TEST_TASKS } from '../helpers/engine.ts';
import { gql } from '../helpers/graphql.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';
import { IdCodec } from '@switchyard/schema';

const engine = engineForEachTest({ threads: 1 });

const sleeps = (n: number, ms: number) => Array.from({ length: n }, () => ({ ms }));

/**
 * Per batch: jobs started and when. And the io lane's jobs in flight (its slots taken, exact: a slot is freed before
 * the next job takes it, whereas job:finished is announced after), with the most seen at a start since `resetPeak`.
 */
function watchStarts(e: Engine) {
  const started = new Map<string, number>();
  const startTimes = new Map<string, number[]>();
  const ioInFlight = () => e.stats().lanes.find((l) => l.lane === 'io')!.inFlight;
  let peak = 0;
  e.events.on('job:start', ({ batchId, lane }) => {
    started.set(batchId, (started.get(batchId) ?? 0) + 1);
    startTimes.set(batchId, [...(startTimes.get(batchId) ?? []), performance.now()]);
    if (lane === 'io') peak = Math.max(peak, ioInFlight());
  });
  return {
    started: (id: string) => started.get(id) ?? 0,
    startTimes: (id: string) => startTimes.get(id) ?? [],
    ioInFlight,
    ioPeak: () => peak,
    resetPeak: () => (peak = ioInFlight()),
  };
}

/** Runs another batch on the io lane to the end: the lane hands out many slots meanwhile (no sleeping to "let it run"). */
async function driveIoLane(e: Engine): Promise<void> {
  const other = submitOk(e, { task: 'io.sleep', items: sleeps(30, 2), strategy: { executor: 'ASYNC', concurrency: 3 } });
  expect((await e.waitForBatch(other.id)).status).toBe('SUCCEEDED');
}

describe('pausing and resuming a batch', () => {
  it('starts no new job while paused, lets the running ones finish, and runs to the end once resumed', async () => {
    const e = await engine();
    const starts = watchStarts(e);
    const batch = submitOk(e, { task: 'io.sleep', items: sleeps(20, 40), strategy: { executor: 'ASYNC', concurrency: 2 } });
    await waitFor(() => starts.started(batch.id) >= 2, { what: 'two jobs started' });
    const paused = e.pauseBatch(batch.id)!;
    const startedWhenPaused = starts.started(batch.id);
    expect(paused).toMatchObject({ paused: true, status: 'RUNNING' });

    await waitFor(() => e.getBatch(batch.id)!.counts.running === 0, { what: 'the running jobs to finish' });
    await driveIoLane(e);
    expect(starts.started(batch.id)).toBe(startedWhenPaused);
    const held = e.getBatch(batch.id)!;
    expect(held).toMatchObject({ paused: true, status: 'RUNNING' });
    expect(held.counts).toMatchObject({ succeeded: startedWhenPaused, queued: 20 - startedWhenPaused, running: 0 });

    expect(e.resumeBatch(batch.id)!.paused).toBe(false);
    const done = await e.waitForBatch(batch.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', paused: false, counts: { succeeded: 20 } });
    // A finished batch cannot be paused (nothing would resume it); a missing one is null.
    expect(e.pauseBatch(batch.id)!.paused).toBe(false);
    expect(e.pauseBatch('999999')).toBeNull();
  });

  it('keeps a paused batch (and a paused lane) paused across a restart', async () => {
    const dir = tempDir();
    const dbPath = join(dir.path, 'pause.db');
    const open = () => createEngine({ dbPath, logger: false, threads: 1, taskModules: [TEST_TASKS] });
    try {
      const first = await open();
      const batch = submitOk(first, { task: 'io.sleep', items: sleeps(10, 30), strategy: { executor: 'ASYNC', concurrency: 1 } });
      first.pauseBatch(batch.id);
      expect(first.pauseLane('background')).toEqual({ lane: 'background', paused: true });
      await first.close(10_000); // the one running job finishes

      const second = await open();
      try {
        const starts = watchStarts(second);
        expect(second.getBatch(batch.id)).toMatchObject({ paused: true, counts: { succeeded: 1, queued: 9 } });
        expect(second.laneStates().find((l) => l.lane === 'background')?.paused).toBe(true);
        await driveIoLane(second);
        expect(starts.started(batch.id)).toBe(0);
        second.resumeBatch(batch.id);
        expect(await second.waitForBatch(batch.id)).toMatchObject({ status: 'SUCCEEDED', counts: { succeeded: 10 } });
      } finally {
        await second.close(2_000);
      }
    } finally {
      dir.remove();
    }
  });
});

describe('pausing a whole lane', () => {
  it('holds every batch on it while other lanes run, and lets them go on resume', async () => {
    const e = await engine();
    const starts = watchStarts(e);
    expect(e.pauseLane('io')).toEqual({ lane: 'io', paused: true });
    expect(e.pauseLane('no-such-lane')).toBeNull();
    const held = submitOk(e, { task: 'io.sleep', team: 'a', items: sleeps(5, 2) });
    const cpu = submitOk(e, { task: 'cpu.fib', items: [{ n: 10 }, { n: 12 }] });
    expect((await e.waitForBatch(cpu.id)).status).toBe('SUCCEEDED');
    expect(starts.started(held.id)).toBe(0);
    expect(e.stats().lanes.find((l) => l.lane === 'io')?.paused).toBe(true);
    expect(e.resumeLane('io')).toEqual({ lane: 'io', paused: false });
    expect((await e.waitForBatch(held.id)).counts.succeeded).toBe(5);
  });
});

describe('changing a running batch’s concurrency', () => {
  it('raises and lowers how many of its jobs run at once, from the next hand-out', async () => {
    const e = await engine();
    const starts = watchStarts(e);
    const batch = submitOk(e, { task: 'io.sleep', items: sleeps(80, 20), strategy: { executor: 'ASYNC', concurrency: 2 } });
    await waitFor(() => starts.started(batch.id) >= 6, { what: 'a few jobs started' });
    expect(starts.ioPeak()).toBe(2);

    const raised = e.setBatchConcurrency(batch.id, 6)!;
    expect(raised.ok && raised.batch.concurrency).toBe(6);
    await waitFor(() => starts.ioInFlight() === 6, { what: 'six in flight' });

    e.setBatchConcurrency(batch.id, 1);
    await waitFor(() => starts.ioInFlight() <= 1, { what: 'the running jobs above the new limit to finish' });
    starts.resetPeak();
    const done = await e.waitForBatch(batch.id);
    expect(done.counts.succeeded).toBe(80);
    expect(starts.ioPeak()).toBe(1);
    expect(done.concurrency).toBe(1);
  });

  it('validates the concurrency like a submission’s, for the executor the batch runs on', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'cpu.fib', items: [{ n: 5 }] });
    expect(batch.route.executor).toBe('THREADS');
    for (const [value, reason] of [
      [2, /at most the pool's 1 threads/],
      [0, /at least 1/],
      [1.5, /whole number/],
    ] as const) {
      const result = e.setBatchConcurrency(batch.id, value);
      expect(result?.ok).toBe(false);
      if (result && !result.ok)
        expect(result.error).toMatchObject({ kind: 'INVALID_INPUT', field: 'concurrency', message: expect.stringMatching(reason) });
    }
    expect(e.getBatch(batch.id)!.concurrency).toBeNull();
    expect(e.setBatchConcurrency('999999', 1)).toBeNull();
  });
});

describe('a per-batch rate limit', () => {
  it('holds: no window of perMs sees more than `jobs` starts, and the batch takes as long as the limit says', async () => {
    const e = await engine();
    const starts = watchStarts(e);
    const run = async (rateLimit: { jobs: number; perMs: number } | null) => {
      // Room for all 30 at once: only the limit may hold a start back.
      const batch = submitOk(e, { task: 'io.sleep', items: sleeps(30, 1), rateLimit, strategy: { executor: 'ASYNC', concurrency: 30 } });
      const done = await e.waitForBatch(batch.id);
      expect(done.counts.succeeded).toBe(30);
      return { id: batch.id, rateLimit: done.rateLimit };
    };
    // The limited batch first: the unlimited one then runs on warm code, as the limited one's later starts do.
    const limited = await run({ jobs: 10, perMs: 200 });
    const unlimited = await run(null);
    expect(limited.rateLimit).toEqual({ jobs: 10, perMs: 200 });

    // 30 starts at 10 per 200 ms: three windows, so at least 2 × 200 ms from the first start to the last.
    const times = starts.startTimes(limited.id);
    expect(times).toHaveLength(30);
    const idealSpanMs = 400;
    expect((times.at(-1)! - times[0]!) / idealSpanMs).toBeGreaterThan(0.95);
    // Sliding, not fixed, windows (a little under 200 ms, for the clock the events are stamped with).
    for (const t of times) expect(times.filter((s) => s >= t && s < t + 190).length).toBeLessThanOrEqual(10);
    // Without the limit nothing holds the same batch's starts back: they spread over far less than the limited run's
    // two windows. (Starts, not wall times: a first batch on a new engine is mostly start-up cost, which on a loaded
    // machine made a ratio of wall times a coin flip.)
    const free = starts.startTimes(unlimited.id);
    expect(free).toHaveLength(30);
    expect(free.at(-1)! - free[0]!).toBeLessThan(idealSpanMs / 2);
  });

  it('refuses a bad rate limit or priority as data, naming the field, and writes nothing', async () => {
    const e = await engine();
    const cases = [
      [{ rateLimit: { jobs: 0, perMs: 100 } }, 'rateLimit.jobs'],
      [{ rateLimit: { jobs: 5, perMs: 0.5 } }, 'rateLimit.perMs'],
      [{ rateLimit: { jobs: 5, perMs: 10_000_000 } }, 'rateLimit.perMs'],
      [{ priority: 101 }, 'priority'],
      [{ priority: -1.5 }, 'priority'],
    ] as const;
    for (const [options, field] of cases) {
      const result = e.submitBatch({ task: 'io.sleep', items: sleeps(1, 1), ...options });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ kind: 'INVALID_INPUT', field, message: expect.stringContaining(`Invalid ${field}:`) });
    }
    expect(e.listBatches({}, 10).totalCount).toBe(0);
  });
});

describe('flow control over GraphQL', () => {
  it('submits with a priority and a rate limit, pauses, re-tunes and resumes; refusals are data; other teams see null', async () => {
    const t = await startTestServer();
    try {
      const { url, engine: e } = t.server;
      const BATCH = 'id status paused priority concurrency rateLimit { jobs perMs }';
      const submit = await gql<{ submitBatch: { __typename: string; batch?: { id: string; priority: number; rateLimit: unknown } } }>(
        url,
        `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) { __typename ... on SubmitBatchSuccess { batch { ${BATCH} } } } }`,
        {
          input: {
            task: 'io.sleep',
            items: sleeps(6, 50),
            strategy: { executor: 'ASYNC', concurrency: 1 },
            priority: 3,
            rateLimit: { jobs: 50, perMs: 1000 },
          },
        },
      );
      const batch = submit.data!.submitBatch.batch!;
      expect(batch).toMatchObject({ priority: 3, rateLimit: { jobs: 50, perMs: 1000 } });

      const refused = await gql<{ submitBatch: { __typename: string; field: string; message: string } }>(
        url,
        'mutation($input: SubmitBatchInput!) { submitBatch(input: $input) { __typename ... on InvalidInputError { field message } } }',
        { input: { task: 'io.sleep', items: sleeps(1, 1), rateLimit: { jobs: 10, perMs: 0 } } },
      );
      expect(refused.data!.submitBatch).toMatchObject({ __typename: 'InvalidInputError', field: 'rateLimit.perMs' });

      const paused = await gql<{ pauseBatch: { paused: boolean } }>(url, `mutation($id: ID!) { pauseBatch(id: $id) { ${BATCH} } }`, { id: batch.id });
      expect(paused.data!.pauseBatch.paused).toBe(true);
      const set = await gql<{ setBatchConcurrency: { __typename: string; batch?: { concurrency: number }; field?: string } }>(
        url,
        `mutation($id: ID!, $n: Int!) { setBatchConcurrency(id: $id, concurrency: $n) { __typename ... on SetBatchConcurrencySuccess { batch { ${BATCH} } } ... on InvalidInputError { field message } } }`,
        { id: batch.id, n: 3 },
      );
      expect(set.data!.setBatchConcurrency).toMatchObject({ __typename: 'SetBatchConcurrencySuccess', batch: { concurrency: 3 } });
      const bad = await gql<{ setBatchConcurrency: { __typename: string; field: string } }>(
        url,
        'mutation($id: ID!) { setBatchConcurrency(id: $id, concurrency: 0) { __typename ... on InvalidInputError { field } } }',
        { id: batch.id },
      );
      expect(bad.data!.setBatchConcurrency).toEqual({ __typename: 'InvalidInputError', field: 'concurrency' });

      // Another team's batch is indistinguishable from a missing one.
      const theirs = submitOk(e, { task: 'io.sleep', team: 'other', items: sleeps(2, 1) });
      // (Its API id, as the owner would see it: the same opaque id, just not this team's.)
      for (const id of [new IdCodec(e.idSecret).encode('batch', theirs.id), 'b_AAAAAAAAAAAAAAAAAAAAAA']) {
        const r = await gql<Record<string, unknown>>(
          url,
          'mutation($id: ID!) { pauseBatch(id: $id) { id } resumeBatch(id: $id) { id } setBatchConcurrency(id: $id, concurrency: 2) { __typename } }',
          { id },
        );
        expect(r).toEqual({ data: { pauseBatch: null, resumeBatch: null, setBatchConcurrency: null } });
      }
      expect(e.getBatch(theirs.id)!.concurrency).toBeNull();

      const lane = await gql<{ pauseLane: unknown; resumeLane: unknown; unknown: unknown }>(
        url,
        'mutation { pauseLane(lane: "background") { lane paused } resumeLane(lane: "background") { lane paused } unknown: pauseLane(lane: "nope") { lane } }',
      );
      expect(lane.data).toEqual({
        pauseLane: { lane: 'background', paused: true },
        resumeLane: { lane: 'background', paused: false },
        unknown: null,
      });

      const resumed = await gql<{ resumeBatch: { paused: boolean } }>(url, `mutation($id: ID!) { resumeBatch(id: $id) { ${BATCH} } }`, {
        id: batch.id,
      });
      expect(resumed.data!.resumeBatch.paused).toBe(false);
      expect((await e.waitForBatch(new IdCodec(e.idSecret).decode('batch', batch.id)!)).counts.succeeded).toBe(6);
    } finally {
      await t.stop();
    }
  });
});
