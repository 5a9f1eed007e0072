import type { TaskPhase } from '../tasks/define.ts';
import type { LogLine } from '../triage/job-log.ts';
import type { WorkerOutcome } from './thread-worker.ts';
import type { ExecutorKind, JobErrorInfo } from '../types.ts';
import { Abort } from './abort.ts';

/** One job attempt (or one phase of it) handed to an executor. */
export interface ExecRequest {
  readonly jobId: string;
  readonly attempt: number;
  readonly task: string;
  readonly phase: TaskPhase;
  readonly input: unknown;
  /**
   * Aborted on timeout or cancellation, with the reason (a JobTimeoutError, JobCancelledError…). The executor
   * must then settle promptly, rejecting with `signal.reason`, and really stop the work where it can.
   */
  readonly signal: AbortSignal;
  /** The same cancellation without the cost of an AbortSignal, when the caller has one (the scheduler does). */
  readonly abort?: Abort;
  readonly onProgress?: (fraction: number, message?: string) => void;
  /** A line the task wrote with `ctx.log` (from a worker: the attempt's last lines, when it ends), and lines dropped there. */
  readonly onLog?: (line: LogLine) => void;
  readonly onLogsDropped?: (n: number) => void;
  /** What running it cost where it ran: main-thread blocking (event-loop lanes) or worker busy time (pools). */
  readonly onUsage?: (usage: { blockedMs?: number; busyMs?: number }) => void;
}

/** Many jobs of one task in one message to a worker: the data-batch path. */
export interface ChunkRequest {
  readonly task: string;
  readonly jobIds: readonly string[];
  readonly inputs: readonly unknown[];
  /** Aborted on cancellation of every job in the chunk or when the chunk's deadline passes. */
  readonly signal: AbortSignal;
  readonly onUsage?: (usage: { busyMs?: number }) => void;
}

/** One job's result inside a chunk, with how long it ran in the worker. */
export type ChunkItemOutcome =
  { readonly ok: true; readonly value: unknown; readonly ms: number } | { readonly ok: false; readonly error: JobErrorInfo; readonly ms: number };

export interface ExecutorStats {
  /** Jobs running now. */
  readonly running: number;
  /** Jobs accepted but not started (the executor's own queue). */
  readonly queued: number;
  /** Slots: concurrency for queues, threads for pools. */
  readonly capacity: number;
  /** Busy fraction in [0, 1]: threads busy for pools, slots in use for queues. */
  readonly utilization: number;
}

/**
 * The one interface every executor implements: sequential, async queue, worker threads — and later remote
 * workers. The scheduler decides what to send and when; an executor only runs what it is given.
 */
export interface Executor {
  readonly kind: ExecutorKind;
  run(request: ExecRequest): Promise<unknown>;
  /** Runs a chunk of jobs in one message; only pools implement it (the router sends data batches to them). */
  runChunk?(request: ChunkRequest): Promise<ChunkItemOutcome[]>;
  stats(): ExecutorStats;
  /**
   * For executors that start something before their first job (child processes): starts it and resolves once it
   * can take work. The scheduler holds a batch's jobs in the queue until then, so start-up counts as waiting.
   */
  prepare?(): Promise<void>;
  /** False until prepare() has finished (absent: always ready). */
  readonly ready?: boolean;
  /** Stops taking work, waits for running work until the deadline, then tears down whatever is left. */
  close(deadlineMs: number): Promise<void>;
}

/** Settles with the promise, or rejects with the abort reason as soon as it aborts. Removes its listener. */
export function raceAbort<T>(promise: Promise<T>, abort: Abort | AbortSignal): Promise<T> {
  if (abort.aborted) return Promise.reject(abort.reason);
  if (abort instanceof Abort) {
    return new Promise<T>((resolve, reject) => {
      abort.listen(reject); // not aborted yet (checked above)
      promise.then(
        (value) => {
          abort.unlisten(reject);
          resolve(value);
        },
        (error: unknown) => {
          abort.unlisten(reject);
          reject(error);
        },
      );
    });
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abort.reason);
    abort.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => abort.removeEventListener('abort', onAbort));
  });
}

/** Waits for `promise` but no longer than `deadlineMs`; resolves either way (the caller tears down next). */
export async function untilDeadline(promise: Promise<unknown>, deadlineMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      promise,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadlineMs);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Validates a count option once, in the constructor, with a precise message. */
export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`Expected \`${name}\` to be a positive integer, got \`${value}\``);
  return value;
}

/** The log lines a worker sent back with its outcome, handed on to the scheduler (threads and processes alike). */
export function forwardLogs(outcome: WorkerOutcome, request: Pick<ExecRequest, 'onLog' | 'onLogsDropped'>): void {
  if (!outcome.logs) return;
  if (outcome.logsDropped) request.onLogsDropped?.(outcome.logsDropped);
  if (request.onLog) for (const line of outcome.logs) request.onLog(line);
}
