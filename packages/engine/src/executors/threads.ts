import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { TaskFailedError, WorkerCrashedError } from '../errors.ts';
import type { TaskRegistry } from '../tasks/registry.ts';
import type { ChunkItemOutcome, ChunkRequest, ExecRequest, Executor, ExecutorStats } from './executor.ts';
import type { ChunkTask, WarmUpTask, WorkerData, WorkerOutcome, WorkerTask } from './thread-worker.ts';

export interface ThreadExecutorOptions {
  /** Worker threads, kept warm. @default os.availableParallelism() */
  readonly threads?: number;
  /** Tasks the pool may hold beyond its threads; the scheduler keeps within it. @default threads * 4 */
  readonly maxQueue?: number;
  /** Milliseconds an idle thread above the minimum lives. @default 30_000 */
  readonly idleTimeoutMs?: number;
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
  #running = 0;

  constructor(registry: TaskRegistry, options: ThreadExecutorOptions = {}) {
    const { threads = availableParallelism(), idleTimeoutMs = 30_000 } = options;
    const maxQueue = options.maxQueue ?? threads * 4;
    if (!Number.isInteger(threads) || threads < 1) {
      throw new TypeError(`Expected \`threads\` to be a positive integer, got \`${threads}\``);
    }
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
    const channel = request.onProgress ? new MessageChannel() : undefined;
    if (channel) {
      channel.port1.on('message', (m: { fraction?: number; message?: string; done?: boolean }) => {
        if (m.done) channel.port1.close();
        else if (typeof m.fraction === 'number') request.onProgress?.(m.fraction, m.message);
      });
    }
    const task: WorkerTask = {
      jobId: request.jobId,
      attempt: request.attempt,
      task: request.task,
      phase: request.phase,
      input: request.input,
      ...(channel ? { progressPort: channel.port2 } : {}),
    };
    this.#running++;
    let outcome: WorkerOutcome;
    try {
      outcome = await this.#pool.run(task, { signal: request.signal, ...(channel ? { transferList: [channel.port2] } : {}) });
    } catch (error: unknown) {
      if (request.signal.aborted) throw request.signal.reason;
      throw new WorkerCrashedError(`Worker thread failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    } finally {
      this.#running--;
      channel?.port1.close();
    }
    if (outcome.busyMs !== undefined) request.onUsage?.({ busyMs: outcome.busyMs });
    if (outcome.ok) return outcome.value;
    const failure = new TaskFailedError(outcome.error.message, outcome.error.code);
    if (outcome.error.stack) failure.stack = outcome.error.stack;
    throw failure;
  }

  /** Many jobs in one message: inputs as one transferred JSON buffer, results back the same way. */
  async runChunk(request: ChunkRequest): Promise<ChunkItemOutcome[]> {
    const inputs = new TextEncoder().encode(JSON.stringify(request.inputs));
    const task: ChunkTask = { chunk: { task: request.task, inputs, jobIds: request.jobIds } };
    this.#running++;
    let outcome: WorkerOutcome;
    try {
      outcome = await this.#pool.run(task, { signal: request.signal, transferList: [inputs.buffer as ArrayBuffer] });
    } catch (error: unknown) {
      if (request.signal.aborted) throw request.signal.reason;
      throw new WorkerCrashedError(`Worker thread failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    } finally {
      this.#running--;
    }
    if (outcome.busyMs !== undefined) request.onUsage?.({ busyMs: outcome.busyMs });
    if (!outcome.ok) throw new TaskFailedError(outcome.error.message, outcome.error.code);
    return JSON.parse(new TextDecoder().decode(outcome.value as Uint8Array)) as ChunkItemOutcome[];
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
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.#pool.close(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, deadlineMs);
          timer.unref();
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await this.#pool.destroy();
    }
  }
}
