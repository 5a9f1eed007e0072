import type { Logger } from 'pino';
import { EngineClosingError } from '../errors.ts';
import { runTaskPhase, type TaskContext } from '../tasks/define.ts';
import type { TaskRegistry } from '../tasks/registry.ts';
import { sleepUnlessAborted } from '../tasks/sleep.ts';
import { recordingLogger, recordingProgress } from '../triage/job-log.ts';
import type { ExecutorKind } from '../types.ts';
import { positiveInteger, raceAbort, untilDeadline, type ExecRequest, type Executor, type ExecutorStats } from './executor.ts';

const noLog = () => {};

export interface AsyncExecutorOptions {
  /** Jobs running at once on the event loop (the stats' capacity; the lane is what holds jobs back). @default 1000 */
  readonly concurrency?: number;
  /** Reported kind; the sequential executor is this one at concurrency 1. @default 'ASYNC' */
  readonly kind?: ExecutorKind;
}

/**
 * Runs tasks on the main thread's event loop, many at once. Right for waiting work; a CPU task sent here blocks
 * every other job and the API (which is what a strategy comparison shows).
 *
 * The queue in front of it is the lane (scheduler/lane.ts): it hands out slots by fair share and never gives this
 * executor more jobs than its concurrency, so nothing ever waits here. That is why this is not a p-queue any more:
 * a p-queue `add` (its options copy, id, Symbol, task record, promise and events) cost more than a no-op job's whole
 * run through the engine, to queue nothing.
 */
export class AsyncExecutor implements Executor {
  readonly kind: ExecutorKind;
  readonly #capacity: number;
  readonly #registry: TaskRegistry;
  readonly #log: Logger;
  #running = 0;
  #closing = false;
  #idle: (() => void) | undefined;
  readonly #ended = (): void => {
    if (--this.#running === 0) this.#idle?.();
  };

  constructor(registry: TaskRegistry, log: Logger, options: AsyncExecutorOptions = {}) {
    const { concurrency = 1000, kind = 'ASYNC' } = options;
    positiveInteger('concurrency', concurrency);
    this.kind = kind;
    this.#capacity = concurrency;
    this.#registry = registry;
    this.#log = log;
  }

  run(request: ExecRequest): Promise<unknown> {
    if (this.#closing) return Promise.reject(new EngineClosingError());
    const task = this.#registry.get(request.task);
    if (!task) return Promise.reject(new Error(`Unknown task ${request.task}`));
    this.#running++;
    // The synchronous part of a task is the time it holds the main thread: the evidence of computing work.
    const before = performance.now();
    let running: Promise<unknown>;
    try {
      running = runTaskPhase(task, request.phase, request.input, new EventLoopContext(request, this.#log));
    } catch (error: unknown) {
      running = Promise.reject(error);
    }
    request.onUsage?.({ blockedMs: performance.now() - before });
    running.then(this.#ended, this.#ended);
    // Raced against its signal, so the slot is released at once even if the task ignores the signal.
    return raceAbort(running, request.abort ?? request.signal);
  }

  stats(): ExecutorStats {
    const capacity = this.#capacity;
    return { running: this.#running, queued: 0, capacity, utilization: Math.min(1, this.#running / capacity) };
  }

  async close(deadlineMs: number): Promise<void> {
    this.#closing = true;
    if (this.#running === 0) return;
    await untilDeadline(new Promise<void>((resolve) => (this.#idle = resolve)), deadlineMs);
  }
}

/**
 * A task's `ctx` on the event loop. Everything a job may never use is made on first use: the AbortSignal (see
 * Abort), the progress recorder and the logger (a pino child per job costs more than most I/O jobs' own work).
 * Getters rather than prototype methods, so that a task destructuring `{ signal, progress, log }` still works.
 */
class EventLoopContext implements TaskContext {
  readonly #request: ExecRequest;
  readonly #log: Logger;
  #progress: TaskContext['progress'] | undefined;
  #jobLog: TaskContext['log'] | undefined;
  #child: TaskContext['log'] | undefined;

  constructor(request: ExecRequest, log: Logger) {
    this.#request = request;
    this.#log = log;
  }

  get jobId(): string {
    return this.#request.jobId;
  }

  get attempt(): number {
    return this.#request.attempt;
  }

  get signal(): AbortSignal {
    return this.#request.signal;
  }

  /** A getter for the same reason as the others: `const { sleep } = ctx` must work. */
  get sleep(): TaskContext['sleep'] {
    const request = this.#request;
    return (ms) => sleepUnlessAborted(ms, request.abort ?? request.signal);
  }

  /** Keeps each new message as a `progress` line of the job's log, and reports it live. */
  get progress(): TaskContext['progress'] {
    const request = this.#request;
    return (this.#progress ??= recordingProgress(
      request.onProgress && ((fraction, message) => request.onProgress!(fraction, message)),
      request.onLog ? (line) => request.onLog!(line) : noLog,
    ));
  }

  /** Each line goes to the server's log and to the job's own log (triage/job-log.ts). */
  get log(): TaskContext['log'] {
    if (this.#jobLog) return this.#jobLog;
    const request = this.#request;
    const server = () => (this.#child ??= this.#log.child({ jobId: request.jobId }));
    return (this.#jobLog = request.onLog ? recordingLogger(server, (line) => request.onLog!(line)) : server());
  }
}
