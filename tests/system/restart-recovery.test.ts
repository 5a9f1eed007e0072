import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gql, subscribe } from '../helpers/graphql.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';

const servers: ServerProcess[] = [];
let dir: ReturnType<typeof tempDir> | undefined;

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  dir?.remove();
});

async function start(dbPath: string): Promise<ServerProcess> {
  const server = await startServerProcess({ SWITCHYARD_DB: dbPath, LOG_LEVEL: 'warn' });
  servers.push(server);
  return server;
}

interface BatchView {
  status: string;
  total: number;
  counts: { queued: number; running: number; succeeded: number; failed: number };
}

describe('nothing accepted is lost across a crash', () => {
  it('requeues the jobs a SIGKILLed server was running and finishes the batch after restart', async () => {
    dir = tempDir();
    const dbPath = join(dir.path, 'crash.db');
    const first = await start(dbPath);
    const submitted = await gql<{ submitBatch: { batch: { id: string } } }>(
      first.url,
      `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) { ... on SubmitBatchSuccess { batch { id } } } }`,
      { input: { task: 'io.sleep', items: Array.from({ length: 60 }, () => ({ ms: 300 })), strategy: { executor: 'ASYNC', concurrency: 10 } } },
    );
    const id = submitted.data!.submitBatch.batch.id;
    const readBatch = async (url: string) =>
      (await gql<{ batch: BatchView }>(url, 'query($id: ID!) { batch(id: $id) { status total counts { queued running succeeded failed } } }', { id }))
        .data!.batch;

    // Kill it mid-batch: some jobs done, ten running, the rest queued.
    await waitFor(
      async () => {
        const b = await readBatch(first.url);
        return b.counts.succeeded >= 10 && b.counts.running === 10;
      },
      { what: 'batch mid-way' },
    );
    await first.kill();
    servers.splice(servers.indexOf(first), 1);

    const second = await start(dbPath);
    const progress = await subscribe<{ batchProgress: { done: boolean; status: string; counts: { succeeded: number } } }>(
      second.url,
      'subscription($id: ID!) { batchProgress(id: $id) { done status counts { succeeded } } }',
      { id },
      (p) => p.data?.batchProgress.done === true,
    );
    expect(progress.at(-1)!.data!.batchProgress).toMatchObject({ done: true, status: 'SUCCEEDED', counts: { succeeded: 60 } });

    const after = await gql<{
      batch: {
        jobs: { edges: Array<{ node: { status: string; attempts: number; history: Array<{ status: string; error: { code: string } | null }> } }> };
      };
    }>(
      second.url,
      'query($id: ID!) { batch(id: $id) { jobs(first: 100) { edges { node { status attempts history { status error { code } } } } } } }',
      { id },
    );
    const jobs = after.data!.batch.jobs.edges.map((e) => e.node);
    expect(jobs).toHaveLength(60);
    expect(jobs.every((j) => j.status === 'SUCCEEDED')).toBe(true);
    // The jobs that were running at the kill ran again, and say so: attempt 2, with the interrupted attempt kept.
    const interrupted = jobs.filter((j) => j.attempts === 2);
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    for (const job of interrupted) expect(job.history.map((h) => h.error?.code ?? h.status)).toEqual(['INTERRUPTED', 'SUCCEEDED']);
  }, 240_000); // two server starts, each up to a minute on a loaded machine
});
