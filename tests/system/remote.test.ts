import { pbkdf2Sync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gql } from '../helpers/graphql.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.ts';

// One Redis, one API and two workers (one slot each) for the file: starting them is most of the cost on a busy
// 2-core machine. Each test submits batches of its own and begins by waiting for two live workers; a test that
// kills a worker starts its replacement.
const START_MS = 120_000;
let redis: RedisServer;
let api: ServerProcess;
let workers: WorkerProcess[] = [];
/** Replacements still starting: afterAll waits for them, so none is left running when a test fails before its end. */
const starting: Array<Promise<WorkerProcess>> = [];
let dir: ReturnType<typeof tempDir>;
let env: Record<string, string>;

beforeAll(async () => {
  dir = tempDir();
  redis = await startRedis();
  env = {
    SWITCHYARD_REDIS_URL: redis.url,
    // Short timings, so a lost worker is noticed in about a second (production keeps BullMQ's 30 s).
    SWITCHYARD_REMOTE_HEARTBEAT_MS: '300',
    SWITCHYARD_REMOTE_LOCK_MS: '2000',
    SWITCHYARD_REMOTE_STALLED_MS: '1000',
    SWITCHYARD_REMOTE_SWEEP_MS: '500',
    SWITCHYARD_WORKER_SLOTS: '1',
    LOG_LEVEL: 'warn',
  };
  [api, ...workers] = await Promise.all([
    startServerProcess({ ...env, SWITCHYARD_DB: join(dir.path, 'remote.db'), SWITCHYARD_THREADS: '1' }, { timeoutMs: START_MS }),
    startWorkerProcess(env, { timeoutMs: START_MS }),
    startWorkerProcess(env, { timeoutMs: START_MS }),
  ]);
}, START_MS + 30_000);

afterAll(async () => {
  await Promise.allSettled(starting);
  await Promise.all([api?.stop(), ...workers.map((w) => w.stop())]);
  await redis?.stop();
  dir?.remove();
});

interface WorkerView {
  id: string;
  slots: number;
  busy: number;
  jobsDone: number;
  gone: boolean;
}

interface JobView {
  index: number;
  status: string;
  worker: string | null;
  result: { hex?: string } | null;
  error: { code: string } | null;
  history: Array<{ attempt: number; status: string; worker: string | null; error: { code: string; message: string } | null }>;
}

/**
 * Starts the replacement of `workers[slot]` (starting a worker is slow on a busy machine, so it starts while the test
 * goes on); it takes that place once ready, whatever the test's outcome, and is stopped with the others.
 */
function replace(slot: number): Promise<WorkerProcess> {
  const next = startWorkerProcess(env, { timeoutMs: START_MS }).then((worker) => (workers[slot] = worker));
  starting.push(next);
  return next;
}

const liveWorkers = async () =>
  (await gql<{ workers: WorkerView[] }>(api.url, '{ workers { id slots busy jobsDone gone } }')).data!.workers.filter((w) => !w.gone);

async function submit(input: Record<string, unknown>): Promise<string> {
  const answer = await gql<{ submitBatch: { __typename: string; message?: string; batch?: { id: string; route: { executor: string } } } }>(
    api.url,
    `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) {
       __typename ... on SubmitBatchSuccess { batch { id route { executor } } } ... on Error { message } } }`,
    { input },
  );
  const result = answer.data?.submitBatch;
  if (!result?.batch) throw new Error(`submission refused: ${JSON.stringify(answer)}`);
  expect(result.batch.route.executor).toBe('REMOTE');
  return result.batch.id;
}

async function batch(id: string): Promise<{ status: string; counts: { succeeded: number; running: number }; jobs: JobView[] }> {
  const answer = await gql<{ batch: { status: string; counts: { succeeded: number; running: number }; jobs: { edges: Array<{ node: JobView }> } } }>(
    api.url,
    `query($id: ID!) { batch(id: $id) { status counts { succeeded running } jobs(first: 100) { edges { node {
       index status worker result error { code } history { attempt status worker error { code message } } } } } } }`,
    { id },
  );
  const b = answer.data!.batch;
  return { ...b, jobs: b.jobs.edges.map((e) => e.node) };
}

const finished = (id: string, timeoutMs = 60_000) =>
  waitFor(
    async () => {
      const b = await batch(id);
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(b.status) ? b : null;
    },
    { what: `batch ${id} to finish`, timeoutMs, intervalMs: 100 },
  );

const hashes = (n: number, iterations: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ password: `${tag}-${i}`, salt: 'NaCl', iterations }));
const digest = (item: { password: string; salt: string; iterations: number }) =>
  pbkdf2Sync(item.password, item.salt, item.iterations, 32, 'sha256').toString('hex');

beforeEach(async () => {
  // A replacement a failed test left starting takes its place first (it may take up to START_MS).
  await Promise.allSettled(starting);
  await waitFor(async () => (await liveWorkers()).length === 2, { what: 'two live workers', timeoutMs: 30_000, intervalMs: 100 });
});

