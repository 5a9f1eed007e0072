import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/api-server.ts';
import { gql } from '../helpers/graphql.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tempDir, waitFor as waitForCondition } from '../helpers/temp.ts';

// A real API server on a fresh SQLite file per test: in this process where no restart is needed (it starts in a
// fraction of the time), and as real server processes (as `npm start` runs them) where a crash and restart is the test.
const servers: ServerProcess[] = [];
const inProcess: TestServer[] = [];
const dirs: Array<ReturnType<typeof tempDir>> = [];

afterEach(async () => {
  await Promise.all([...servers.splice(0).map((s) => s.stop()), ...inProcess.splice(0).map((s) => s.stop())]);
  for (const dir of dirs.splice(0)) dir.remove();
});

async function serve(): Promise<{ url: string }> {
  const api = await startTestServer();
  inProcess.push(api);
  return api.server;
}

/** Condition-waits that poll gently: the in-process server shares this event loop, and its timers are under test. */
function waitFor<T>(check: () => T | Promise<T>, options: { what: string; timeoutMs?: number }) {
  return waitForCondition(check, { intervalMs: 100, timeoutMs: 30_000, ...options });
}

function freshDb(): string {
  const dir = tempDir('switchyard-schedules-');
  dirs.push(dir);
  return join(dir.path, 'schedules.db');
}

async function start(dbPath: string): Promise<ServerProcess> {
  // A generous start deadline: on a loaded 2-core host a cold `tsx` start has taken over 30 s.
  const server = await startServerProcess({ SWITCHYARD_DB: dbPath, SWITCHYARD_THREADS: '1', LOG_LEVEL: 'warn' }, { timeoutMs: 60_000 });
  servers.push(server);
  return server;
}

async function crash(server: ServerProcess): Promise<void> {
  await server.kill();
  servers.splice(servers.indexOf(server), 1);
}

async function ok<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await gql<T>(url, query, variables);
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

const CREATE = /* GraphQL */ `
  mutation($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on CreateScheduleSuccess { schedule { id name cron timezone overlap paused nextRunAt createdAt } }
      ... on InvalidInputError { field message }
      ... on InvalidItemsError { items { index path message } }
      ... on Error { message }
    }
  }
`;

interface ScheduleView {
  id: string;
  paused: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  skippedRuns: number;
  createdAt: string;
  batches: { totalCount: number; edges: Array<{ node: { id: string; status: string; runAt: string; createdAt: string } }> };
}

const READ = /* GraphQL */ `
  query($id: ID!) {
    schedule(id: $id) {
      id paused nextRunAt lastRunAt skippedRuns createdAt
      batches(first: 500) { totalCount edges { node { id status runAt createdAt } } }
    }
  }
`;

async function createSchedule(url: string, input: Record<string, unknown>): Promise<{ id: string; createdAt: string }> {
  const d = await ok<{ createSchedule: Record<string, any> }>(url, CREATE, { input });
  if (d.createSchedule.__typename !== 'CreateScheduleSuccess') throw new Error(`createSchedule → ${JSON.stringify(d.createSchedule)}`);
  return d.createSchedule.schedule;
}

const readSchedule = async (url: string, id: string) => (await ok<{ schedule: ScheduleView | null }>(url, READ, { id })).schedule;
const runTimes = (s: ScheduleView) => s.batches.edges.map((e) => Date.parse(e.node.runAt));

const EVERY_SECOND = { name: 'tick', cron: '* * * * * *', batch: { task: 'noop', items: [{}] } };

async function submitHeld(url: string, runAt: Date, items = 2): Promise<string> {
  const d = await ok<{ submitBatch: Record<string, any> }>(
    url,
    `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) { __typename ... on SubmitBatchSuccess { batch { id status runAt startedAt } } ... on Error { message } } }`,
    { input: { task: 'noop', items: Array.from({ length: items }, () => ({})), runAt: runAt.toISOString() } },
  );
  expect(d.submitBatch).toMatchObject({
    __typename: 'SubmitBatchSuccess',
    batch: { status: 'SCHEDULED', runAt: runAt.toISOString(), startedAt: null },
  });
  return d.submitBatch.batch.id;
}

interface BatchView {
  status: string;
  done: boolean;
  runAt: string | null;
  startedAt: string | null;
  counts: { succeeded: number; cancelled: number; queued: number };
}
const readBatch = async (url: string, id: string) =>
  (
    await ok<{ batch: BatchView }>(url, 'query($id: ID!) { batch(id: $id) { status done runAt startedAt counts { succeeded cancelled queued } } }', {
      id,
    })
  ).batch;

