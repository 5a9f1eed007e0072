import { availableParallelism } from 'node:os';
import type { TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { fromErrorInfo, messageOf, WorkerCrashedError } from '../errors.ts';
import type { TaskRegistry } from '../tasks/registry.ts';
import {
  positiveInteger,
  untilDeadline,
  type ChunkItemOutcome,
  type ChunkRequest,
  type ExecRequest,
  type Executor,
  type ExecutorStats,
  forwardLogs,
} from './executor.ts';
import { markSoftLimit, newSoftLimitFlag, softLimit } from './soft-limit.ts';
import { isThreadProgress, type ChunkTask, type WarmUpTask, type WorkerData, type WorkerOutcome, type WorkerTask } from './thread-worker.ts';

export interface ThreadExecutorOptions {
  /** Worker threads, kept warm. @default os.availableParallelism() */
  readonly threads?: number;
  /** Tasks the pool may hold beyond its threads; the scheduler keeps within it. @default threads * 4 */
  readonly maxQueue?: number;
  /** Milliseconds an idle thread above the minimum lives. @default 30_000 */
  readonly idleTimeoutMs?: number;
  /**
   * Soft time limit: on a timeout or a cancel the task's `ctx.signal` fires, and its thread is terminated this many
   * ms later if it has not returned (0: at once). @default 500
   */
  readonly graceMs?: number;
}

// A plain-JS entry that registers tsx inside the thread, then loads thread-worker.ts.
const WORKER_URL = new URL('./thread-worker-entry.mjs', import.meta.url);

/**
 * Runs tasks on a piscina worker-thread pool. A job that is aborted while running (timeout, cancellation) has
 * its thread terminated by piscina and replaced, so a runaway CPU job is stopped, not waited on.
 */
export class ThreadExecutor implements Executor {
  readonly kind = 'THREADS' as const;
  readonly #pool: Piscina<WorkerTask | WarmUpTask | ChunkTask, WorkerOutcome>;
  readonly #threads: number;
  /** Where each running job's progress goes, by `jobId:attempt`: threads post it on their parentPort (thread-worker.ts). */
  readonly #progress = new Map<string, NonNullable<ExecRequest['onProgress']>>();
  readonly #graceMs: number;
  #running = 0;

  constructor(registry: TaskRegistry, options: ThreadExecutorOptions = {}) {
    const { threads = availableParallelism(), idleTimeoutMs = 30_000, graceMs = 500 } = options;
    if (!Number.isInteger(graceMs) || graceMs < 0) throw new TypeError(`Expected \`graceMs\` to be a non-negative integer, got \`${graceMs}\``);
    this.#graceMs = graceMs;
    const maxQueue = options.maxQueue ?? threads * 4;
    positiveInteger('threads', threads);
    this.#threads = threads;
    const workerData: WorkerData = { taskModules: [...registry.modules] };
    this.#pool = new Piscina<WorkerTask | WarmUpTask | ChunkTask, WorkerOutcome>({
      filename: WORKER_URL.href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: idleTimeoutMs,
      maxQueue,
      workerData,
    });
    // Progress that arrives after its job has ended (the result travels on another channel) finds no entry: dropped.
    this.#pool.on('message', (m: unknown) => {
      if (isThreadProgress(m)) this.#progress.get(`${m.jobId}:${m.attempt}`)?.(m.fraction, m.message);
    });
  }

  get threads(): number {
    return this.#threads;
  }

  /**
   * Resolves once every thread is up with the task modules imported, so no measured job pays for start-up.
   * Returns how many threads arrived (fewer than `threads` only if the deadline passed).
   */
  async warmUp(timeoutMs = 30_000): Promise<number> {
    const arrived = new Int32Array(new SharedArrayBuffer(4));
    const task: WarmUpTask = { warmUp: { arrived, expected: this.#threads, timeoutMs } };
    await Promise.all(Array.from({ length: this.#threads }, () => this.#pool.run(task)));
    return Atomics.load(arrived, 0);
  }

  async run(request: ExecRequest): Promise<unknown> {
    // A map entry per job, not a MessageChannel per job: progress works for every task at no cost to those that
    // report none (the thread's parentPort is opened once).
    const key = request.onProgress ? `${request.jobId}:${request.attempt}` : undefined;
    if (key) this.#progress.set(key, request.onProgress!);
    const flag = this.#graceMs > 0 ? newSoftLimitFlag() : undefined;
    const task: WorkerTask = {
      jobId: request.jobId,
      attempt: request.attempt,
      task: request.task,
      phase: request.phase,
      input: request.input,
      ...(flag ? { softLimit: flag } : {}),
    };
    // The pool is stopped by a signal that fires `graceMs` after the job's own (soft-limit.ts).
    const limit = flag
      ? softLimit(request.signal, this.#graceMs, (reason) => {
          markSoftLimit(flag, reason);
          return true;
        })
      : undefined;
    try {
      return await this.#dispatch(task, request, undefined, limit?.signal);
    } finally {
      limit?.done();
      if (key) this.#progress.delete(key);
    }
  }

  /** Many jobs in one message: inputs as one transferred JSON buffer, results back the same way. */
  async runChunk(request: ChunkRequest): Promise<ChunkItemOutcome[]> {
    const inputs = new TextEncoder().encode(JSON.stringify(request.inputs));
    const task: ChunkTask = { chunk: { task: request.task, inputs, jobIds: request.jobIds } };
    const encoded = await this.#dispatch(task, request, [inputs.buffer]);
    return JSON.parse(new TextDecoder().decode(encoded as Uint8Array)) as ChunkItemOutcome[];
  }

  /**
   * Sends one message to the pool and reads the outcome: the worker's usage reported, its failure rethrown with its
   * code, an abort rethrown as its reason, and any other rejection (the thread died) as WorkerCrashedError.
   */
  async #dispatch(
    task: WorkerTask | ChunkTask,
    request: Pick<ExecRequest, 'signal' | 'onLog' | 'onLogsDropped'> & { readonly onUsage?: ((usage: { busyMs?: number }) => void) | undefined },
    transferList: TransferListItem[] | undefined,
    poolSignal: AbortSignal = request.signal,
  ): Promise<unknown> {
    this.#running++;
    let outcome: WorkerOutcome;
    try {
      outcome = await this.#pool.run(task, { signal: poolSignal, ...(transferList ? { transferList } : {}) });
    } catch (error: unknown) {
      if (request.signal.aborted) throw request.signal.reason;
      throw new WorkerCrashedError(`Worker thread failed: ${messageOf(error)}`, { cause: error });
    } finally {
      this.#running--;
    }
    if (outcome.busyMs !== undefined) request.onUsage?.({ busyMs: outcome.busyMs });
    forwardLogs(outcome, request);
    // Returned or threw within a soft limit's grace: the job ends for the reason it was stopped.
    if (request.signal.aborted) throw request.signal.reason;
    if (outcome.ok) return outcome.value;
    throw fromErrorInfo(outcome.error);
  }

  stats(): ExecutorStats {
    const busy = this.#threads - this.#pool.idleThreads;
    return {
      running: Math.min(this.#running, this.#threads),
      queued: this.#pool.queueSize,
      capacity: this.#threads,
      utilization: Math.max(0, Math.min(1, busy / this.#threads)),
    };
  }

  async close(deadlineMs: number): Promise<void> {
    try {
      await untilDeadline(this.#pool.close(), deadlineMs);
    } finally {
      await this.#pool.destroy();
    }
  }
}
