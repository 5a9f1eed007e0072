/**
 * Triage over the real GraphQL API (a real server on loopback, a real SQLite file): failures grouped by code and
 * normalised message, failed jobs across batches with filters, bulk retry and cancel, retryJob, and idempotent
 * submissions racing each other. One server for the file: each test makes batches of its own and reads only those.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startTestServer, type TestServer } from '../helpers/api-server.ts';
import { gql } from '../helpers/graphql.ts';
import { waitFor } from '../helpers/temp.ts';
import { IdCodec } from '@switchyard/schema';

let t: TestServer;
let url: string;

beforeAll(async () => {
  t = await startTestServer({ maxBatchSize: 100 });
  url = t.server.url;
});
afterAll(async () => {
  await t?.stop();
});

async function ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql<T>(url, query, variables);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

const SUBMIT = `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) {
  __typename ... on SubmitBatchSuccess { replayed batch { id } } ... on Error { message } } }`;

/** The API's opaque ids and the engine's row ids, for the checks made on the engine directly. */
const row = (id: string) => new IdCodec(t.server.engine.idSecret).decode('batch', id)!;
const apiJob = (rowId: string) => new IdCodec(t.server.engine.idSecret).encode('job', rowId);

async function submit(input: Record<string, unknown>): Promise<{ id: string; replayed: boolean }> {
  const d = await ok(SUBMIT, { input });
  if (d.submitBatch.__typename !== 'SubmitBatchSuccess') throw new Error(JSON.stringify(d.submitBatch));
  return { id: d.submitBatch.batch.id, replayed: d.submitBatch.replayed };
}

describe('failures grouped by code and normalised message', () => {
  it('makes one group of 30 refused URLs, with examples, in the batch and across batches', async () => {
    const ports = await Promise.all(Array.from({ length: 30 }, () => closedPort()));
    const { id } = await submit({ task: 'http.check', tag: 'IO', items: ports.map((p) => ({ url: `http://127.0.0.1:${p}/health?n=${p}` })) });
    await t.server.engine.waitForBatch(row(id));

    const d = await ok(`query($id: ID!) { batch(id: $id) { status counts { failed } failures { code message count examples sampleJobId } } }`, {
      id,
    });
    expect(d.batch.counts.failed).toBe(30);
    expect(d.batch.failures).toHaveLength(1);
    const [group] = d.batch.failures;
    console.log(`[triage] 30 refused URLs → ${JSON.stringify(group)}`);
    expect(group.count).toBe(30);
    expect(group.code).toBe('ECONNREFUSED');
    expect(group.message).not.toMatch(/\d{2,}/); // ports and addresses masked
    expect(group.message).toMatch(/<addr>|<url>/);
    expect(group.examples.length).toBeGreaterThanOrEqual(1);
    expect(group.examples[0]).toMatch(/127\.0\.0\.1:\d+/);

    const across = await ok(`query($f: FailedJobsFilter) { failureGroups(filter: $f) { code count } }`, { f: { batchId: id } });
    expect(across.failureGroups).toEqual([{ code: 'ECONNREFUSED', count: 30 }]);
  });
});

