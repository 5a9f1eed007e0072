import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../apps/api/src/server.ts';
import { startTestServer, type TestServer } from '../helpers/api-server.ts';
import { printSwitchyardSchema } from '@switchyard/schema';
import { gql, subscribe } from '../helpers/graphql.ts';

let api: TestServer;
let server: RunningServer;

beforeEach(async () => {
  api = await startTestServer({ maxBatchSize: 50 });
  server = api.server;
});

afterEach(() => api.stop());

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      __typename
      ... on SubmitBatchSuccess { batch { id status total route { executor concurrency rule reason } } }
      ... on Error { message }
      ... on InvalidInputError { field issues { path message } }
      ... on InvalidItemsError { items { index path message } }
      ... on TooManyItemsError { max got }
      ... on UnknownTaskError { task }
    }
  }
`;

type SubmitData = { submitBatch: Record<string, any> };
const batchCount = async () => (await gql<{ batches: { totalCount: number } }>(server.url, '{ batches { totalCount } }')).data!.batches.totalCount;

describe('the GraphQL API, against a real server on a random port', () => {
  it('submits a batch, follows it live over the batchProgress subscription, and reads its results', async () => {
    const submitted = await gql<SubmitData>(server.url, SUBMIT, {
      input: { task: 'io.sleep', tag: 'IO', items: Array.from({ length: 30 }, (_, i) => ({ ms: 20 + i })), name: 'nightly pings' },
    });
    const batch = submitted.data!.submitBatch;
    expect(batch.__typename).toBe('SubmitBatchSuccess');
    expect(batch.batch).toMatchObject({ total: 30, route: { executor: 'ASYNC', concurrency: 10, rule: 'io-moderate' } });
    expect(batch.batch.route.reason).toContain('io-moderate');

    const snapshots = await subscribe<{ batchProgress: { seq: number; done: boolean; status: string; counts: { succeeded: number } } }>(
      server.url,
      'subscription($id: ID!) { batchProgress(id: $id) { seq done status counts { succeeded } } }',
      { id: batch.batch.id },
      (p) => p.data?.batchProgress.done === true,
    );
    const progress = snapshots.map((s) => s.data!.batchProgress);
    expect(progress.at(-1)).toMatchObject({ done: true, status: 'SUCCEEDED', counts: { succeeded: 30 } });
    expect(progress.map((p) => p.seq)).toEqual(progress.map((_, i) => i + 1));
    // coalesced: 30 jobs finishing did not produce 30 messages
    expect(progress.length).toBeLessThan(30);

    const read = await gql<{ batch: any }>(
      server.url,
      `query($id: ID!) { batch(id: $id) { name status counts { succeeded } wallMs throughput
         jobs(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node { id index status input result attempts executor waitMs runMs } } } } }`,
      { id: batch.batch.id },
    );
    const b = read.data!.batch;
    expect(b).toMatchObject({ name: 'nightly pings', status: 'SUCCEEDED', counts: { succeeded: 30 } });
    expect(b.wallMs).toBeGreaterThan(0);
    expect(b.throughput).toBeGreaterThan(0);
    expect(b.jobs.totalCount).toBe(30);
    expect(b.jobs.pageInfo.hasNextPage).toBe(true);
    expect(b.jobs.edges[3].node).toMatchObject({
      index: 3,
      status: 'SUCCEEDED',
      input: { ms: 23 },
      result: { slept: 23 },
      attempts: 1,
      executor: 'ASYNC',
    });

    const next = await gql<{ batch: any }>(
      server.url,
      `query($id: ID!, $after: String) { batch(id: $id) { jobs(first: 20, after: $after) { edges { node { index } } pageInfo { hasNextPage } } } }`,
      {
        id: batch.batch.id,
        after: b.jobs.pageInfo.endCursor,
      },
    );
    expect(next.data!.batch.jobs.edges.map((e: any) => e.node.index)).toEqual(Array.from({ length: 10 }, (_, i) => 20 + i));
    expect(next.data!.batch.jobs.pageInfo.hasNextPage).toBe(false);
  });

  it('answers with the finished batch in one round trip when asked to wait', async () => {
    const r = await gql<{ submitBatch: any }>(
      server.url,
      `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) { ... on SubmitBatchSuccess { batch { status counts { succeeded } jobs { edges { node { result } } } } } } }`,
      { input: { task: 'io.sleep', items: [{ ms: 30 }, { ms: 10 }], waitMs: 10_000 } },
    );
    expect(r.data!.submitBatch.batch).toMatchObject({ status: 'SUCCEEDED', counts: { succeeded: 2 } });
    expect(r.data!.submitBatch.batch.jobs.edges.map((e: any) => e.node.result)).toEqual([{ slept: 30 }, { slept: 10 }]);
    const bounded = await gql<{ submitBatch: any }>(
      server.url,
      `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) { ... on SubmitBatchSuccess { batch { id status } } } }`,
      { input: { task: 'io.sleep', items: [{ ms: 60_000 }], waitMs: 50 } },
    );
    expect(bounded.data!.submitBatch.batch.status).toBe('RUNNING');
  });

  it('cancels a running batch through cancelBatch', async () => {
    const submitted = await gql<SubmitData>(server.url, SUBMIT, {
      input: { task: 'io.sleep', items: Array.from({ length: 20 }, () => ({ ms: 60_000 })) },
    });
    const id = submitted.data!.submitBatch.batch.id;
    const cancelled = await gql<{ cancelBatch: any }>(server.url, 'mutation($id: ID!) { cancelBatch(id: $id) { id counts { cancelled } } }', { id });
    expect(cancelled.data!.cancelBatch.counts.cancelled).toBeGreaterThanOrEqual(10);
    const done = await subscribe<{ batchProgress: { done: boolean; status: string; counts: { cancelled: number } } }>(
      server.url,
      'subscription($id: ID!) { batchProgress(id: $id) { done status counts { cancelled } } }',
      { id },
      (p) => p.data?.batchProgress.done === true,
    );
    expect(done.at(-1)!.data!.batchProgress).toMatchObject({ status: 'CANCELLED', counts: { cancelled: 20 } });
  });

  it('streams lane metrics that move while a batch runs', async () => {
    type Snapshot = {
      laneMetrics: { seq: number; lanes: Array<{ lane: string; executor: string; limit: number; history: Array<{ completed: number }> }> };
    };
    const submitted = gql<SubmitData>(server.url, SUBMIT, { input: { task: 'io.sleep', items: Array.from({ length: 40 }, () => ({ ms: 5 })) } });
    const snapshots = await subscribe<Snapshot>(
      server.url,
      'subscription { laneMetrics { seq lanes { lane executor limit history { completed } } } }',
      {},
      (p) => (p.data?.laneMetrics.lanes.find((l) => l.lane === 'io')?.history.reduce((sum, b) => sum + b.completed, 0) ?? 0) > 0,
      15_000,
    );
    expect((await submitted).data!.submitBatch.__typename).toBe('SubmitBatchSuccess');
    const last = snapshots.at(-1)!.data!.laneMetrics;
    expect(last.lanes.map((l) => l.lane).sort()).toEqual(['background', 'cpu', 'io', 'processes', 'sequential']);
    expect(last.lanes.find((l) => l.lane === 'io')).toMatchObject({ executor: 'ASYNC', limit: 10_000 });
    expect(snapshots.map((p) => p.data!.laneMetrics.seq)).toEqual([...snapshots.map((p) => p.data!.laneMetrics.seq)].sort((a, b) => a - b));
  });

  it('lists tasks with their input JSON Schema and the decision table', async () => {
    const r = await gql<{ tasks: any[]; decisionTable: any[] }>(
      server.url,
      '{ tasks { name kind inputSchema } decisionTable { id executor concurrency why batchesRouted } }',
    );
    const pbkdf2 = r.data!.tasks.find((t) => t.name === 'cpu.pbkdf2');
    expect(pbkdf2).toMatchObject({
      kind: 'CPU',
      inputSchema: { type: 'object', required: expect.arrayContaining(['password', 'salt', 'iterations']) },
    });
    expect(r.data!.decisionTable.map((rule) => rule.id)).toEqual(['isolated', 'background', 'io-moderate', 'io-high', 'data-batch', 'cpu', 'mixed']);
  });

  describe('bad input gets a clear error and writes nothing', () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ['an unknown task', { task: 'no.such.task', items: [{}] }, { __typename: 'UnknownTaskError', task: 'no.such.task' }],
      [
        'an item that fails the task schema',
        {
          task: 'cpu.pbkdf2',
          items: [
            { password: 'a', salt: 'b', iterations: 10 },
            { password: 'a', salt: 'b', iterations: 'many' },
          ],
        },
        { __typename: 'InvalidItemsError', items: [{ index: 1, path: ['iterations'], message: expect.stringContaining('number') }] },
      ],
      ['empty items', { task: 'noop', items: [] }, { __typename: 'InvalidInputError', field: 'items' }],
      ['too many items', { task: 'noop', items: Array.from({ length: 51 }, () => ({})) }, { __typename: 'TooManyItemsError', max: 50, got: 51 }],
      [
        'a negative timeout',
        { task: 'noop', items: [{}], timeoutMs: -1 },
        { __typename: 'InvalidInputError', field: 'timeoutMs', message: expect.stringContaining('at least 1') },
      ],
      [
        'an absurd timeout',
        { task: 'noop', items: [{}], timeoutMs: 2_000_000_000 },
        { __typename: 'InvalidInputError', field: 'timeoutMs', message: expect.stringContaining('at most') },
      ],
      ['zero attempts', { task: 'noop', items: [{}], maxAttempts: 0 }, { __typename: 'InvalidInputError', field: 'maxAttempts' }],
      [
        'too many threads',
        { task: 'cpu.fib', items: [{ n: 1 }], strategy: { executor: 'THREADS', concurrency: 999 } },
        { __typename: 'InvalidInputError', field: 'strategy.concurrency' },
      ],
    ];
    it.each(cases)('%s', async (_, input, expected) => {
      const r = await gql<SubmitData>(server.url, SUBMIT, { input });
      expect(r.errors).toBeUndefined();
      expect(r.data!.submitBatch).toMatchObject(expected);
      expect(r.data!.submitBatch.message.length).toBeGreaterThan(10);
      expect(await batchCount()).toBe(0);
    });

    it('malformed JSON', async () => {
      const response = await fetch(`${server.url}graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query": "mutation {',
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      expect(body.errors[0]!.message).toMatch(/JSON|parse/i);
      expect(await batchCount()).toBe(0);
    });

    it('a wrong enum value in the input', async () => {
      const r = await gql<SubmitData>(server.url, SUBMIT, { input: { task: 'noop', items: [{}], tag: 'GPU' } });
      expect(r.errors![0]!.message).toContain('tag');
      expect(await batchCount()).toBe(0);
    });
  });
});

