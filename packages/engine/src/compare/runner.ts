import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { coerceError, type SubmitError } from '../errors.ts';
import { LoopWatch } from '../metrics.ts';
import type { Store } from '../store/store.ts';
import type { BatchRecord, ComparisonRecord, ComparisonRun, JobTag, Strategy, SubmitBatchInput } from '../types.ts';
import { strategyName } from './labels.ts';
import { idealSpeedup, verdict } from './verdict.ts';

/** What the runner needs from the engine: submit a batch of the comparison and wait for it. */
export interface BatchRunner {
  submit(input: SubmitBatchInput & { comparisonId: string }): { ok: true; batch: BatchRecord } | { ok: false; error: SubmitError };
  waitForBatch(id: string): Promise<BatchRecord>;
  /** Told when a run's batch starts (to cancel it, and to follow it live) and when it has ended (null). */
  running(comparisonId: string, batchId: string | null): void;
  /** Told after each change, so watchers can follow the comparison live. */
  changed(comparisonId: string): void;
}

export interface ComparisonPlan {
  readonly record: ComparisonRecord;
  readonly items: unknown[];
  readonly tag: JobTag;
  readonly strategies: readonly Strategy[];
  readonly timeoutMs?: number | null | undefined;
  readonly cores: number;
}

const RSS_SAMPLE_MS = 50;

/** How a run used the event loops: the optional figures of ComparisonRun, always present on a new run. */
export type RunLoopFigures = Required<Pick<ComparisonRun, 'mainLoopLongestBlockMs' | 'mainLoopUtilization' | 'jobsBlockedMs' | 'workerUtilization'>>;

const WORKER_EXECUTORS: ReadonlySet<string> = new Set(['THREADS', 'PROCESSES', 'REMOTE']);

/** The loop figures of one finished run, from the main loop's reading and the batch's recorded usage. */
export function loopFigures(
  main: { longestBlockMs: number; utilization: number },
  usage: { blockedMs: number; busyMs: number },
  run: { executor: string; concurrency: number; wallMs: number; items: number; cores: number },
): RunLoopFigures {
  const workers = Math.max(1, Math.min(run.concurrency, run.items, run.cores));
  const onWorkers = WORKER_EXECUTORS.has(run.executor);
  return {
    mainLoopLongestBlockMs: main.longestBlockMs,
    mainLoopUtilization: main.utilization,
    jobsBlockedMs: usage.blockedMs,
    workerUtilization: onWorkers && run.wallMs > 0 ? Math.min(1, usage.busyMs / (run.wallMs * workers)) : null,
  };
}

/**
 * Runs the same items under each strategy, one after another so they do not compete, measuring each the same way:
 * wall time from submit to last result, CPU time of the process, peak RSS, and how the event loops were used (the
 * main thread's longest block and utilisation, the jobs' own blocked time, the workers' busy share).
 *
 * The comparison's row is changed only through guarded transitions that apply while it is RUNNING. When one does
 * not apply, someone else ended it (a cancel): the runner stops there and writes nothing more.
 */
export async function runComparison(plan: ComparisonPlan, runner: BatchRunner, store: Store, log: Logger): Promise<void> {
  const { record } = plan;
  const runs: ComparisonRun[] = [];
  try {
    for (const strategy of plan.strategies) {
      if (!(await warmUp(plan, strategy, runner, store))) return;
      const run = await measure(plan, strategy, runner, store);
      if (!run) return;
      runs.push(run);
      if (!store.recordComparisonRuns(record.id, withSpeedups(plan, runs))) return;
      runner.changed(record.id);
    }
    const measured = withSpeedups(plan, runs);
    const ended = verdict(plan.tag, measured, plan.cores, plan.items.length);
    store.finishComparison(record.id, { status: 'SUCCEEDED', runs: measured, verdict: ended }, Date.now());
  } catch (thrown: unknown) {
    const error = coerceError(thrown);
    log.error({ err: error, comparisonId: record.id }, 'comparison failed');
    store.finishComparison(record.id, { status: 'FAILED', error: error.message, runs: withSpeedups(plan, runs) }, Date.now());
  } finally {
    runner.running(record.id, null);
    runner.changed(record.id);
  }
}

/** Items in the unmeasured warm-up before each strategy: enough to start its slots and warm the task's code. */
const WARM_UP_ITEMS = 8;