describe('failed jobs across batches', () => {
  it('lists, filters and pages failed jobs of the team only, and retries and cancels by filter', async () => {
    const task = 'test.broken';
    const a = await submit({ task, items: [{ message: 'disk 7 full' }, { message: 'disk 9 full' }], name: 'triage a' });
    const b = await submit({ task, items: [{ message: 'disk 3 full' }], name: 'triage b' });
    await Promise.all([t.server.engine.waitForBatch(row(a.id)), t.server.engine.waitForBatch(row(b.id))]);
    // Another team's failure with the same code: never visible to this team.
    const foreign = t.server.engine.submitBatch({ task, items: [{ message: 'disk 1 full' }], team: 'globex' });
    if (!foreign.ok) throw new Error('foreign batch refused');
    await t.server.engine.waitForBatch(foreign.batch.id);

    const LIST = `query($f: FailedJobsFilter, $first: Int, $after: String) { failedJobs(filter: $f, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { task node { id batchId status error { code message } } } } }`;
    const since = new Date(Date.now() - 60_000).toISOString();
    const filter = { task, code: 'BROKEN', since };
    const page1 = await ok(LIST, { f: filter, first: 2 });
    expect(page1.failedJobs.totalCount).toBe(3);
    expect(page1.failedJobs.pageInfo.hasNextPage).toBe(true);
    const page2 = await ok(LIST, { f: filter, first: 2, after: page1.failedJobs.pageInfo.endCursor });
    const all = [...page1.failedJobs.edges, ...page2.failedJobs.edges];
    expect(all).toHaveLength(3);
    expect(new Set(all.map((e: any) => e.node.batchId))).toEqual(new Set([a.id, b.id]));
    expect(all.every((e: any) => e.task === task && e.node.error.code === 'BROKEN')).toBe(true);
    // Groups: "disk <n> full" once, 3 jobs.
    const groups = await ok(`query($f: FailedJobsFilter) { failureGroups(filter: $f) { message count } }`, { f: filter });
    expect(groups.failureGroups).toEqual([{ message: 'disk <n> full', count: 3 }]);
    // A code that matches nothing, and a time window in the future.
    expect((await ok(LIST, { f: { ...filter, code: 'NOPE' } })).failedJobs.totalCount).toBe(0);
    expect((await ok(LIST, { f: { ...filter, since: new Date(Date.now() + 60_000).toISOString() } })).failedJobs.totalCount).toBe(0);

    // Bulk retry: the three jobs (not the other team's) run again with a fresh budget, and fail again.
    const retried = await ok(`mutation($f: FailedJobsFilter!) { retryJobs(filter: $f) { jobs batches } }`, { f: filter });
    expect(retried.retryJobs).toEqual({ jobs: 3, batches: 2 });
    await waitFor(() => [a.id, b.id].every((id) => t.server.engine.getBatch(row(id))!.status === 'FAILED'), {
      what: 'retried batches failing again',
    });
    const job = t.server.engine.listJobs(row(a.id), undefined, 1).items[0]!;
    expect(job).toMatchObject({ attempts: 2, attemptBase: 1 });
    expect(t.server.engine.getBatch(foreign.batch.id)!.counts.failed).toBe(1);
    expect(t.server.engine.listJobs(foreign.batch.id, undefined, 1).items[0]!.attempts).toBe(1);
  });

  it('cancels the rest of the unfinished batches that keep failing like the filter', async () => {
    // One job fails at once; one long sleep runs beside it (concurrency 2) and two more wait behind it.
    const { id } = await submit({
      task: 'test.mixedFate',
      items: [{ fail: true }, { sleepMs: 60_000 }, { sleepMs: 60_000 }, { sleepMs: 60_000 }],
      strategy: { executor: 'ASYNC', concurrency: 2 },
    });
    await waitFor(() => t.server.engine.getBatch(row(id))!.counts.failed === 1, { what: 'the first failure' });
    const CANCEL = `mutation($f: FailedJobsFilter!) { cancelJobs(filter: $f) { jobs batches } }`;
    // Another code matches nothing, so nothing is cancelled.
    expect((await ok(CANCEL, { f: { code: 'ECONNREFUSED', batchId: id } })).cancelJobs).toEqual({ jobs: 0, batches: 0 });
    expect((await ok(CANCEL, { f: { code: 'DOOMED', batchId: id } })).cancelJobs).toEqual({ jobs: 3, batches: 1 });
    const done = await t.server.engine.waitForBatch(row(id));
    expect(done).toMatchObject({ status: 'CANCELLED', counts: { failed: 1, cancelled: 3 } });
  });

  it('retryJob is null for a job of another team, and retries this team’s job', async () => {
    const foreign = t.server.engine.submitBatch({ task: 'test.broken', items: [{ message: 'x' }], team: 'globex' });
    if (!foreign.ok) throw new Error('refused');
    await t.server.engine.waitForBatch(foreign.batch.id);
    const foreignJob = t.server.engine.listJobs(foreign.batch.id, undefined, 1).items[0]!;
    const RETRY = `mutation($id: ID!) { retryJob(id: $id) { id attempts attemptsInBudget maxAttempts } }`;
    expect((await ok(RETRY, { id: apiJob(foreignJob.id) })).retryJob).toBeNull();
    expect(t.server.engine.getJob(foreignJob.id)!.attempts).toBe(1);

    const mine = await submit({ task: 'test.broken', items: [{ message: 'y' }], maxAttempts: 2 });
    await t.server.engine.waitForBatch(row(mine.id));
    const job = t.server.engine.listJobs(row(mine.id), undefined, 1).items[0]!;
    expect(job.attempts).toBe(2);
    await ok(RETRY, { id: apiJob(job.id) });
    await waitFor(() => t.server.engine.getBatch(row(mine.id))!.status === 'FAILED' && t.server.engine.getJob(job.id)!.attempts === 4, {
      what: 'a second budget spent',
    });
    const d = await ok(`query($id: ID!) { job(id: $id) { attempts attemptsInBudget maxAttempts history { attempt } } }`, { id: apiJob(job.id) });
    // Never "4 of 2": the budget is per retry, the history holds all four.
    expect(d.job).toMatchObject({ attempts: 4, attemptsInBudget: 2, maxAttempts: 2 });
    expect(d.job.history.map((h: any) => h.attempt)).toEqual([1, 2, 3, 4]);
  });
});

describe('idempotent submissions', () => {
  it('creates one batch for 20 concurrent submissions with one key', async () => {
    const input = { task: 'io.sleep', items: [{ ms: 1 }], idempotencyKey: `race-${Date.now()}` };
    const results = await Promise.all(Array.from({ length: 20 }, () => submit(input)));
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const listed = await ok(`{ batches(first: 500) { edges { node { id } } } }`);
    expect(listed.batches.edges.filter((e: any) => ids.has(e.node.id))).toHaveLength(1);
  });
});
