import type { ChunkItemOutcome, ChunkRequest, ExecRequest, Executor, ExecutorStats } from './executor.ts';

/**
 * An executor made on first use: an engine that never isolates a job never starts a process, and one that runs only
 * I/O work never starts a worker thread (each thread is a V8 isolate with tsx loaded: tens of MB of RSS).
 * The scheduler calls prepare() before a batch's first job on it, so no job pays for the start-up.
 */
export class LazyExecutor<E extends Executor & { warmUp?(timeoutMs?: number): Promise<number> }> implements Executor {
  #executor: E | undefined;
  #preparing: Promise<void> | undefined;
  #ready = false;

  constructor(
    readonly kind: E['kind'],
    private readonly capacity: number,
    private readonly create: () => E,
    /** Told how many workers arrived in the warm-up, for a log line when fewer than `capacity` did. */
    private readonly onWarm?: (arrived: number) => void,
  ) {}

  get started(): E | undefined {
    return this.#executor;
  }

  get ready(): boolean {
    return this.#ready;
  }

  /** Makes the executor and waits until it has warmed up (every process started, task modules loaded). */
  prepare(): Promise<void> {
    this.#preparing ??= (async () => {
      const executor = (this.#executor ??= this.create());
      try {
        const arrived = await executor.warmUp?.();
        if (arrived !== undefined) this.onWarm?.(arrived);
      } finally {
        this.#ready = true; // even if warming failed: jobs then fail on their own rather than wait forever
      }
    })();
    return this.#preparing;
  }

  run(request: ExecRequest): Promise<unknown> {
    return (this.#executor ??= this.create()).run(request);
  }

  runChunk(request: ChunkRequest): Promise<ChunkItemOutcome[]> {
    const executor = (this.#executor ??= this.create());
    if (!executor.runChunk) return Promise.reject(new Error(`${this.kind} cannot run chunks`));
    return executor.runChunk(request);
  }

  stats(): ExecutorStats {
    return this.#executor?.stats() ?? { running: 0, queued: 0, capacity: this.capacity, utilization: 0 };
  }

  async close(deadlineMs: number): Promise<void> {
    await this.#executor?.close(deadlineMs);
  }
}
