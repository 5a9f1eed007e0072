import { availableParallelism } from 'node:os';
import { Tinypool, type TinypoolWorker } from 'tinypool';
import { coerceError, fromErrorInfo, JobTimeoutError, messageOf, WorkerCrashedError } from '../errors.ts';
import type { TaskRegistry } from '../tasks/registry.ts';
import {
  forwardLogs,
  positiveInteger,
  untilDeadline,
  type ChunkItemOutcome,
  type ChunkRequest,
  type ExecRequest,
  type Executor,
  type ExecutorStats,
} from './executor.ts';
import { softLimit } from './soft-limit.ts';
import {
  isProcessMessage,
  PROCESS_MESSAGE_KEY,
  PROCESS_WORKER_CONFIG_ENV,
  type ProcessChunk,
  type ProcessMessage,
  type ProcessOutcome,
  type ProcessTask,
  type ProcessWarmUp,
  type ProcessWorkerConfig,
} from './process-worker.ts';

export interface ProcessExecutorOptions {
  /** Child processes, kept warm. @default os.availableParallelism() */
  readonly processes?: number;
  /** A process is replaced after running this many tasks (1: a fresh process for every task). @default 1000 */
  readonly recycleAfterTasks?: number;
  /** A process whose RSS (or V8 heap) is above this after a task is replaced. @default 512 MiB */
  readonly maxMemoryBytes?: number;
  /**
   * Milliseconds an idle process above the minimum lives. The pool keeps `processes` warm, so this only matters
   * if tinypool grows beyond them, which it does not today. @default 30_000
   */
  readonly idleTimeoutMs?: number;
  /**
   * Soft time limit: on a timeout or a cancel the task's `ctx.signal` fires in its child, and the process is killed
   * this many ms later if the task has not returned (0: at once). @default 500
   */
  readonly graceMs?: number;
}

// A plain-JS entry that registers tsx inside the child, then loads process-worker.ts (which reuses thread-worker.ts).
const ENTRY_URL = new URL('./process-worker-entry.mjs', import.meta.url);

/**
 * Runs tasks in child processes on a tinypool pool (`runtime: 'child_process'`): isolation for crashy or leaky
 * tasks. Same semantics as the thread pool: a task's failure comes back as data with its code; a job aborted while
 * running (timeout, cancellation) first has its `ctx.signal` fired in the child (the soft limit, soft-limit.ts), then,
 * `graceMs` later if it has not returned, its process killed (SIGTERM, SIGKILL after 1 s) and replaced; a process that
 * dies under a job (process.exit, OOM, a signal) rejects the job with WorkerCrashedError and is replaced.
 *
 * Recycling: with `recycleAfterTasks: 1` tinypool's `isolateWorkers` gives every task a fresh process. Otherwise a
 * child counts its tasks and checks its RSS after each one; when it reaches the limit it asks, before sending its
 * result, and the executor calls tinypool's `recycleWorkers()`. Tinypool has no public way to retire one process,
 * so that recycles the whole pool: busy processes (the asking one included) right after their current task, idle
 * ones at once. The V8 heap limit (`maxMemoryLimitBeforeRecycle`, set to `maxMemoryBytes`) is per process.
 */
export class ProcessExecutor implements Executor {
  readonly kind = 'PROCESSES' as const;
  readonly #pool: Tinypool;
  readonly #processes: number;
  /** A fresh process for every task (`recycleAfterTasks: 1`): a chunk's jobs then go one per process too. */
  readonly #isolate: boolean;
  readonly #graceMs: number;
  /** Jobs handed to the pool and not settled: running, or in tinypool's queue. */
  #inPool = 0;
  #recycles = 0;
  #closed = false;
  /** Why the last child failed to start, for the jobs that were waiting for it. */
  #startFailure: unknown;
  #onIdle: (() => void) | undefined;
  /** Every child process seen, until it exits: close() waits for those that tinypool stopped without waiting. */
  readonly #seen = new WeakSet<TinypoolWorker>();
  readonly #exits = new Map<number, Promise<void>>();

