import type { ComparisonRun, ExecutorKind, JobTag } from '../types.ts';
import { runLabel } from './labels.ts';

/**
 * The best speedup over one-at-a-time a strategy can reach here: threads (or processes) are bounded by the cores,
 * waits by the concurrency, and computing work on the event loop by one core.
 */
export function idealSpeedup(tag: JobTag, executor: ExecutorKind, concurrency: number, items: number, cores: number): number {
  const slots = Math.max(1, Math.min(concurrency, items));
  if (executor === 'SEQUENTIAL') return 1;
  if (tag === 'CPU') return executor === 'ASYNC' ? 1 : Math.min(slots, cores);
  return slots;
}

const x = (n: number) => `${n >= 10 ? n.toFixed(0) : n.toFixed(1)}x`;
const pct = (n: number) => `${Math.round(n * 100)}%`;

/** The comparison in plain words, one sentence per strategy, then the winner. */
export function verdict(tag: JobTag, runs: readonly ComparisonRun[], cores: number, items = Number.POSITIVE_INFINITY): string {
  if (runs.length === 0) return 'No strategy ran.';
  const baseline = runs.find((r) => r.executor === 'SEQUENTIAL') ?? runs[0]!;
  const base = baseline.executor === 'SEQUENTIAL' ? 'SEQUENTIAL' : runLabel(baseline);
  const sentences: string[] = [];
  for (const run of runs) {
    if (run === baseline) continue;
    const name = runLabel(run);
    if (run.speedup < 1.1 || run.idealSpeedup <= 1) {
      // With an ideal of 1x (one event loop, computing work) any difference is noise, not a gain.
      sentences.push(`${name} gained nothing (${x(run.speedup)} vs ${base})${why(tag, run)}`);
    } else {
      const limit = tag === 'CPU' && run.executor !== 'ASYNC' ? `the ${cores}-core limit` : `the ideal ${x(run.idealSpeedup)}`;
      sentences.push(`${name}: ${x(run.speedup)} faster than ${base}, ${pct(run.efficiency)} of ${limit}${why(tag, run)}`);
    }
  }
  const best = [...runs].sort((a, b) => a.wallMs - b.wallMs)[0]!;
  sentences.push(`Fastest: ${runLabel(best)} (${Math.round(best.wallMs)} ms, ${best.throughput.toFixed(1)} jobs/s)`);
  const sweep = plateau(runs, items);
  if (sweep) sentences.push(sweep);
  return `${sentences.join('. ')}.`;
}

/** The longest main-thread block of a run: measured by the runner's loop watch, else (older runs) the delay p99. */
function longestBlockMs(run: ComparisonRun & { mainLoopLongestBlockMs?: number }): number {
  return run.mainLoopLongestBlockMs ?? run.eventLoopP99Ms;
}

function why(tag: JobTag, run: ComparisonRun): string {
  const block = longestBlockMs(run);
  const blocked = block >= 100 ? `; it blocked the main thread for up to ${Math.round(block)} ms at a time` : '';
  if (tag === 'CPU' && (run.executor === 'ASYNC' || run.executor === 'SEQUENTIAL'))
    return `: this work is CPU-bound, and one event loop computes one job at a time${blocked}`;
  if (tag === 'IO' && (run.executor === 'THREADS' || run.executor === ('PROCESSES' as ExecutorKind)))
    return ': this work waits, and a pool holds only one wait per worker';
  return blocked;
}

/** For a sweep of one executor: the concurrency past which more stopped helping (within 10% of the best). */
function plateau(runs: readonly ComparisonRun[], items: number): string | null {
  const executors = new Set(runs.map((r) => r.executor));
  if (executors.size !== 1 || runs.length < 3) return null;
  const sorted = [...runs].sort((a, b) => a.concurrency - b.concurrency);
  const best = Math.max(...sorted.map((r) => r.throughput));
  const enough = sorted.find((r) => r.throughput >= best * 0.9)!;
  const last = sorted.at(-1)!;
  if (enough !== last) return `More concurrency stopped helping above ${enough.concurrency} (within 10% of the best)`;
  // Every item already runs at once: more slots cannot help; what is left is the per-job cost.
  if (last.concurrency >= items)
    return `At concurrency ${last.concurrency} every item already runs at once: what remains is per-job cost, not too few slots`;
  return `Throughput still rose at concurrency ${last.concurrency}: try higher`;
}