describe('remote workers through BullMQ on Redis', () => {
  it('runs a cpu.pbkdf2 batch on REMOTE across both workers, every digest right', async () => {
    const items = hashes(8, 50_000, 'digest');
    const id = await submit({ task: 'cpu.pbkdf2', tag: 'CPU', items, strategy: { executor: 'REMOTE' } });
    const done = await finished(id);
    expect(done.status).toBe('SUCCEEDED');
    for (const job of done.jobs) expect(job.result?.hex).toBe(digest(items[job.index]!));
    // Both workers took jobs, and each attempt says which one ran it.
    const ranOn = new Set(done.jobs.map((j) => j.worker));
    expect([...ranOn].sort()).toEqual(workers.map((w) => w.id).sort());
    for (const job of done.jobs) expect(job.history.at(-1)!.worker).toBe(job.worker);
  });

  it('finishes every job when a worker is SIGKILLed mid-job, and records the interrupted attempt', async () => {
    // Long jobs (~0.2-0.5 s each here): what the API shows running on the victim is still running there when it dies.
    // With short ones, on a loaded machine the victim had often finished that job, and died between taking the next
    // one and saying so, which leaves no attempt of its own to record.
    const items = hashes(6, 1_000_000, 'kill');
    const id = await submit({ task: 'cpu.pbkdf2', tag: 'CPU', items, strategy: { executor: 'REMOTE' } });
    const victim = workers[1]!;
    // Kill it while it runs a job, once a few are done.
    await waitFor(
      async () => {
        const b = await batch(id);
        return b.counts.succeeded >= 2 && b.jobs.some((j) => j.status === 'RUNNING' && j.worker === victim.id);
      },
      { what: 'the victim running a job', timeoutMs: 60_000, intervalMs: 20 },
    );
    await victim.kill();
    // Its replacement starts meanwhile; it may take jobs of this batch.
    const replacement = replace(1);
    const done = await finished(id);
    expect(done.status).toBe('SUCCEEDED');
    for (const job of done.jobs) expect(job.result?.hex).toBe(digest(items[job.index]!));
    // The job it was running: its lost part kept as an attempt row naming the dead worker, then finished elsewhere.
    const interrupted = done.jobs.filter((j) => j.history.some((h) => h.worker === victim.id && h.status === 'FAILED'));
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    for (const job of interrupted) {
      expect(job.history.find((h) => h.worker === victim.id)!.error!.code).toBe('WORKER_CRASHED');
      expect(job.history.at(-1)!.status).toBe('SUCCEEDED');
      expect(job.history.at(-1)!.worker).not.toBe(victim.id);
    }
    // No job reported twice: one SUCCEEDED row each.
    for (const job of done.jobs) expect(job.history.filter((h) => h.status === 'SUCCEEDED')).toHaveLength(1);
    // The dead worker is shown as gone; its slot left the lane.
    await waitFor(
      async () => {
        const all = (await gql<{ workers: WorkerView[] }>(api.url, '{ workers { id gone } }')).data!.workers;
        return all.find((w) => w.id === victim.id)?.gone === true;
      },
      { what: 'the killed worker shown as gone', intervalMs: 100 },
    );
    await replacement;
  });

  it('finishes a batch when Redis restarts (empty) mid-batch, and both workers take jobs after it', async () => {
    const items = hashes(12, 100_000, 'redis');
    const id = await submit({ task: 'cpu.pbkdf2', tag: 'CPU', items, strategy: { executor: 'REMOTE' } });
    await waitFor(async () => (await batch(id)).counts.succeeded >= 2, { what: 'the batch under way', intervalMs: 20 });
    await redis.restart();
    const done = await finished(id, 80_000);
    expect(done.status).toBe('SUCCEEDED');
    for (const job of done.jobs) expect(job.result?.hex).toBe(digest(items[job.index]!));
    // No worker sits idle after the reconnect: a new batch runs on both.
    await waitFor(async () => (await liveWorkers()).length === 2, { what: 'both workers heartbeating again', timeoutMs: 30_000, intervalMs: 100 });
    const after = await finished(
      await submit({ task: 'cpu.pbkdf2', tag: 'CPU', items: hashes(8, 50_000, 'after'), strategy: { executor: 'REMOTE' } }),
    );
    expect(after.status).toBe('SUCCEEDED');
    expect(new Set(after.jobs.map((j) => j.worker)).size).toBe(2);
  });

  it('cancels a remote batch: the running work stops on the workers, which keep serving', async () => {
    const id = await submit({ task: 'cpu.fib', tag: 'CPU', items: [{ n: 60 }, { n: 60 }, { n: 60 }], strategy: { executor: 'REMOTE' } });
    await waitFor(async () => (await batch(id)).jobs.filter((j) => j.status === 'RUNNING' && j.worker).length === 2, {
      what: 'both workers running a runaway job',
      intervalMs: 50,
    });
    await waitFor(async () => (await liveWorkers()).every((w) => w.busy === 1), { what: 'the workers reporting busy', intervalMs: 50 });
    const cancelled = await gql<{ cancelBatch: { id: string } }>(api.url, 'mutation($id: ID!) { cancelBatch(id: $id) { id } }', { id });
    expect(cancelled.data!.cancelBatch.id).toBe(id);
    const done = await finished(id);
    expect(done.status).toBe('CANCELLED');
    expect(done.jobs.every((j) => j.status === 'CANCELLED')).toBe(true);
    // fib(60) never ends by itself: busy 0 means the workers terminated the threads.
    await waitFor(async () => (await liveWorkers()).every((w) => w.busy === 0), { what: 'the workers idle again', intervalMs: 50 });
    const next = await finished(await submit({ task: 'cpu.pbkdf2', tag: 'CPU', items: hashes(2, 10_000, 'next'), strategy: { executor: 'REMOTE' } }));
    expect(next.status).toBe('SUCCEEDED');
  });

  it('drains a worker on SIGTERM: its running job finishes there, then it exits and is shown gone', async () => {
    const items = hashes(6, 200_000, 'drain');
    const id = await submit({ task: 'cpu.pbkdf2', tag: 'CPU', items, strategy: { executor: 'REMOTE' } });
    const draining = workers[1]!;
    const running = await waitFor(async () => (await batch(id)).jobs.find((j) => j.status === 'RUNNING' && j.worker === draining.id), {
      what: 'the worker running a job',
      intervalMs: 20,
    });
    const replacement = replace(1);
    expect(await draining.stop()).toBe(0);
    const done = await finished(id);
    expect(done.status).toBe('SUCCEEDED');
    for (const job of done.jobs) expect(job.result?.hex).toBe(digest(items[job.index]!));
    // Finished where it ran, not handed over.
    expect(done.jobs[running.index]!.history).toEqual([expect.objectContaining({ status: 'SUCCEEDED', worker: draining.id })]);
    const all = (await gql<{ workers: WorkerView[] }>(api.url, '{ workers { id gone } }')).data!.workers;
    expect(all.find((w) => w.id === draining.id)?.gone).toBe(true);
    await replacement;
  });

  it('times out a remote cpu.fib {n: 60}; the worker pool keeps serving', async () => {
    const id = await submit({ task: 'cpu.fib', tag: 'CPU', items: [{ n: 60 }], timeoutMs: 1_000, strategy: { executor: 'REMOTE' } });
    const done = await finished(id);
    expect(done.jobs[0]).toMatchObject({ status: 'TIMED_OUT', error: { code: 'TIMEOUT' } });
    await waitFor(async () => (await liveWorkers()).every((w) => w.busy === 0), { what: 'the thread terminated', intervalMs: 50 });
    const items = hashes(4, 10_000, 'after-timeout');
    const next = await finished(await submit({ task: 'cpu.pbkdf2', tag: 'CPU', items, strategy: { executor: 'REMOTE' } }));
    expect(next.status).toBe('SUCCEEDED');
    for (const job of next.jobs) expect(job.result?.hex).toBe(digest(items[job.index]!));
  });

  // Last: it restarts the API.
  it('reconciles after the API is SIGKILLed: results that reached Redis are taken, the rest requeued', async () => {
    const items = hashes(8, 200_000, 'api-kill');
    const id = await submit({ task: 'cpu.pbkdf2', tag: 'CPU', items, strategy: { executor: 'REMOTE' } });
    const atKill = await waitFor(
      async () => {
        const b = await batch(id);
        const running = b.jobs.filter((j) => j.status === 'RUNNING' && j.worker);
        return b.counts.succeeded >= 1 && running.length === 2 ? running.map((j) => j.index) : null;
      },
      { what: 'two remote jobs running', intervalMs: 20 },
    );
    await api.kill();
    // The workers finish what they hold meanwhile: its results wait in Redis for the API.
    api = await startServerProcess({ ...env, SWITCHYARD_DB: join(dir.path, 'remote.db'), SWITCHYARD_THREADS: '1' }, { timeoutMs: START_MS });
    const done = await finished(id);
    expect(done.status).toBe('SUCCEEDED');
    for (const job of done.jobs) expect(job.result?.hex).toBe(digest(items[job.index]!));
    const history = (index: number) => done.jobs[index]!.history.map((h) => h.error?.code ?? h.status);
    // At least one job running at the kill had its result taken from Redis (one attempt); any other was requeued
    // with the interrupted attempt recorded (at-least-once).
    expect(atKill.some((index) => history(index).join() === 'SUCCEEDED')).toBe(true);
    for (const index of atKill) expect([['SUCCEEDED'], ['INTERRUPTED', 'SUCCEEDED']]).toContainEqual(history(index));
  });
});
