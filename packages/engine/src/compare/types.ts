import type { BatchStatus, ExecutorKind, JobTag, Strategy } from '../types.ts';

export const COMPARISON_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
/** FAILED: a run could not be measured (the engine stopped, a submission was refused). */
export type ComparisonStatus = (typeof COMPARISON_STATUSES)[number];

/** What one strategy did with the items, measured the same way for every strategy. */
export interface ComparisonRun {
  readonly executor: ExecutorKind;
  readonly concurrency: number;
  readonly batchId: string;
  readonly status: BatchStatus;
  /** Submit to last result, ms. */
  readonly wallMs: number;
  /** Jobs per second over wallMs. */
  readonly throughput: number;
  /** Baseline wall time ÷ this wall time (baseline: SEQUENTIAL if it ran, else the first strategy). */
  readonly speedup: number;
  /** The best speedup this strategy could reach on this machine for this kind of work. */
  readonly idealSpeedup: number;
  /** speedup ÷ idealSpeedup. */
  readonly efficiency: number;
  /** CPU time of this process (main + worker threads) during the run, ms. */
  readonly cpuMs: number;
  /** Highest resident set size sampled during the run, MiB. */
  readonly peakRssMb: number;
  /** Main-thread event-loop delay p99 during the run, ms: how much the strategy blocked the loop. */
  readonly eventLoopP99Ms: number;
  /** Jobs that did not succeed. */
  readonly errors: number;
}

export interface ComparisonRecord {
  id: string;
  team: string;
  name: string | null;
  task: string;
  tag: JobTag;
  total: number;
  status: ComparisonStatus;
  strategies: Strategy[];
  runs: ComparisonRun[];
  verdict: string | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface CompareStrategiesInput {
  readonly task: string;
  readonly tag?: JobTag | null;
  /** The items, or a generator: `count` copies of `template` (a string "{{index}}" inside becomes the index). */
  readonly items?: readonly unknown[] | null;
  readonly generate?: { readonly count: number; readonly template?: unknown } | null;
  readonly strategies?: readonly Strategy[] | null;
  /** A concurrency sweep: one executor at several concurrencies. */
  readonly sweep?: { readonly executor: ExecutorKind; readonly concurrencies: readonly number[] } | null;
  readonly timeoutMs?: number | null;
  readonly name?: string | null;
  readonly team?: string;
}

/** One job on the task-stream timeline: which slot ran it and when, relative to the run's start. */
export interface TimelineEntry {
  readonly index: number;
  readonly slot: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly status: string;
}
