/**
 * How one workload is run and timed on one driver: warm-up, measured runs, and what a run records.
 * Drivers (GraphQL or in-process engine) are interchangeable here; see drivers.ts.
 */
import { graphqlDriver, type Driver, type FinalBatch } from './drivers.ts';
import { cores } from './limits.ts';
import { fmtMs, fmtRate, fmtSec } from './report.ts';
import { median, percentile } from './stats.ts';
import type { Workload } from './workloads.ts';

export interface MeasureOptions {
  /** Smaller counts (Workload.quickCount): a smoke test. */
  readonly quick: boolean;
  /** Measured runs per workload and driver. */
  readonly runs: number;
  /** A run (or warm-up) that takes longer fails its series; the bench moves on. */
  readonly runTimeoutMs: number;
}

export function log(message: string): void {
  // Progress goes to stderr so stdout carries just the report.
  process.stderr.write(`[bench] ${message}\n`);
}

export interface BatchRun {
  readonly kind: 'batch';
  readonly count: number;
  readonly wallMs: number;
  /** Of wallMs, until the (last) submission was accepted. */
  readonly submitMs: number;
  readonly jobsPerSec: number;
  readonly batchIds: readonly string[];
  readonly problems: readonly string[];
  server?: readonly (Record<string, unknown> | null)[];
}

export interface LatencyRun {
  readonly kind: 'latency';
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  /** Median time until submitBatch answered (the rest of each sample is waiting for the result). */
  readonly submitP50: number;
  readonly mean: number;
  readonly max: number;
  readonly samplesMs: readonly number[];
  readonly problems: readonly string[];
}

export type Run = BatchRun | LatencyRun;

export interface Series {
  readonly driver: Driver['kind'];
  readonly runs: Run[];
  error?: string;
  extras: Record<string, unknown>;
}

/** Learned per driver when a server caps batch size: later submissions are split up front. */
const batchCaps = new Map<Driver, number>();

/**
 * Submits `items` as one batch, or as several if the driver reports a cap (TooManyItemsError.max), and
 * starts waiting on each batch as soon as it is accepted. Resolves once all are terminal, with the time
 * (performance.now()) the last submission was accepted.
 */
export async function submitAndWait(
  driver: Driver,
  w: Workload,
  items: readonly unknown[],
  signal: AbortSignal,
): Promise<{ finals: FinalBatch[]; acceptedAt: number }> {
  let cap = batchCaps.get(driver) ?? items.length;
  const waits: Promise<FinalBatch>[] = [];
  let acceptedAt = 0;
  for (let start = 0; start < items.length; ) {
    signal.throwIfAborted();
    const chunk = items.slice(start, start + cap);
    const r = await driver.submit({ task: w.task, tag: w.tag, items: chunk });
    if (!r.ok) {
      if (r.maxItems !== undefined && r.maxItems > 0 && r.maxItems < chunk.length) {
        cap = r.maxItems;
        batchCaps.set(driver, cap);
        log(`${driver.kind}: batches are capped at ${cap} items; splitting`);
        continue;
      }
      throw new Error(`submit rejected: ${r.message}; detail: ${JSON.stringify(r.detail)}`);
    }
    acceptedAt = performance.now();
    const wait = driver.wait(r.id, signal);
    wait.catch(() => {}); // awaited below; this only stops an early rejection from counting as unhandled
    waits.push(wait);
    start += chunk.length;
  }
  return { finals: await Promise.all(waits), acceptedAt };
}

function problemsOf(finals: readonly FinalBatch[]): string[] {
  return finals
    .filter((f) => f.status !== 'SUCCEEDED' || f.succeeded !== f.total)
    .map(
      (f) =>
        `batch ${f.id}: ${f.status}, ${f.succeeded}/${f.total} succeeded` +
        ` (failed ${f.failed}, timedOut ${f.timedOut}, cancelled ${f.cancelled})`,
    );
}

/** One batch of `count` jobs, timed from just before the first submit to the moment the last result is known. */
export async function runBatch(driver: Driver, w: Workload, count: number, signal: AbortSignal): Promise<BatchRun> {
  const items = Array.from({ length: count }, (_, i) => w.item(i));
  const t0 = performance.now();
  const { finals, acceptedAt } = await submitAndWait(driver, w, items, signal);
  const wallMs = performance.now() - t0;
  return {
    kind: 'batch',
    count,
    wallMs,
    submitMs: acceptedAt - t0,
    jobsPerSec: count / (wallMs / 1000),
    batchIds: finals.map((f) => f.id),
    problems: problemsOf(finals),
  };
}

/** `count` one-job submissions, each awaited before the next; each timed from submit to result. */
export async function runSequential(driver: Driver, w: Workload, count: number, signal: AbortSignal): Promise<LatencyRun> {
  const samples: number[] = [];
  const submits: number[] = [];
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const item = w.item(i);
    const t0 = performance.now();
    const { finals, acceptedAt } = await submitAndWait(driver, w, [item], signal);
    samples.push(performance.now() - t0);
    submits.push(acceptedAt - t0);
    problems.push(...problemsOf(finals));
  }
  return {
    kind: 'latency',
    count,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    submitP50: percentile(submits, 50),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    max: Math.max(...samples),
    samplesMs: samples,
    problems,
  };
}