  constructor(registry: TaskRegistry, options: ProcessExecutorOptions = {}) {
    const {
      processes = availableParallelism(),
      recycleAfterTasks = 1000,
      maxMemoryBytes = 512 * 1024 * 1024,
      idleTimeoutMs = 30_000,
      graceMs = 500,
    } = options;
    positiveInteger('processes', processes);
    positiveInteger('recycleAfterTasks', recycleAfterTasks);
    positiveInteger('maxMemoryBytes', maxMemoryBytes);
    if (!Number.isInteger(idleTimeoutMs) || idleTimeoutMs < 0) {
      throw new TypeError(`Expected \`idleTimeoutMs\` to be a non-negative integer, got \`${idleTimeoutMs}\``);
    }
    if (!Number.isInteger(graceMs) || graceMs < 0) throw new TypeError(`Expected \`graceMs\` to be a non-negative integer, got \`${graceMs}\``);
    this.#processes = processes;
    this.#graceMs = graceMs;
    const isolate = recycleAfterTasks === 1;
    this.#isolate = isolate;
    const config: ProcessWorkerConfig = {
      taskModules: [...registry.modules],
      recycleAfterTasks: isolate ? 0 : recycleAfterTasks,
      maxMemoryBytes,
    };
    this.#pool = new Tinypool({
      runtime: 'child_process',
      filename: ENTRY_URL.href,
      minThreads: processes,
      maxThreads: processes,
      idleTimeout: idleTimeoutMs,
      isolateWorkers: isolate,
      maxMemoryLimitBeforeRecycle: maxMemoryBytes,
      // Structured clone over IPC (Dates, Maps, typed arrays, BigInt…), as between threads; the default is JSON.
      serialization: 'advanced',
      // Tinypool replaces the child's whole environment with `env` (an empty one when not given), and does not
      // pass `workerData` to a child: the config travels in the environment.
      env: { ...stringEnv(process.env), [PROCESS_WORKER_CONFIG_ENV]: JSON.stringify(config) },
      // The parent's flags (e.g. --import tsx, --conditions) but not its inspector: children would fight over the port.
      execArgv: process.execArgv.filter((arg) => !/^--(inspect|debug)/.test(arg)),
    });
    // Tinypool emits 'error' on the pool when a child dies with no task on it (an unhandled 'error' would throw).
    // Died while idle: tinypool has already started its replacement. Died while starting (a task module that
    // fails to load in a child): tinypool starts no replacement, and jobs in its queue would wait for a process
    // that never comes, so they are failed now; the next job starts a process again.
    this.#pool.on('error', (error: unknown) => {
      if (this.#pool.threads.length > 0 || this.#pool.queueSize === 0) return;
      this.#startFailure = error;
      this.#pool.cancelPendingTasks();
    });
    this.#track();
  }

  get processes(): number {
    return this.#processes;
  }

  /** PIDs of the pool's child processes now. */
  get pids(): number[] {
    return this.#pool.threads.map((worker) => worker.threadId);
  }

  /** Times the pool was recycled on a child's request (task count or RSS); isolation and heap recycling not counted. */
  get recycles(): number {
    return this.#recycles;
  }

  /**
   * Resolves once every process is up with the task modules imported, so no measured job pays for start-up.
   * Returns how many processes answered (fewer than `processes` only if the deadline passed). With
   * `recycleAfterTasks: 1` every job starts a fresh process anyway (tinypool recycles after a warm-up too).
   */
  async warmUp(timeoutMs = 30_000): Promise<number> {
    const up = new Set<number>();
    const deadline = Date.now() + timeoutMs;
    const warmUp: ProcessWarmUp = { warmUp: true };
    while (!this.#closed && Date.now() < deadline && !(this.pids.length === this.#processes && this.pids.every((pid) => up.has(pid)))) {
      // One no-op per process: the pool hands each to a different idle process, which answers once it has loaded.
      const round = Promise.allSettled(Array.from({ length: this.#processes }, () => this.#pool.run(warmUp) as Promise<ProcessOutcome>));
      let timer: NodeJS.Timeout | undefined;
      const answers = await Promise.race([
        round,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
          timer.unref();
        }),
      ]).finally(() => clearTimeout(timer));
      this.#track();
      for (const answer of answers ?? []) if (answer.status === 'fulfilled') up.add(answer.value.pid);
    }
    return this.pids.filter((pid) => up.has(pid)).length;
  }

  async run(request: ExecRequest): Promise<unknown> {
    if (this.#closed) throw new Error('ProcessExecutor is closed');
    if (request.signal.aborted) throw request.signal.reason;
    const { onProgress } = request;
    const task: ProcessTask = {
      jobId: request.jobId,
      attempt: request.attempt,
      task: request.task,
      phase: request.phase,
      input: request.input,
      progress: onProgress !== undefined,
    };
    // Set by tinypool when it hands the task to a child: what this channel's onMessage is given sends to that child.
    let toChild: ((message: ProcessMessage) => void) | undefined;
    // Tinypool forwards every message of the child that is not its own to the channel of the task it runs now.
    const channel = {
      postMessage: (message: unknown) => {
        if (!isProcessMessage(message)) return;
        if (message.type === 'recycle') this.#recycle();
        else if (message.type === 'progress' && message.jobId === task.jobId && message.attempt === task.attempt) {
          onProgress?.(message.fraction, message.message);
        }
      },
      onMessage: (send: (message: ProcessMessage) => void) => {
        toChild = send;
      },
    };
    // The pool kills the child on a signal that fires `graceMs` after the job's own; a job still in tinypool's queue
    // (no child told yet) leaves it at once.
    const limit =
      this.#graceMs > 0
        ? softLimit(request.signal, this.#graceMs, (reason) => {
            if (!toChild) return false;
            const timeout = reason instanceof JobTimeoutError ? { timeoutMs: reason.timeoutMs } : {};
            toChild({ [PROCESS_MESSAGE_KEY]: true, type: 'abort', jobId: task.jobId, attempt: task.attempt, ...timeout });
            return true;
          })
        : undefined;
    try {
      return await this.#dispatch(task, request, channel, limit?.signal);
    } finally {
      limit?.done();
      toChild = undefined;
    }
  }

  /**
   * Many jobs in one message, as the thread pool takes them (the child runs thread-worker.ts's chunk runner): inputs
   * as one JSON buffer, results back the same way. With a fresh process for every task, each job of the chunk still
   * gets its own process: the chunk's jobs are sent one after another, each a chunk of one.
   */
  async runChunk(request: ChunkRequest): Promise<ChunkItemOutcome[]> {
    if (this.#closed) throw new Error('ProcessExecutor is closed');
    if (request.signal.aborted) throw request.signal.reason;
    const send = async (jobIds: readonly string[], inputs: readonly unknown[]): Promise<ChunkItemOutcome[]> => {
      const task: ProcessChunk = { chunk: { task: request.task, inputs: new TextEncoder().encode(JSON.stringify(inputs)), jobIds } };
      const encoded = await this.#dispatch(task, request, this.#chunkChannel);
      return JSON.parse(new TextDecoder().decode(encoded as Uint8Array)) as ChunkItemOutcome[];
    };
    if (!this.#isolate) return send(request.jobIds, request.inputs);
    const outcomes: ChunkItemOutcome[] = [];
    for (let i = 0; i < request.jobIds.length; i++) outcomes.push(...(await send([request.jobIds[i]!], [request.inputs[i]])));
    return outcomes;
  }

  /** A chunk reports no progress: only a child's request to be recycled comes up its channel. */
  readonly #chunkChannel = {
    postMessage: (message: unknown) => {
      if (isProcessMessage(message) && message.type === 'recycle') this.#recycle();
    },
  };

  /**
   * Sends one message to the pool and reads the outcome: the child's usage reported, its failure rethrown with its
   * code, an abort rethrown as its reason, and any other rejection (the child died) as WorkerCrashedError.
   */
  async #dispatch(
    task: ProcessTask | ProcessChunk,
    request: Pick<ExecRequest, 'signal' | 'onLog' | 'onLogsDropped'> & { readonly onUsage?: ((usage: { busyMs?: number }) => void) | undefined },
    channel: { postMessage(message: unknown): void },
    /** What stops the child, when not the request's own signal: a soft limit's, which fires a grace period later. */
    poolSignal: AbortSignal = request.signal,
  ): Promise<unknown> {
    this.#inPool++;
    let result: ProcessOutcome;
    try {
      const pending = this.#pool.run(task, { signal: poolSignal, channel }) as Promise<ProcessOutcome>;
      this.#track(); // the pool may have started a process for this task
      result = await pending;
    } catch (error: unknown) {
      if (request.signal.aborted) throw request.signal.reason;
      const failure = coerceError(error);
      if (failure.name === 'CancelError' && this.#startFailure !== undefined) {
        const why = messageOf(this.#startFailure);
        throw new WorkerCrashedError(`Child process exited while starting (its stderr says why): ${why}`, { cause: this.#startFailure });
      }
      throw new WorkerCrashedError(`Child process failed: ${failure.message}`, { cause: error });
    } finally {
      this.#inPool--;
      this.#track(); // replacements for a process that was recycled, killed or crashed
      if (this.#inPool === 0) this.#onIdle?.();
    }
    // Returned or threw within a soft limit's grace: the job ends for the reason it was stopped.
    if (request.signal.aborted) throw request.signal.reason;
    const { outcome } = result;
    // The child's event-loop active time during the task (computing rather than waiting), as threads report it.
    if (outcome.busyMs !== undefined) request.onUsage?.({ busyMs: outcome.busyMs });
    forwardLogs(outcome, request);
    if (outcome.ok) return outcome.value;
    throw fromErrorInfo(outcome.error);
  }

  stats(): ExecutorStats {
    const queued = this.#pool.queueSize;
    const running = Math.max(0, Math.min(this.#inPool - queued, this.#processes));
    return {
      running,
      queued,
      capacity: this.#processes,
      utilization: Math.max(0, Math.min(1, running / this.#processes)),
    };
  }

  async close(deadlineMs: number): Promise<void> {
    this.#closed = true;
    try {
      // Tinypool has no graceful close: wait for the jobs already accepted, up to the deadline.
      const idle = new Promise<void>((resolve) => {
        if (this.#inPool === 0) resolve();
        else this.#onIdle = resolve;
      });
      await untilDeadline(idle, deadlineMs);
    } finally {
      this.#onIdle = undefined;
      this.#track();
      // Rejects what is still queued or running, SIGTERMs every child (SIGKILL after 1 s) and waits for their exit.
      await this.#pool.destroy();
      // Children tinypool stopped earlier without waiting (aborted jobs, recycling) are gone by now, or soon.
      await Promise.all(this.#exits.values());
    }
  }

  #recycle(): void {
    this.#recycles++;
    // Marks the busy processes (the asking one among them: its result is still on the way) to be replaced after
    // their current task, and replaces the idle ones now.
    this.#pool.recycleWorkers().then(
      () => this.#track(),
      () => {},
    );
  }

  /** Notes every child process in the pool, to know when it has exited. */
  #track(): void {
    for (const worker of this.#pool.threads) {
      if (this.#seen.has(worker)) continue;
      this.#seen.add(worker);
      const pid = worker.threadId;
      // A worker still in the pool has not exited: tinypool drops it from the pool before or as it exits.
      this.#exits.set(
        pid,
        new Promise<void>((resolve) => worker.once('exit', () => resolve())).then(() => {
          this.#exits.delete(pid);
        }),
      );
    }
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
