/**
 * The remote lane (issue 9 §5), in the same run as everything else: the cpu workload on REMOTE with one and with two
 * local worker processes against THREADS, the overhead workload on REMOTE with chunks and without, and the latency of
 * one remote job. In process (the engine with a remote lane; Redis and the workers as real processes), so the
 * figures are the transport's cost, not GraphQL's. On one 2-core machine the ceiling is the same 2 cores for every
 * row: what matters is the ratio to THREADS and the cost per job.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine, type SubmitBatchInput } from '@switchyard/engine';
import { fmtMs, fmtRate } from './format.ts';
import { log } from './measure.ts';
import { median, percentile } from './stats.ts';
import { WORKLOADS } from './workloads.ts';
import { startRedis, type RedisServer } from '../tests/helpers/redis.ts';
import { startWorkerProcess, type WorkerProcess } from '../tests/helpers/worker-process.ts';

export interface RemoteResult {
  readonly cores: number;
  readonly cpuJobs: number;
  readonly cpu: { readonly label: string; readonly jobsPerSec: number; readonly wallMs: number }[];
  readonly overheadJobs: number;
  readonly overhead: { readonly label: string; readonly jobsPerSec: number }[];
  latencyMs: { readonly p50: number; readonly p95: number; readonly n: number } | null;
  readonly error?: string;
}

const TIMINGS = { heartbeatMs: 200, lockMs: 30_000, stalledIntervalMs: 30_000, sweepMs: 5_000 };

export async function measureRemote(quick: boolean): Promise<RemoteResult> {
  const cores = os.availableParallelism();
  const cpuJobs = quick ? 20 : 100;
  const overheadJobs = quick ? 1_000 : 5_000;
  const result: RemoteResult = { cores, cpuJobs, cpu: [], overheadJobs, overhead: [], latencyMs: null };
  const dir = mkdtempSync(join(os.tmpdir(), 'switchyard-bench-remote-'));
  let redis: RedisServer | undefined;
  let workers: WorkerProcess[] = [];
  let engine: Engine | undefined;
  try {
    // The tests' real redis-server on a free loopback port (no persistence), stopped by PID.
    redis = await startRedis();
    engine = await createEngine({
      dbPath: join(dir, 'remote.db'),
      logger: false,
      remote: { redisUrl: redis.url, timings: TIMINGS },
      routing: { dataBatchItems: Math.min(1_000, overheadJobs) },
    });
    const cpuItems = Array.from({ length: cpuJobs }, (_, i) => WORKLOADS.cpu.item(i));
    const run = async (input: Omit<SubmitBatchInput, 'items'>, items: unknown[]): Promise<number> => {
      const t0 = performance.now();
      const submitted = engine!.submitBatch({ ...input, items });
      if (!submitted.ok) throw new Error(submitted.error.message);
      const done = await engine!.waitForBatch(submitted.batch.id);
      if (done.counts.succeeded !== items.length) throw new Error(`${done.counts.succeeded}/${items.length} succeeded`);
      return performance.now() - t0;
    };
    const cpuRow = async (label: string, strategy: SubmitBatchInput['strategy']) => {
      await run({ task: 'cpu.pbkdf2', tag: 'CPU', strategy }, cpuItems.slice(0, cores * 2)); // warm-up
      const wallMs = await run({ task: 'cpu.pbkdf2', tag: 'CPU', strategy }, cpuItems);
      result.cpu.push({ label, wallMs, jobsPerSec: cpuJobs / (wallMs / 1000) });
      log(`remote: cpu ${label}: ${fmtRate(cpuJobs / (wallMs / 1000))} jobs/s`);
    };
    await cpuRow('THREADS (in the API)', { executor: 'THREADS' });

    workers = [await startWorker(redis.url, cores)];
    await untilReady(() => engine!.workers().filter((w) => !w.gone).length === 1, 'one worker');
    await cpuRow(`REMOTE, 1 worker × ${cores} slots`, { executor: 'REMOTE' });

    // Overhead: tiny jobs, one BullMQ job each, then in chunks (the decision table's remote rule, data-batch size).
    const noops = Array.from({ length: overheadJobs }, () => ({}));
    for (const [label, input] of [
      ['REMOTE, one job per BullMQ job', { task: 'noop', tag: 'IO', strategy: { executor: 'REMOTE', chunkSize: 1 } }],
      ['REMOTE, 256 jobs per BullMQ job (remote rule)', { task: 'noop', tag: 'CPU' }],
    ] as const) {
      const wallMs = await run(input, noops);
      result.overhead.push({ label, jobsPerSec: overheadJobs / (wallMs / 1000) });
      log(`remote: overhead ${label}: ${fmtRate(overheadJobs / (wallMs / 1000))} jobs/s`);
    }

    // Latency: one job, submitted and awaited, again and again.
    const samples: number[] = [];
    for (let i = 0; i < (quick ? 10 : 50); i++) samples.push(await run({ task: 'noop', strategy: { executor: 'REMOTE' } }, [{}]));
    result.latencyMs = { p50: median(samples), p95: percentile(samples, 95), n: samples.length };
    log(`remote: one job p50 ${fmtMs(result.latencyMs.p50)} ms`);

    // Two workers sharing the same cores: the ceiling stays, the transport is split.
    await stopAll(workers);
    workers = await Promise.all([startWorker(redis.url, Math.max(1, cores / 2)), startWorker(redis.url, Math.max(1, cores / 2))]);
    await untilReady(() => engine!.workers().filter((w) => !w.gone && w.state === 'alive').length === 2, 'two workers');
    await cpuRow(`REMOTE, 2 workers × ${Math.max(1, cores / 2)} slots`, { executor: 'REMOTE' });
    return result;
  } catch (error: unknown) {
    log(`remote: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return { ...result, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await engine?.close(5_000);
    await stopAll(workers);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function remoteSection(r: RemoteResult): string {
  const threads = r.cpu[0];
  const lines = [
    '## Remote lane (BullMQ on Redis, workers on this machine)',
    '',
    `In process, Redis and the workers as real local processes. The ${r.cores} cores are the ceiling of every row: the ratio to THREADS and the cost per job are what the transport adds.`,
    '',
    `| cpu workload (${r.cpuJobs} × PBKDF2) | jobs/s | ratio to THREADS | transport cost per job |`,
    '|---|---|---|---|',
    ...r.cpu.map(
      (row) =>
        `| ${row.label} | ${fmtRate(row.jobsPerSec)} | ${threads ? (row.jobsPerSec / threads.jobsPerSec).toFixed(2) : '—'} | ${
          threads && row !== threads ? `${fmtMs(((row.wallMs - threads.wallMs) / r.cpuJobs) * r.cores)} ms` : '—'
        } |`,
    ),
    '',
    `| overhead workload (${r.overheadJobs} no-op jobs) | jobs/s |`,
    '|---|---|',
    ...r.overhead.map((row) => `| ${row.label} | ${fmtRate(row.jobsPerSec)} |`),
    '',
    r.latencyMs
      ? `One remote job, submit to result (in process): p50 ${fmtMs(r.latencyMs.p50)} ms, p95 ${fmtMs(r.latencyMs.p95)} ms over ${r.latencyMs.n}.`
      : '',
    r.error ? `\n**Failed:** ${r.error}` : '',
    '',
  ];
  return lines.join('\n');
}

/** A remote worker as the tests start one (`npm run worker` without npm), with `slots` slots. */
function startWorker(url: string, slots: number): Promise<WorkerProcess> {
  return startWorkerProcess({ SWITCHYARD_REDIS_URL: url, SWITCHYARD_WORKER_SLOTS: String(slots), SWITCHYARD_REMOTE_HEARTBEAT_MS: '200' });
}

async function stopAll(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.stop(10_000)));
}

async function untilReady(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