/**
 * An unmeasured run of a few items on the strategy first, so no measured run pays for cold code, cold caches or
 * a slot starting up — otherwise whichever strategy runs first (usually the SEQUENTIAL baseline) looks slower.
 * False when the comparison ended meanwhile.
 */
async function warmUp(plan: ComparisonPlan, strategy: Strategy, runner: BatchRunner, store: Store): Promise<boolean> {
  const items = plan.items.slice(0, Math.min(WARM_UP_ITEMS, Math.max(1, Math.ceil(plan.items.length / 10))));
  return (await runStrategy(plan, strategy, runner, store, items, ' warm-up')) !== null;
}

/**
 * Submits `items` under the strategy as a batch of the comparison and waits for it to end; null when the comparison
 * is no longer running. The status read and the submit are one synchronous step, so a cancel cannot fall between
 * them: it either sees this batch as running (and cancels it) or the runner sees the cancel.
 */
async function runStrategy(
  plan: ComparisonPlan,
  strategy: Strategy,
  runner: BatchRunner,
  store: Store,
  items: unknown[],
  suffix = '',
): Promise<BatchRecord | null> {
  const { record } = plan;
  if (store.getComparison(record.id)?.status !== 'RUNNING') return null;
  const submitted = runner.submit({
    task: record.task,
    tag: plan.tag,
    items,
    strategy,
    timeoutMs: plan.timeoutMs,
    name: `${record.name ?? `comparison ${record.id}`}: ${strategyName(strategy)}${suffix}`,
    team: record.team,
    comparisonId: record.id,
  });
  if (!submitted.ok) throw new Error(`${strategy.executor}: ${submitted.error.message}`);
  runner.running(record.id, submitted.batch.id);
  const done = await runner.waitForBatch(submitted.batch.id);
  return store.getComparison(record.id)?.status === 'RUNNING' ? done : null;
}

/** The measured run of one strategy; null when the comparison ended while it ran. */
async function measure(plan: ComparisonPlan, strategy: Strategy, runner: BatchRunner, store: Store): Promise<ComparisonRun | null> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const watch = new LoopWatch();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), RSS_SAMPLE_MS);
  sampler.unref();
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    const done = await runStrategy(plan, strategy, runner, store, plan.items);
    const mainLoop = watch.stop();
    if (!done) return null;
    const wallMs = performance.now() - started;
    // The batch's usage as committed (the record handed back may predate the last group commit).
    const usage = store.getBatch(done.id)?.usage ?? done.usage;
    const cpu = process.cpuUsage(cpuBefore);
    const c = done.counts;
    // What the run really sent per message: the route's, which may chunk a forced pool strategy (router/).
    const chunkSize = done.route.phases[0]?.chunkSize ?? 1;
    return {
      executor: strategy.executor,
      concurrency: done.route.concurrency,
      ...(chunkSize > 1 ? { chunkSize } : {}),
      batchId: done.id,
      status: done.status,
      wallMs,
      throughput: (done.total / wallMs) * 1000,
      speedup: 1,
      idealSpeedup: 1,
      efficiency: 1,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: Math.max(peakRss, process.memoryUsage.rss()) / 1024 / 1024,
      eventLoopP99Ms: loop.count > 0 ? loop.percentile(99) / 1e6 : 0,
      errors: c.failed + c.timedOut + c.cancelled,
      ...loopFigures(mainLoop, usage, {
        executor: strategy.executor,
        concurrency: done.route.concurrency,
        wallMs,
        items: plan.items.length,
        cores: plan.cores,
      }),
    };
  } finally {
    watch.stop();
    clearInterval(sampler);
    loop.disable();
  }
}

/** Speedup against the baseline (SEQUENTIAL if it ran, else the first run) and efficiency against the ideal. */
function withSpeedups<R extends ComparisonRun>(plan: ComparisonPlan, runs: readonly R[]): R[] {
  const baseline = runs.find((r) => r.executor === 'SEQUENTIAL') ?? runs[0];
  return runs.map((run) => {
    const speedup = baseline ? baseline.wallMs / run.wallMs : 1;
    const ideal = idealSpeedup(plan.tag, run.executor, run.concurrency, plan.items.length, plan.cores);
    return { ...run, speedup, idealSpeedup: ideal, efficiency: speedup / ideal };
  });
}