describe('schedules, against a real server process', () => {
  it('a seconds cron starts one batch per second, each run time once', async () => {
    const server = await serve();
    const created = await createSchedule(server.url, EVERY_SECOND);
    const s = await waitFor(
      async () => {
        const read = await readSchedule(server.url, created.id);
        return read && read.batches.totalCount >= 4 ? read : null;
      },
      { what: '4 scheduled runs' },
    );
    const times = runTimes(s);
    expect(new Set(times).size).toBe(times.length);
    expect(times.every((t) => t % 1_000 === 0)).toBe(true);
    // Every cron second from the schedule's creation to its last run had its batch (±1 for the edges of the window).
    const expected = Math.floor(Date.parse(s.lastRunAt!) / 1_000) - Math.floor(Date.parse(s.createdAt) / 1_000);
    expect(Math.abs(s.batches.totalCount - expected)).toBeLessThanOrEqual(1);
    expect(Date.parse(s.nextRunAt!)).toBeGreaterThan(Date.parse(s.lastRunAt!));
    await waitFor(async () => (await readSchedule(server.url, created.id))!.batches.edges.every((e) => e.node.status === 'SUCCEEDED'), {
      what: 'the runs to finish',
    });
  });

  it('refuses a bad cron, time zone or batch by naming the field, and writes nothing', async () => {
    const server = await serve();
    const refusal = async (input: Record<string, unknown>) =>
      (await ok<{ createSchedule: Record<string, any> }>(server.url, CREATE, { input })).createSchedule;
    expect(await refusal({ ...EVERY_SECOND, cron: '61 * * * * *' })).toMatchObject({ __typename: 'InvalidInputError', field: 'cron' });
    expect(await refusal({ ...EVERY_SECOND, cron: 'every minute' })).toMatchObject({ __typename: 'InvalidInputError', field: 'cron' });
    expect(await refusal({ ...EVERY_SECOND, timezone: 'Mars/Olympus_Mons' })).toMatchObject({ __typename: 'InvalidInputError', field: 'timezone' });
    expect(await refusal({ ...EVERY_SECOND, batch: { task: 'noop', items: [{}], timeoutMs: 0 } })).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'batch.timeoutMs',
    });
    expect(await refusal({ ...EVERY_SECOND, batch: { task: 'io.sleep', items: [{ ms: 'soon' }] } })).toMatchObject({
      __typename: 'InvalidItemsError',
      items: [{ index: 0, path: ['ms'] }],
    });
    expect(await refusal({ ...EVERY_SECOND, batch: { task: 'no.such.task', items: [{}] } })).toMatchObject({ __typename: 'UnknownTaskError' });
    expect(await refusal({ ...EVERY_SECOND, batch: { task: 'noop', items: [{}], waitMs: 100 } })).toMatchObject({ field: 'batch.waitMs' });
    const after = await ok<{ schedules: { totalCount: number }; batches: { totalCount: number } }>(
      server.url,
      '{ schedules { totalCount } batches { totalCount } }',
    );
    expect(after).toEqual({ schedules: { totalCount: 0 }, batches: { totalCount: 0 } });
  });

  it('pause stops the runs (none is made up on resume), resume goes on, delete stops them for good', async () => {
    const server = await serve();
    const { id } = await createSchedule(server.url, EVERY_SECOND);
    await waitFor(async () => (await readSchedule(server.url, id))!.batches.totalCount >= 1, { what: 'a first run' });

    const paused = await ok<{ pauseSchedule: { paused: boolean; nextRunAt: string | null } }>(
      server.url,
      'mutation($id: ID!) { pauseSchedule(id: $id) { paused nextRunAt } }',
      {
        id,
      },
    );
    expect(paused.pauseSchedule).toEqual({ paused: true, nextRunAt: null });
    const pausedAt = Date.now();
    const before = (await readSchedule(server.url, id))!.batches.totalCount;
    // The scenario needs cron seconds to pass while paused: a held batch released 2 s later marks that they have.
    const marker = await submitHeld(server.url, new Date(Math.ceil((pausedAt + 2_000) / 1_000) * 1_000));
    await waitFor(async () => (await readBatch(server.url, marker)).status === 'SUCCEEDED', { what: 'the marker batch' });
    expect((await readSchedule(server.url, id))!.batches.totalCount).toBe(before);

    const resumedAt = Date.now();
    await ok(server.url, 'mutation($id: ID!) { resumeSchedule(id: $id) { paused } }', { id });
    const resumed = await waitFor(
      async () => {
        const read = (await readSchedule(server.url, id))!;
        return read.batches.totalCount >= before + 2 ? read : null;
      },
      { what: 'runs after resume' },
    );
    // The seconds spent paused were not run afterwards: every new run is a cron time after the resume.
    const newRuns = runTimes(resumed).filter((t) => t > pausedAt);
    expect(newRuns.length).toBeGreaterThanOrEqual(2);
    expect(newRuns.every((t) => t > resumedAt - 1_000)).toBe(true);

    const deleted = await ok<{ deleteSchedule: string | null }>(server.url, 'mutation($id: ID!) { deleteSchedule(id: $id) }', { id });
    expect(deleted.deleteSchedule).toBe(id);
    const deletedAt = Date.now();
    expect(await readSchedule(server.url, id)).toBeNull();
    expect(
      (await ok<{ deleteSchedule: string | null }>(server.url, 'mutation($id: ID!) { deleteSchedule(id: $id) }', { id })).deleteSchedule,
    ).toBeNull();
    const marker2 = await submitHeld(server.url, new Date(Math.ceil((deletedAt + 2_000) / 1_000) * 1_000));
    await waitFor(async () => (await readBatch(server.url, marker2)).status === 'SUCCEEDED', { what: 'the second marker batch' });
    // Its batches stay as history; none was started after the delete (the newest is the marker).
    const all = await ok<{ batches: { edges: Array<{ node: { id: string; createdAt: string; schedule: { id: string } | null } }> } }>(
      server.url,
      '{ batches(first: 500) { edges { node { id createdAt schedule { id } } } } }',
    );
    const startedAfterDelete = all.batches.edges.filter((e) => Date.parse(e.node.createdAt) > deletedAt).map((e) => e.node.id);
    expect(startedAfterDelete).toEqual([marker2]);
    expect(all.batches.edges.every((e) => e.node.schedule === null)).toBe(true);
  });

  it('survives a crash: no run twice, missed seconds not replayed, held batches started on start', async () => {
    const dbPath = freshDb();
    const first = await start(dbPath);
    const { id } = await createSchedule(first.url, EVERY_SECOND);
    await waitFor(async () => (await readSchedule(first.url, id))!.batches.totalCount >= 2, { what: '2 runs before the crash' });
    // Two held batches: one due while the server is down (starts on start), one due after the restart.
    // Due 5 s ahead: the two submissions and the kill fit well before it even on a loaded machine.
    const dueAt = Date.now() + 5_000;
    const dueWhileDown = await submitHeld(first.url, new Date(dueAt));
    const dueAfterRestart = await submitHeld(first.url, new Date(Date.now() + 60_000));
    await crash(first);
    const killedAt = Date.now();
    expect(killedAt).toBeLessThan(dueAt);
    // Down for 3 s at least (three or more cron seconds are missed), and until the first held batch's time has passed.
    await waitFor(() => Date.now() >= Math.max(killedAt + 3_000, dueAt + 1_000), { what: 'the downtime' });
    const restartedAt = Date.now();
    const second = await start(dbPath);
    const readyAt = Date.now();

    const s = await waitFor(
      async () => {
        const read = (await readSchedule(second.url, id))!;
        return runTimes(read).filter((t) => t > readyAt).length >= 2 ? read : null;
      },
      { what: '2 runs after the restart' },
    );
    const times = runTimes(s);
    expect(new Set(times).size).toBe(times.length);
    // The missed-run policy: of the 3+ seconds the server was down, at most one was run (once, on start).
    expect(times.filter((t) => t > killedAt && t <= restartedAt).length).toBeLessThanOrEqual(1);
    expect(times.filter((t) => t > killedAt && t <= readyAt).length).toBeGreaterThanOrEqual(1);
    expect(second.output()).not.toMatch(/UNIQUE constraint/);

    const started = await waitFor(
      async () => {
        const b = await readBatch(second.url, dueWhileDown);
        return b.status === 'SUCCEEDED' ? b : null;
      },
      { what: 'the held batch whose time passed while down' },
    );
    expect(Date.parse(started.startedAt!)).toBeGreaterThanOrEqual(restartedAt);
    expect(await readBatch(second.url, dueAfterRestart)).toMatchObject({ status: 'SCHEDULED', startedAt: null, counts: { queued: 2 } });
  }, 180_000);

  it('holds a runAt batch until its time, and cancels a held one without running a job', async () => {
    const server = await serve();
    const runAt = new Date(Date.now() + 1_500);
    const held = await submitHeld(server.url, runAt, 3);
    const done = await waitFor(
      async () => {
        const b = await readBatch(server.url, held);
        return b.status === 'SUCCEEDED' ? b : null;
      },
      { what: 'the held batch to run' },
    );
    expect(Date.parse(done.startedAt!)).toBeGreaterThanOrEqual(runAt.getTime());
    expect(done.counts.succeeded).toBe(3);

    const later = await submitHeld(server.url, new Date(Date.now() + 60_000), 3);
    const cancelled = await ok<{ cancelBatch: BatchView }>(
      server.url,
      'mutation($id: ID!) { cancelBatch(id: $id) { status done startedAt runAt counts { succeeded cancelled queued } } }',
      {
        id: later,
      },
    );
    expect(cancelled.cancelBatch).toMatchObject({
      status: 'CANCELLED',
      done: true,
      startedAt: null,
      counts: { cancelled: 3, queued: 0, succeeded: 0 },
    });

    // A runAt already past starts at once; one too far ahead is refused, naming the field, and nothing is written.
    const past = await ok<{ submitBatch: { batch: { status: string } } }>(
      server.url,
      'mutation($input: SubmitBatchInput!) { submitBatch(input: $input) { ... on SubmitBatchSuccess { batch { status } } } }',
      { input: { task: 'noop', items: [{}], runAt: new Date(Date.now() - 60_000).toISOString() } },
    );
    expect(past.submitBatch.batch.status).not.toBe('SCHEDULED');
    const total = async () => (await ok<{ batches: { totalCount: number } }>(server.url, '{ batches { totalCount } }')).batches.totalCount;
    const count = await total();
    const far = await ok<{ submitBatch: Record<string, unknown> }>(
      server.url,
      'mutation($input: SubmitBatchInput!) { submitBatch(input: $input) { __typename ... on InvalidInputError { field } } }',
      { input: { task: 'noop', items: [{}], runAt: '2199-01-01T00:00:00Z' } },
    );
    expect(far.submitBatch).toEqual({ __typename: 'InvalidInputError', field: 'runAt' });
    expect(await total()).toBe(count);
  });

  it('overlap: SKIP skips a run while the previous batch runs; CANCEL_PREVIOUS cancels it', async () => {
    const server = await serve();
    const slow = { task: 'io.sleep', items: [{ ms: 2_500 }] };
    const skip = await createSchedule(server.url, { name: 'skip', cron: '* * * * * *', batch: slow, overlap: 'SKIP' });
    const cancel = await createSchedule(server.url, { name: 'cancel', cron: '* * * * * *', batch: slow, overlap: 'CANCEL_PREVIOUS' });
    const [skipped, cancelling] = await waitFor(
      async () => {
        const a = (await readSchedule(server.url, skip.id))!;
        const b = (await readSchedule(server.url, cancel.id))!;
        return a.skippedRuns >= 2 && b.batches.totalCount >= 3 ? ([a, b] as const) : null;
      },
      { what: 'skipped and cancelling runs' },
    );
    await ok(server.url, 'mutation($a: ID!, $b: ID!) { a: pauseSchedule(id: $a) { id } b: pauseSchedule(id: $b) { id } }', {
      a: skip.id,
      b: cancel.id,
    });
    // SKIP: never two of its batches unfinished at once, so the runs it did start are 2.5 s+ apart.
    const starts = runTimes(skipped).sort((x, y) => x - y);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(2_000);
    // CANCEL_PREVIOUS: each newer run cancelled the one before it (2.5 s of work never fits in 1 s); the last one runs on.
    expect(cancelling.batches.totalCount).toBeGreaterThanOrEqual(3);
    const settled = await waitFor(
      async () => {
        const read = (await readSchedule(server.url, cancel.id))!;
        return read.batches.edges.every((e) => ['SUCCEEDED', 'CANCELLED'].includes(e.node.status)) ? read : null;
      },
      { what: 'the cancelling schedule’s batches to end' },
    );
    const [newest, ...older] = settled.batches.edges.map((e) => e.node.status);
    expect(newest).toBe('SUCCEEDED');
    expect(older.every((status) => status === 'CANCELLED')).toBe(true);
  });
});