describe('items from an uploaded file (GraphQL multipart request)', () => {
  const UPLOAD = /* GraphQL */ `
    mutation($input: SubmitBatchFileInput!, $file: File!) {
      submitBatchFile(input: $input, file: $file) {
        __typename
        ... on SubmitBatchSuccess { batch { id total } }
        ... on Error { message }
        ... on InvalidFileError { rows { row message } }
        ... on InvalidItemsError { items { index path } }
      }
    }
  `;
  async function upload(input: Record<string, unknown>, name: string, content: string) {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: UPLOAD, variables: { input, file: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new File([content], name));
    const response = await fetch(`${server.url}graphql`, { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
    return (await response.json()) as { data?: { submitBatchFile: any }; errors?: unknown[] };
  }

  it('submits the rows of a CSV file as items, numbers read as numbers', async () => {
    const r = await upload({ task: 'cpu.pbkdf2' }, 'passwords.csv', 'password,salt,iterations\nhunter2,NaCl,1000\nswordfish,NaCl,2000\n');
    expect(r.data!.submitBatchFile).toMatchObject({ __typename: 'SubmitBatchSuccess', batch: { total: 2 } });
    const id = r.data!.submitBatchFile.batch.id;
    const jobs = await gql<{ batch: { jobs: { edges: Array<{ node: { input: unknown } }> } } }>(
      server.url,
      'query($id: ID!) { batch(id: $id) { jobs { edges { node { input } } } } }',
      { id },
    );
    expect(jobs.data!.batch.jobs.edges[1]!.node.input).toMatchObject({ password: 'swordfish', iterations: 2000 });
  });

  it('refuses a file with malformed rows, naming each row, and writes nothing', async () => {
    const r = await upload({ task: 'io.sleep' }, 'items.jsonl', '{"ms": 1}\n{"ms": 2\n\n{"ms": }\n');
    expect(r.data!.submitBatchFile).toMatchObject({ __typename: 'InvalidFileError', rows: [{ row: 2 }, { row: 4 }] });
    expect(r.data!.submitBatchFile.rows[0].message).toContain('Invalid JSON');
    expect(await batchCount()).toBe(0);
  });

  it('checks uploaded items against the task schema like any other items', async () => {
    const r = await upload({ task: 'io.sleep' }, 'items.json', '[{"ms": 1}, {"ms": "soon"}]');
    expect(r.data!.submitBatchFile).toMatchObject({ __typename: 'InvalidItemsError', items: [{ index: 1, path: ['ms'] }] });
    expect(await batchCount()).toBe(0);
  });
});

describe('the printed schema', () => {
  it('is committed and up to date (npm run schema:print)', () => {
    const committed = readFileSync(new URL('../../packages/schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSwitchyardSchema());
  });
});
