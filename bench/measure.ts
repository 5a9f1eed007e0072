/**
 * How one workload is run and timed on one driver: warm-up, measured runs, and what a run records.
 * Drivers (GraphQL or in-process engine) are interchangeable here; see drivers.ts.
 */
import { graphqlDriver, type Driver, type FinalBatch } from './drivers.ts';
import { fmtMs, fmtRate, fmtSec } from './format.ts';
import { median, percentile } from './stats.ts';
import type { Spec } from './workloads.ts';

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
  /** The spec measured (its strategy, count…), for the report. */
  readonly spec: Spec;
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
  w: Spec,
  items: readonly unknown[],
  signal: AbortSignal,
): Promise<{ finals: FinalBatch[]; acceptedAt: number }> {
  let cap = batchCaps.get(driver) ?? items.length;
  const waits: Promise<FinalBatch>[] = [];
  let acceptedAt = 0;
  for (let start = 0; start < items.length;) {
    signal.throwIfAborted();
    const chunk = items.slice(start, start + cap);
    const r = await driver.submit({ task: w.task, tag: w.tag, items: chunk, strategy: w.strategy });
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
    const wait = r.final ? Promise.resolve(r.final) : driver.wait(r.id, signal);
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
        `batch ${f.id}: ${f.status}, ${f.succeeded}/${f.total} succeeded` + ` (failed ${f.failed}, timedOut ${f.timedOut}, cancelled ${f.cancelled})`,
    );
}

/** One batch of `count` jobs, timed from just before the first submit to the moment the last result is known. */
export async function runBatch(driver: Driver, w: Spec, count: number, signal: AbortSignal): Promise<BatchRun> {
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
export async function runSequential(driver: Driver, w: Spec, count: number, signal: AbortSignal): Promise<LatencyRun> {
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

/** One thing to measure: a spec on a driver. */
export interface Entry {
  readonly driver: Driver;
  readonly spec: Spec;
}

/**
 * Several entries (one workload on every driver, or several strategies of one workload on one driver): each
 * is warmed up, then the measured runs alternate between entries (entry 1 run 1, entry 2 run 1, entry 1 run 2,
 * …) so that all of them see the same minutes of a shared, drifting host. `beforeEachRun` runs (untimed)
 * before every round: the cpu workload samples its limit there. Never throws: an entry that fails keeps its
 * runs so far and its error, and sits out the remaining rounds. Returns one series per entry, in order.
 */
export async function measure(entries: readonly Entry[], options: MeasureOptions, beforeEachRun?: () => Promise<void> | void): Promise<Series[]> {
  const all = entries.map(({ driver, spec }): Series => ({ driver: driver.kind, spec, runs: [], extras: {} }));
  const live = new Set<number>();
  const attempt = async (i: number, step: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      all[i]!.error = `${step}: ${error instanceof Error ? error.message : String(error)}`;
      live.delete(i);
      log(`${labelOf(entries[i]!)}: FAILED at ${all[i]!.error}`);
    }
  };
  const countOf = (spec: Spec) => (options.quick ? spec.quickCount : spec.count);
  const timed = <T>(e: Entry, step: string, work: (signal: AbortSignal) => Promise<T>) =>
    withDeadline(options.runTimeoutMs, `${labelOf(e)} ${step}`, work);

  for (const [i, e] of entries.entries()) {
    const { driver, spec } = e;
    const count = countOf(spec);
    live.add(i);
    // Warm-up (not measured): the peers' figures are with workers warm, so ours are too. Batch workloads
    // warm up at full size unless the spec says less (the cap, if any, is learned here, and queues and pools
    // reach their working size).
    await attempt(i, 'warm-up', async () => {
      log(`${labelOf(e)}: warm-up`);
      await timed<Run>(e, 'warm-up', (signal) =>
        spec.shape === 'batch'
          ? runBatch(driver, spec, Math.min(count, spec.warmUpCount ?? count), signal)
          : runSequential(driver, spec, Math.min(20, count), signal),
      );
    });
    if (spec.probeSingleJob && live.has(i)) {
      // The single-job time as this driver sees it: a 1-job batch, submit to result.
      await attempt(i, '1-job batch', async () => {
        const singles: number[] = [];
        for (let k = 0; k < 3; k++) singles.push((await timed(e, '1-job batch', (signal) => runBatch(driver, spec, 1, signal))).wallMs);
        all[i]!.extras.singleJobBatchMs = median(singles);
        all[i]!.extras.singleJobBatchSamplesMs = singles;
        log(`${labelOf(e)}: 1-job batch ${fmtMs(median(singles))} ms (median of 3)`);
      });
    }
  }

  for (let r = 0; r < options.runs && live.size > 0; r++) {
    await beforeEachRun?.();
    for (const [i, e] of entries.entries()) {
      if (!live.has(i)) continue;
      const { driver, spec } = e;
      await attempt(i, `run ${r + 1}`, async () => {
        const run = await timed<Run>(e, `run ${r + 1}`, (signal) =>
          spec.shape === 'batch' ? runBatch(driver, spec, countOf(spec), signal) : runSequential(driver, spec, countOf(spec), signal),
        );
        all[i]!.runs.push(run);
        log(`${labelOf(e)} run ${r + 1}/${options.runs}: ${describeRun(run)}`);
      });
    }
  }

  // The server's own view of the measured batches (not timed): wallMs, throughput, route.
  for (const [i, { driver, spec }] of entries.entries()) {
    if (spec.shape !== 'batch') continue;
    await attempt(i, 'inspect', async () => {
      for (const run of all[i]!.runs) {
        if (run.kind === 'batch') run.server = await Promise.all(run.batchIds.map((id) => driver.inspect(id)));
      }
    });
  }
  return all;
}

function labelOf({ driver, spec }: Entry): string {
  return `${spec.label ?? spec.name} ${driver.name}`;
}

/**
 * The same one-job submissions, but learning completion from the batchProgress subscription, as a dashboard
 * would. A few only: it is reported beside the main figure so the subscription's own delay stays visible.
 */
export async function subscriptionLatency(endpoint: string, w: Spec, options: MeasureOptions): Promise<Record<string, unknown>> {
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
