import type { z } from 'zod';
import type { Logger } from 'pino';

/** What a running task can see: cancellation, a progress callback and a logger. */
export interface TaskContext {
  /** Aborted when the job times out or is cancelled. Tasks pass it to whatever they wait on. */
  readonly signal: AbortSignal;
  /**
   * Waits `ms` milliseconds; rejects with the abort reason as soon as the job times out or is cancelled. Cheaper
   * than a timer given `signal` (no AbortSignal is made for it on the event loop).
   */
  sleep(ms: number): Promise<void>;
  /** Reports progress as a fraction in [0, 1], with an optional message. Cheap; the engine coalesces it. */
  progress(fraction: number, message?: string): void;
  /** Lines go to the server's log and are kept with the job (its last 200 lines or 64 KiB: `Job.logs`). */
  readonly log: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  readonly jobId: string;
  readonly attempt: number;
}

export type TaskKind = 'io' | 'cpu' | 'mixed';

interface TaskBase<I> {
  /** Unique, dotted by convention (`cpu.pbkdf2`). */
  readonly name: string;
  readonly description: string;
  /** Validates and normalises each submitted item (defaults applied). Stored input is the parsed value. */
  readonly input: z.ZodType<I>;
  /** Default per-job timeout; a batch may override it. */
  readonly timeoutMs: number;
  /** An example item, shown by the API and the dashboard. */
  readonly example?: I;
  /** Always run in child processes (crashy or leaky work): routed by the decision table's `isolated` rule. */
  readonly isolate?: boolean;
  /**
   * No longer needed: progress arrives from every task, on every executor (a worker thread posts it on its own
   * channel, opened once per thread). Accepted for task modules written before. @deprecated
   */
  readonly reportsProgress?: boolean;
}

/** An I/O or CPU task: one function. CPU tasks run inside worker threads, imported there by module URL. */
export interface SimpleTaskDefinition<I = any, O = any> extends TaskBase<I> {
  readonly kind: 'io' | 'cpu';
  run(input: I, ctx: TaskContext): O | Promise<O>;
}

/**
 * A mixed task: an I/O phase on the async lane whose output is handed to a CPU phase on the worker pool.
 * The intermediate value crosses a thread boundary, so it must be structured-cloneable.
 */
export interface MixedTaskDefinition<I = any, M = any, O = any> extends TaskBase<I> {
  readonly kind: 'mixed';
  io(input: I, ctx: TaskContext): Promise<M>;
  cpu(intermediate: M, ctx: TaskContext): O | Promise<O>;
}

export type TaskDefinition = SimpleTaskDefinition | MixedTaskDefinition;

/** Which part of a task an executor runs: the whole task, or one phase of a mixed task. */
export type TaskPhase = 'run' | 'io' | 'cpu';

export function defineTask<I, O>(definition: SimpleTaskDefinition<I, O>): SimpleTaskDefinition<I, O>;
export function defineTask<I, M, O>(definition: MixedTaskDefinition<I, M, O>): MixedTaskDefinition<I, M, O>;
export function defineTask(definition: TaskDefinition): TaskDefinition {
  return definition;
}

export function isTaskDefinition(value: unknown): value is TaskDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const hasSchema = typeof (v.input as { safeParse?: unknown } | undefined)?.safeParse === 'function';
  if (typeof v.name !== 'string' || !hasSchema) return false;
  if (v.kind === 'mixed') return typeof v.io === 'function' && typeof v.cpu === 'function';
  return (v.kind === 'io' || v.kind === 'cpu') && typeof v.run === 'function';
}

/** Runs one phase of a task. Shared by the main-thread executors and the worker threads. */
export async function runTaskPhase(task: TaskDefinition, phase: TaskPhase, input: unknown, ctx: TaskContext): Promise<unknown> {
  if (task.kind !== 'mixed') return task.run(input, ctx);
  if (phase === 'io') return task.io(input, ctx);
  if (phase === 'cpu') return task.cpu(input, ctx);
  return task.cpu(await task.io(input, ctx), ctx);
}
