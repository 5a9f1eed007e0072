import type { ExecutorKind, JobTag, Strategy } from '../types.ts';

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
