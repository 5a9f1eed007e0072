import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';
import type { BatchRecord, JobTag, Strategy, SubmitBatchInput } from '../types.ts';
import type { SubmitError } from '../validate.ts';
import type { ComparisonRecord, ComparisonRun } from './types.ts';
import { idealSpeedup, verdict } from './verdict.ts';

/** What the runner needs from the engine: submit a batch and wait for it. */
export interface BatchRunner {
  submit(input: SubmitBatchInput & { comparisonId: string }): { ok: true; batch: BatchRecord } | { ok: false; error: SubmitError };
  waitForBatch(id: string): Promise<BatchRecord>;
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

/**
 * Runs the same items under each strategy, one after another so they do not compete, measuring each the same way:
 * wall time from submit to last result, CPU time of the process, peak RSS, main-thread event-loop delay p99.
 */
export async function runComparison(plan: ComparisonPlan, runner: BatchRunner, store: Store, log: Logger): Promise<void> {
  const { record } = plan;
  const runs: ComparisonRun[] = [];
  try {
    for (const strategy of plan.strategies) {
      if (store.getComparison(record.id)?.status === 'CANCELLED') return;
      await warmUp(plan, strategy, runner);
      if (store.getComparison(record.id)?.status === 'CANCELLED') return;
      runs.push(await measure(plan, strategy, runner));
      store.updateComparison(record.id, { runs: withSpeedups(plan, runs) });
      runner.changed(record.id);
    }
    const measured = withSpeedups(plan, runs);
    store.updateComparison(record.id, { status: 'SUCCEEDED', runs: measured, verdict: verdict(plan.tag, measured, plan.cores, plan.items.length), finishedAt: Date.now() });
  } catch (error: unknown) {
    log.error({ err: error, comparisonId: record.id }, 'comparison failed');
    store.updateComparison(record.id, { status: 'FAILED', error: (error as Error).message, runs: withSpeedups(plan, runs), finishedAt: Date.now() });
  } finally {
    runner.changed(record.id);
  }
}

/** Items in the unmeasured warm-up before each strategy: enough to start its slots and warm the task's code. */
const WARM_UP_ITEMS = 8;

/**
 * An unmeasured run of a few items on the strategy first, so no measured run pays for cold code, cold caches or
 * a slot starting up — otherwise whichever strategy runs first (usually the SEQUENTIAL baseline) looks slower.
 */
async function warmUp(plan: ComparisonPlan, strategy: Strategy, runner: BatchRunner): Promise<void> {
  const items = plan.items.slice(0, Math.min(WARM_UP_ITEMS, Math.max(1, Math.ceil(plan.items.length / 10))));
  await runStrategy(plan, strategy, runner, items, ' warm-up');
}

/** Submits `items` under the strategy as a batch of the comparison and waits for it to end. */
async function runStrategy(plan: ComparisonPlan, strategy: Strategy, runner: BatchRunner, items: unknown[], suffix = ''): Promise<BatchRecord> {
  const submitted = runner.submit({
    task: plan.record.task,
    tag: plan.tag,
    items,
    strategy,
    timeoutMs: plan.timeoutMs,
    name: `${plan.record.name ?? `comparison ${plan.record.id}`}: ${strategy.executor}×${strategy.concurrency ?? 'default'}${suffix}`,
    team: plan.record.team,
    comparisonId: plan.record.id,
  });
  if (!submitted.ok) throw new Error(`${strategy.executor}: ${submitted.error.message}`);
  return runner.waitForBatch(submitted.batch.id);
}

async function measure(plan: ComparisonPlan, strategy: Strategy, runner: BatchRunner): Promise<ComparisonRun> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), RSS_SAMPLE_MS);
  sampler.unref();
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    const done = await runStrategy(plan, strategy, runner, plan.items);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const c = done.counts;
    return {
      executor: strategy.executor,
      concurrency: done.route.concurrency,
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
    };
  } finally {
    clearInterval(sampler);
    loop.disable();
  }
}

/** Speedup against the baseline (SEQUENTIAL if it ran, else the first run) and efficiency against the ideal. */
function withSpeedups(plan: ComparisonPlan, runs: readonly ComparisonRun[]): ComparisonRun[] {
  const baseline = runs.find((r) => r.executor === 'SEQUENTIAL') ?? runs[0];
  return runs.map((run) => {
    const speedup = baseline ? baseline.wallMs / run.wallMs : 1;
    const ideal = idealSpeedup(plan.tag, run.executor, run.concurrency, plan.items.length, plan.cores);
    return { ...run, speedup, idealSpeedup: ideal, efficiency: speedup / ideal };
  });
}