/**
 * Runs `work` with a deadline. On expiry it rejects and aborts `work`'s signal, so a stuck run stops polling
 * the server instead of loading it through the workloads that follow.
 */
export async function withDeadline<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`${what} did not finish within ${ms / 1000} s`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeRun(run: Run): string {
  const warn = run.problems.length ? ` ⚠ ${run.problems.length} batch(es) not fully succeeded` : '';
  if (run.kind === 'latency') return `p50 ${fmtMs(run.p50)} ms, p99 ${fmtMs(run.p99)} ms${warn}`;
  return `${fmtSec(run.wallMs / 1000)} s, ${fmtRate(run.jobsPerSec)} jobs/s${warn}`;
}

/**
 * One workload on every driver: each driver is warmed up, then the measured runs alternate between drivers
 * (GraphQL run 1, engine run 1, GraphQL run 2, …) so that both columns see the same minutes of a shared,
 * drifting host. `beforeEachRun` runs (untimed) before every round: the cpu workload samples its limit there.
 * Never throws: a driver that fails keeps its runs so far and its error, and sits out the remaining rounds.
 */
export async function measure(
  drivers: readonly Driver[],
  w: Workload,
  options: MeasureOptions,
  beforeEachRun?: () => Promise<void> | void,
): Promise<Map<Driver, Series>> {
  const count = options.quick ? w.quickCount : w.count;
  const all = new Map(drivers.map((d) => [d, { driver: d.kind, runs: [], extras: {} } as Series]));
  const live = new Set<Driver>();
  const attempt = async (driver: Driver, step: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      const series = all.get(driver)!;
      series.error = `${step}: ${error instanceof Error ? error.message : String(error)}`;
      live.delete(driver);
      log(`${w.name} ${driver.kind}: FAILED at ${series.error}`);
    }
  };

  for (const driver of drivers) {
    const label = `${w.name} ${driver.kind}`;
    live.add(driver);
    // Warm-up (not measured): the peers' figures are with workers warm, so ours are too. Batch workloads
    // warm up at full size (the cap, if any, is learned here, and queues and pools reach their working size),
    // except cpu, where two jobs per thread start the pool and a full batch would cost seconds.
    await attempt(driver, 'warm-up', async () => {
      log(`${label}: warm-up`);
      await withDeadline<Run>(options.runTimeoutMs, `${label} warm-up`, (signal) =>
        w.shape === 'batch'
          ? runBatch(driver, w, w.name === 'cpu' ? cores() * 2 : count, signal)
          : runSequential(driver, w, Math.min(20, count), signal),
      );
    });
    if (w.name === 'cpu' && live.has(driver)) {
      // The single-job time as this driver sees it: a 1-job batch, submit to result.
      await attempt(driver, '1-job batch', async () => {
        const singles: number[] = [];
        for (let i = 0; i < 3; i++) {
          singles.push((await withDeadline(options.runTimeoutMs, `${label} 1-job batch`, (signal) => runBatch(driver, w, 1, signal))).wallMs);
        }
        const series = all.get(driver)!;
        series.extras.singleJobBatchMs = median(singles);
        series.extras.singleJobBatchSamplesMs = singles;
        log(`${label}: 1-job batch ${fmtMs(median(singles))} ms (median of 3)`);
      });
    }
  }

  for (let r = 0; r < options.runs && live.size > 0; r++) {
    await beforeEachRun?.();
    for (const driver of drivers) {
      if (!live.has(driver)) continue;
      const label = `${w.name} ${driver.kind}`;
      await attempt(driver, `run ${r + 1}`, async () => {
        const run = await withDeadline<Run>(options.runTimeoutMs, `${label} run ${r + 1}`, (signal) =>
          w.shape === 'batch' ? runBatch(driver, w, count, signal) : runSequential(driver, w, count, signal),
        );
        all.get(driver)!.runs.push(run);
        log(`${label} run ${r + 1}/${options.runs}: ${describeRun(run)}`);
      });
    }
  }

  // The server's own view of the measured batches (not timed): wallMs, throughput, route.
  if (w.shape === 'batch') {
    for (const [driver, series] of all) {
      await attempt(driver, 'inspect', async () => {
        for (const run of series.runs) {
          if (run.kind === 'batch') run.server = await Promise.all(run.batchIds.map((id) => driver.inspect(id)));
        }
      });
    }
  }
  return all;
}

/**
 * The same one-job submissions, but learning completion from the batchProgress subscription, as a dashboard
 * would. A few only: it is reported beside the main figure so the subscription's own delay stays visible.
 */
export async function subscriptionLatency(endpoint: string, w: Workload, options: MeasureOptions): Promise<Record<string, unknown>> {
  const n = w.name === 'cpu' ? 3 : options.quick ? 5 : 20;
  try {
    const sse = graphqlDriver(endpoint, { mode: 'sse' });
    const run = await withDeadline(options.runTimeoutMs, `${w.name} via subscription`, (signal) => runSequential(sse, w, n, signal));
    log(`${w.name} graphql, ${n} one-job submissions via subscription: ${describeRun(run)}`);
    return { n, p50: run.p50, p99: run.p99, max: run.max, samplesMs: run.samplesMs };
  } catch (error) {
    return { n, error: error instanceof Error ? error.message : String(error) };
  }
}
