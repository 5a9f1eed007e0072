import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../apps/api/src/server.ts';
import { closedPort, startTestServer, type TestServer } from '../helpers/api-server.ts';
import { SwitchyardClient, SwitchyardClientError, type Job } from '@switchyard/client';

let api: TestServer;
let server: RunningServer;
let client: SwitchyardClient;

beforeEach(async () => {
  api = await startTestServer({ maxBatchSize: 2_000 });
  server = api.server;
  client = new SwitchyardClient({ url: server.url });
});

afterEach(async () => {
  client.close();
  await api.stop();
});

async function submitOk(input: Parameters<SwitchyardClient['submit']>[0]) {
  const result = await client.submit(input);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.batch;
}

describe('@switchyard/client against a real server', () => {
  it('submits, waits over batchProgress with progress snapshots, and resolves with the final batch', async () => {
    const batch = await submitOk({ task: 'io.sleep', items: Array.from({ length: 12 }, (_, i) => ({ ms: 5 + i })) });
    const seqs: number[] = [];
    const final = await client.waitFor(batch.id, { onProgress: (p) => seqs.push(p.seq) });
    expect(final).toMatchObject({ id: batch.id, status: 'SUCCEEDED', done: true, counts: { succeeded: 12, finished: 12 } });
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('accepts a base URL with or without /graphql', async () => {
    const withPath = new SwitchyardClient({ url: `${server.url}graphql` });
    try {
      expect(withPath.endpoint.href).toBe(client.endpoint.href);
      expect((await withPath.tasks()).map((t) => t.name)).toContain('io.sleep');
    } finally {
      withPath.close();
    }
  });

  it('returns refusals as typed values, matched on __typename', async () => {
    const unknown = await client.submit({ task: 'no.such.task', items: [{}] });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok && unknown.error.__typename === 'UnknownTaskError') expect(unknown.error.task).toBe('no.such.task');
    else throw new Error(`expected UnknownTaskError, got ${JSON.stringify(unknown)}`);

    const invalid = await client.submit({ task: 'io.sleep', items: [{ ms: 1 }, { ms: 'soon' }] });
    if (invalid.ok || invalid.error.__typename !== 'InvalidItemsError') throw new Error(`expected InvalidItemsError, got ${JSON.stringify(invalid)}`);
    expect(invalid.error.items[0]).toMatchObject({ index: 1, path: ['ms'] });

    const tooMany = await client.submit({ task: 'noop', items: Array.from({ length: 2_001 }, () => ({})) });
    if (tooMany.ok || tooMany.error.__typename !== 'TooManyItemsError') throw new Error(`expected TooManyItemsError, got ${JSON.stringify(tooMany)}`);
    expect(tooMany.error).toMatchObject({ max: 2_000, got: 2_001 });

    const badInput = await client.submit({ task: 'io.sleep', items: [{ ms: 1 }], maxAttempts: 0 });
    if (badInput.ok || badInput.error.__typename !== 'InvalidInputError')
      throw new Error(`expected InvalidInputError, got ${JSON.stringify(badInput)}`);
    expect(badInput.error.field).toBe('maxAttempts');
  });

  it('pages through every job of a batch larger than the 500-job page cap, in submission order', async () => {
    const batch = await submitOk({ task: 'noop', items: Array.from({ length: 1_234 }, () => ({})) });
    await client.waitFor(batch.id);
    const indexes: number[] = [];
    for await (const job of client.results(batch.id)) indexes.push(job.index);
    expect(indexes).toEqual(Array.from({ length: 1_234 }, (_, i) => i));
    const failed: Job[] = [];
    for await (const job of client.results(batch.id, { status: 'FAILED' })) failed.push(job);
    expect(failed).toEqual([]);
  });

  it('with live: true yields jobs as they finish, before the batch has ended, until it ends', async () => {
    // Five short jobs and one that waits a minute: the short ones must arrive while the batch is still running.
    const batch = await submitOk({ task: 'io.sleep', items: [...Array.from({ length: 5 }, () => ({ ms: 1 })), { ms: 60_000 }] });
    const seen: Job[] = [];
    for await (const job of client.results(batch.id, { live: true })) {
      seen.push(job);
      if (seen.length === 5) {
        expect((await client.batch(batch.id))?.done).toBe(false);
        expect(await client.cancel(batch.id)).toMatchObject({ id: batch.id });
      }
    }
    expect(seen).toHaveLength(6);
    expect(seen.slice(0, 5).every((j) => j.status === 'SUCCEEDED')).toBe(true);
    expect(seen[5]).toMatchObject({ index: 5, status: 'CANCELLED' });
  });

  it('submits a file by path (CSV) and as a stream (JSON lines) through submitBatchFile', async () => {
    const csv = join(api.dir, 'items.csv');
    writeFileSync(csv, 'ms\n3\n4\n');
    const fromPath = await client.submitFile(csv, { task: 'io.sleep', waitMs: 10_000 });
    expect(fromPath).toMatchObject({ ok: true, batch: { status: 'SUCCEEDED', total: 2 } });

    const fromStream = await client.submitFile(Readable.from(['{"ms":1}\n', '{"ms":2}\n{"ms":3}\n']), {
      task: 'io.sleep',
      format: 'JSONL',
      waitMs: 10_000,
    });
    if (!fromStream.ok) throw new Error(fromStream.error.message);
    const inputs: unknown[] = [];
    for await (const job of client.results(fromStream.batch.id)) inputs.push(job.input);
    expect(inputs).toEqual([{ ms: 1 }, { ms: 2 }, { ms: 3 }]);

    const malformed = await client.submitFile(Readable.from(['{"ms":1}\nnot json\n']), { task: 'io.sleep', format: 'JSONL' });
    if (malformed.ok || malformed.error.__typename !== 'InvalidFileError')
      throw new Error(`expected InvalidFileError, got ${JSON.stringify(malformed)}`);
    expect(malformed.error.rows[0]?.row).toBe(2);
  });

  it('retries failed jobs and compares strategies, waiting for the verdict', async () => {
    const broken = await submitOk({ task: 'test.broken', items: [{ message: 'boom' }] });
    expect(await client.waitFor(broken.id)).toMatchObject({ status: 'FAILED', failures: [{ code: 'BROKEN', message: 'boom', count: 1 }] });
    expect(await client.retryFailed(broken.id)).toMatchObject({ id: broken.id });
    expect(await client.waitFor(broken.id)).toMatchObject({ status: 'FAILED', counts: { failed: 1 } });

    const compared = await client.compare({
      task: 'io.sleep',
      generate: { count: 6, template: { ms: 5 } },
      strategies: [{ executor: 'SEQUENTIAL' }, { executor: 'ASYNC', concurrency: 6 }],
    });
    if (!compared.ok) throw new Error(compared.error.message);
    expect(compared.comparison.status).toBe('SUCCEEDED');
    expect(compared.comparison.runs.map((r) => r.executor)).toEqual(['SEQUENTIAL', 'ASYNC']);
    expect(compared.comparison.verdict).toBeTruthy();
  });

  it('stops waiting when its signal is aborted, leaving the batch running', async () => {
    const batch = await submitOk({ task: 'io.sleep', items: [{ ms: 60_000 }] });
    const controller = new AbortController();
    const waiting = client.waitFor(batch.id, { signal: controller.signal, onProgress: () => controller.abort(new Error('enough')) });
    await expect(waiting).rejects.toThrow('enough');
    expect((await client.batch(batch.id))?.done).toBe(false);
    await client.cancel(batch.id);
  });

  it('throws SwitchyardClientError by kind: UNREACHABLE, UNAUTHENTICATED (with the bearer key sent), PROTOCOL', async () => {
    const nowhere = new SwitchyardClient({ url: `http://127.0.0.1:${await closedPort()}` });
    await expect(nowhere.tasks()).rejects.toMatchObject({ name: 'SwitchyardClientError', kind: 'UNREACHABLE' });
    nowhere.close();

    // A real HTTP server that refuses every request, recording the Authorization header it was sent.
    const seen: Array<string | undefined> = [];
    const guard: Server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"bad key"}]}');
    });
    await new Promise<void>((resolve) => guard.listen(0, '127.0.0.1', resolve));
    const { port } = guard.address() as { port: number };
    const keyed = new SwitchyardClient({ url: `http://127.0.0.1:${port}`, apiKey: 'sekret' });
    try {
      const error: unknown = await keyed.tasks().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SwitchyardClientError);
      expect(error).toMatchObject({ kind: 'UNAUTHENTICATED', status: 401 });
      await expect(keyed.waitFor('1')).rejects.toMatchObject({ kind: 'UNAUTHENTICATED' });
      expect(seen).toEqual(['Bearer sekret', 'Bearer sekret']);
    } finally {
      keyed.close();
      await new Promise<void>((resolve) => guard.close(() => resolve()));
    }

    await expect(client.waitFor('999')).rejects.toMatchObject({ kind: 'PROTOCOL', code: 'NOT_FOUND' });
    const pages = client.results('999');
    await expect(pages.next()).rejects.toMatchObject({ kind: 'PROTOCOL', code: 'NOT_FOUND' });
  });
});
