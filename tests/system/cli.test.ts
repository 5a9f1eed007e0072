import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../apps/api/src/server.ts';
import { closedPort, startTestServer, type TestServer } from '../helpers/api-server.ts';
import { SwitchyardClient } from '@switchyard/client';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The bin npm linked for the workspace: what `npx switchyard` runs from the repo root. */
const BIN = join(REPO, 'node_modules/.bin/switchyard');
const RUN_TIMEOUT_MS = 60_000;

let api: TestServer;
let server: RunningServer;
let client: SwitchyardClient;

beforeEach(async () => {
  api = await startTestServer({ maxBatchSize: 1_000 });
  server = api.server;
  client = new SwitchyardClient({ url: server.url });
});

afterEach(async () => {
  client.close();
  await api.stop();
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  stdin?: string;
  url?: string;
  /** Called with the child and its stderr so far, on each stderr chunk. */
  onStderr?: (stderr: string, kill: (signal: NodeJS.Signals) => void) => void;
}

/** Runs the real CLI binary (no TTY: stdin, stdout and stderr are pipes), bounded in time. */
function cli(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, {
      cwd: REPO,
      env: { ...process.env, SWITCHYARD_URL: options.url ?? server.url, SWITCHYARD_API_KEY: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: RUN_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

const jsonl = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';

describe('the switchyard CLI, spawned against a real server', () => {
  it('submit --items - --wait --json: exit 0 and the final batch as one JSON object on stdout', async () => {
    const items = Array.from({ length: 8 }, (_, i) => ({ ms: 2 + i }));
    const run = await cli(['submit', '--task', 'io.sleep', '--items', '-', '--wait', '--json', '--timeout', '5s', '--attempts', '2'], {
      stdin: jsonl(items),
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const batch = JSON.parse(lines[0]!);
    expect(batch).toMatchObject({ status: 'SUCCEEDED', counts: { succeeded: 8, failed: 0, finished: 8 }, total: 8 });
    expect(typeof batch.id).toBe('string');
    expect(batch.wallMs).toBeGreaterThan(0);
    const stored = await client.batch(batch.id);
    expect(stored).toMatchObject({ timeoutMs: 5_000, maxAttempts: 2 });
  });

  it('submit --wait on a failing batch (http.check to a closed port): plain progress lines, a summary, exit 1', async () => {
    const port = await closedPort();
    const file = join(api.dir, 'checks.json');
    writeFileSync(file, JSON.stringify([{ url: `http://127.0.0.1:${port}/` }, { url: `http://127.0.0.1:${port}/health` }]));
    const run = await cli(['submit', '--task', 'http.check', '--items', file, '--wait']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/Submitted batch b_[\w-]+: 2 jobs of http\.check/);
    expect(run.stderr).toMatch(/batch b_[\w-]+: 2\/2 finished \(0 ok, 2 failed/);
    expect(run.stderr).toMatch(/: FAILED/);
    expect(run.stdout).toBe('');

    const broken = await cli(['submit', '--task', 'test.broken', '--items', '-', '--wait', '--json'], { stdin: jsonl([{ message: 'boom' }]) });
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ status: 'FAILED', counts: { failed: 1 }, failures: [{ code: 'BROKEN', message: 'boom' }] });
  });

  it('exit 2 when the submission is refused (unknown task, invalid items, bad options), with the refusal as JSON under --json', async () => {
    const unknown = await cli(['submit', '--task', 'no.such.task', '--items', '-', '--json'], { stdin: jsonl([{}]) });
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { __typename: 'UnknownTaskError', task: 'no.such.task' } });

    const invalid = await cli(['submit', '--task', 'io.sleep', '--items', '-'], { stdin: jsonl([{ ms: 'soon' }]) });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('InvalidItemsError');
    expect(invalid.stderr).toContain('items[0].ms');

    const badStrategy = await cli(['submit', '--task', 'io.sleep', '--items', '-', '--strategy', 'WARP:9'], { stdin: jsonl([{ ms: 1 }]) });
    expect(badStrategy.code).toBe(2);
    expect(badStrategy.stderr).toContain('Expected a strategy such as THREADS');
    expect((await client.tasks()).length).toBeGreaterThan(0);
  });

  it('--strategy takes a chunk size (THREADS:2/64), here over --transport ws; a bad chunk size or transport is exit 2', async () => {
    const items = jsonl(Array.from({ length: 100 }, () => ({ n: 5 })));
    const run = await cli(['--transport', 'ws', 'submit', '--task', 'cpu.fib', '--items', '-', '--strategy', 'threads:2/64', '--wait', '--json'], {
      stdin: items,
    });
    expect(run.code, run.stderr).toBe(0);
    const batch = JSON.parse(run.stdout) as { id: string; status: string };
    expect(batch.status).toBe('SUCCEEDED');
    const stored = await client.batch(batch.id);
    expect(stored?.route).toMatchObject({ executor: 'THREADS', concurrency: 2, rule: 'override' });
    const route = (await (
      await fetch(`${server.url}graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query($id: ID!) { batch(id: $id) { route { chunkSize } } }', variables: { id: batch.id } }),
      })
    ).json()) as { data: { batch: { route: { chunkSize: number } } } };
    expect(route.data.batch.route.chunkSize).toBe(64);

    const badChunk = await cli(['submit', '--task', 'cpu.fib', '--items', '-', '--strategy', 'THREADS/0'], { stdin: items });
    expect(badChunk.code).toBe(2);
    expect(badChunk.stderr).toContain('the jobs per message in "THREADS/0"');
    const badTransport = await cli(['--transport', 'smoke', 'tasks']);
    expect(badTransport.code).toBe(2);
    expect(badTransport.stderr).toContain('Expected --transport to be http or ws');
  });

  it('exit 3 when the server is unreachable (a closed port), whether from --url or SWITCHYARD_URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const viaEnv = await cli(['tasks'], { url });
    expect(viaEnv.code).toBe(3);
    expect(viaEnv.stderr).toContain('Cannot reach the Switchyard server');
    const viaFlag = await cli(['--url', url, 'submit', '--task', 'noop', '--items', '-', '--wait'], { stdin: jsonl([{}]) });
    expect(viaFlag.code).toBe(3);
  });

  it('results exports every job as JSON lines and as CSV, matching what was submitted; --status filters', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ ms: i % 4 }));
    const submitted = await client.submit({ task: 'io.sleep', items });
    if (!submitted.ok) throw new Error(submitted.error.message);
    await client.waitFor(submitted.batch.id);

    const asJsonl = await cli(['results', submitted.batch.id]);
    expect(asJsonl.code, asJsonl.stderr).toBe(0);
    const jobs = asJsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jobs.map((j) => j.input)).toEqual(items);
    expect(jobs.map((j) => j.result)).toEqual(items.map((i) => ({ slept: i.ms })));
    expect(jobs.every((j) => j.status === 'SUCCEEDED')).toBe(true);

    const asCsv = await cli(['results', submitted.batch.id, '--format', 'csv']);
    expect(asCsv.code, asCsv.stderr).toBe(0);
    const rows = parseCsv<Record<string, string>>(asCsv.stdout, { columns: true });
    expect(rows.map((r) => JSON.parse(r.input!))).toEqual(items);
    expect(rows.map((r) => Number(r.index))).toEqual(items.map((_, i) => i));
    expect(rows.every((r) => r.status === 'SUCCEEDED')).toBe(true);

    const failedOnly = await cli(['results', submitted.batch.id, '--status', 'FAILED']);
    expect(failedOnly).toMatchObject({ code: 0, stdout: '' });
  });

  it('results --follow streams jobs as they finish and ends with the batch', async () => {
    const submitted = await client.submit({ task: 'io.sleep', items: [{ ms: 1 }, { ms: 60_000 }] });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const id = submitted.batch.id;
    const following = cli(['results', id, '--follow']);
    // The short job has been printed by the time the batch is cancelled: cancel once it has finished.
    for await (const job of client.results(id, { live: true })) {
      if (job.index === 0) break;
    }
    await client.cancel(id);
    const run = await following;
    expect(run.code, run.stderr).toBe(0);
    const jobs = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jobs.map((j) => [j.index, j.status])).toEqual([
      [0, 'SUCCEEDED'],
      [1, 'CANCELLED'],
    ]);
  });

  it('status, cancel, retry and tasks; a missing batch is exit 2', async () => {
    const submitted = await client.submit({ task: 'io.sleep', items: [{ ms: 60_000 }] });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const id = submitted.batch.id;
    const running = await cli(['status', id, '--json']);
    expect(running.code).toBe(0);
    expect(JSON.parse(running.stdout)).toMatchObject({ id, done: false });

    expect((await cli(['cancel', id])).code).toBe(0);
    expect(await client.waitFor(id)).toMatchObject({ status: 'CANCELLED' });
    const cancelled = await cli(['status', id]);
    expect(cancelled.code).toBe(1);
    expect(cancelled.stdout).toContain(`Batch ${id}: CANCELLED`);

    const retried = await cli(['retry', id, '--json']);
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ id });
    await client.cancel(id);

    const tasks = await cli(['tasks', '--json']);
    expect(tasks.code).toBe(0);
    expect(JSON.parse(tasks.stdout).map((t: { name: string }) => t.name)).toContain('test.broken');

    expect((await cli(['status', '99999'])).code).toBe(2);
  });

  it('compare prints the verdict table', async () => {
    // 200 ms waits: 4 × 200 one after another against 200 at once. With 5 ms ones a stall of 15 ms flipped the verdict.
    const run = await cli(['compare', '--task', 'io.sleep', '--strategies', 'SEQUENTIAL,ASYNC:4', '--count', '4', '--template', '{"ms":200}']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^strategy\s+status\s+wall/m);
    expect(run.stdout).toMatch(/^SEQUENTIAL\s+SUCCEEDED/m);
    expect(run.stdout).toMatch(/^ASYNC×4\s+SUCCEEDED/m);
    expect(run.stdout).toContain('faster than SEQUENTIAL');
  });

  it('Ctrl-C during --wait without a TTY detaches and exits 130, leaving the batch running', async () => {
    let interrupted = false;
    const run = await cli(['submit', '--task', 'io.sleep', '--items', '-', '--wait'], {
      stdin: jsonl([{ ms: 60_000 }]),
      onStderr: (stderr, kill) => {
        // The first progress line means the subscription is open.
        if (!interrupted && /batch b_[\w-]+: 0\/1 finished/.test(stderr)) {
          interrupted = true;
          kill('SIGINT');
        }
      },
    });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('Detached from batch');
    const id = /Submitted batch (b_[\w-]+)/.exec(run.stderr)![1]!;
    expect((await client.batch(id))?.done).toBe(false);
    await client.cancel(id);
  });
});
