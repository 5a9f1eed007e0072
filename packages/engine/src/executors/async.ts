import PQueue from 'p-queue';
import type { Logger } from 'pino';
import { runTaskPhase, type TaskContext } from '../tasks/define.ts';
import type { TaskRegistry } from '../tasks/registry.ts';
import { recordingLogger, recordingProgress } from '../triage/job-log.ts';
import type { ExecutorKind } from '../types.ts';
import { positiveInteger, raceAbort, untilDeadline, type ExecRequest, type Executor, type ExecutorStats } from './executor.ts';

const noLog = () => {};

export interface AsyncExecutorOptions {
  /** Jobs running at once on the event loop. @default 1000 */
  readonly concurrency?: number;
  /** Reported kind; the sequential executor is this one at concurrency 1. @default 'ASYNC' */
  readonly kind?: ExecutorKind;
}

/**
 * Runs tasks on the main thread's event loop through p-queue. Right for waiting work; a CPU task sent here
 * blocks every other job and the API (which is what a strategy comparison shows).
 */
export class AsyncExecutor implements Executor {
  readonly kind: ExecutorKind;
  readonly #queue: PQueue;
  readonly #registry: TaskRegistry;
  readonly #log: Logger;

  constructor(registry: TaskRegistry, log: Logger, options: AsyncExecutorOptions = {}) {
    const { concurrency = 1000, kind = 'ASYNC' } = options;
    positiveInteger('concurrency', concurrency);
    this.kind = kind;
    this.#registry = registry;
    this.#log = log;
    this.#queue = new PQueue({ concurrency });
  }

  run(request: ExecRequest): Promise<unknown> {
    const task = this.#registry.get(request.task);
    if (!task) return Promise.reject(new Error(`Unknown task ${request.task}`));
    const log = this.#log;
    let child: TaskContext['log'] | undefined;
    let jobLog: TaskContext['log'] | undefined;
    let progress: TaskContext['progress'] | undefined;
    const ctx: TaskContext = {
      // Read lazily: asking for it is what makes the AbortSignal (see Abort).
      get signal() {
        return request.signal;
      },
      // Made on the first report: a job that reports none pays nothing for keeping its messages.
      progress: (fraction, message) => (progress ??= recordingProgress(request.onProgress, request.onLog ?? noLog))(fraction, message),
      // A pino child per job costs more than most I/O jobs' own work: made only when a task logs. Each line also goes
      // to the job's own log (triage/job-log.ts).
      get log() {
        const server = () => (child ??= log.child({ jobId: request.jobId }));
        const onLog = request.onLog;
        return (jobLog ??= onLog ? recordingLogger(server, onLog) : server());
      },
      jobId: request.jobId,
      attempt: request.attempt,
    };
    // The lane never gives this queue more jobs than its concurrency, so nothing waits inside p-queue and no
    // abort listener is needed there. A running job is raced against its signal, so the slot is released at
    // once even if the task ignores the signal.
    return this.#queue.add(() => {
      // The synchronous part of a task is the time it holds the main thread: the evidence of computing work.
      const before = performance.now();
      const running = runTaskPhase(task, request.phase, request.input, ctx);
      request.onUsage?.({ blockedMs: performance.now() - before });
      return raceAbort(running, request.abort ?? request.signal);
    });
  }

  stats(): ExecutorStats {
    const capacity = this.#queue.concurrency;
    return { running: this.#queue.pending, queued: this.#queue.size, capacity, utilization: Math.min(1, this.#queue.pending / capacity) };
  }

  async close(deadlineMs: number): Promise<void> {
    this.#queue.pause();
    this.#queue.clear();
    await untilDeadline(this.#queue.onIdle(), deadlineMs);
  }
}
