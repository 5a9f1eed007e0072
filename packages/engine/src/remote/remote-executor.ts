import type { Queue, QueueEvents } from 'bullmq';
import type { Redis as RedisClient } from 'ioredis';
import type { Logger } from 'pino';
import { randomBytes } from 'node:crypto';
import { Abort } from '../executors/abort.ts';
import {
  untilDeadline,
  type ChunkItemOutcome,
  type ChunkRequest,
  type ExecRequest,
  type Executor,
  type ExecutorStats,
} from '../executors/executor.ts';
import type { WorkerOutcome } from '../executors/thread-worker.ts';
import { coerceError, EngineClosingError, fromErrorInfo, WorkerCrashedError } from '../errors.ts';
import type { TaskRegistry } from '../tasks/registry.ts';
import { CANCEL_CHANNEL, remoteJobId, type RemoteJobData, type RemoteProgress, type RemoteResult } from './protocol.ts';
import type { Bullmq } from './transport.ts';
import type { WorkerDirectory } from './worker-directory.ts';

/** What the executor tells the engine about where its jobs run; the engine writes it to the store. */
export interface RemoteHooks {
  /** A worker took these jobs (one attempt, or a chunk). */
  onWorker(jobIds: readonly string[], worker: string): void;
  /** The worker running them was lost; BullMQ's stalled check gave them back to the queue for another worker. */
  onHandOver(jobIds: readonly string[], lostWorker: string, at: number): void;
}

/** A BullMQ job this API node waits for. */
interface InFlight {
  readonly id: string;
  readonly data: RemoteJobData;
  readonly jobIds: readonly string[];
  /** The worker running it now, once it said so. */
  worker: string | null;
  /** unsent: to be added (again, if Redis lost it); sent: in Redis, as far as we know. */
  state: 'unsent' | 'sending' | 'sent';
  sentAt: number;
  readonly resolve: (result: RemoteResult) => void;
  readonly reject: (error: unknown) => void;
  readonly onProgress: ((fraction: number, message?: string) => void) | undefined;
}

export interface RemoteExecutorOptions {
  readonly queue: Queue;
  readonly events: QueueEvents;
  /** Publishes cancel messages and watches the connection (a `ready` after a drop triggers a sweep). */
  readonly client: RedisClient;
  readonly bullmq: Bullmq;
  readonly directory: WorkerDirectory;
  readonly registry: TaskRegistry;
  readonly log: Logger;
  /** How often in-flight jobs are checked against Redis. */
  readonly sweepMs: number;
}

/** A job added less than this long ago is not judged by a sweep (its add may still be on its way). */
const SWEEP_GRACE_MS = 1_000;
/** Adds that failed (Redis away) are tried again after this. */
const RESEND_MS = 500;

/**
 * The REMOTE lane's executor: each attempt (or data-batch chunk) becomes one BullMQ job, run by whichever remote
 * worker takes it. The lane hands it at most the slots live workers advertise, so Redis only ever holds the
 * in-flight window. Results come back through QueueEvents; a sweep checks the jobs in flight against Redis
 * (missed events, a Redis that restarted empty and lost them: those are added again, at-least-once). Cancellation
 * and timeouts go to the workers as pub/sub messages; a late or duplicate result finds no entry and is dropped.
 */
export class RemoteExecutor implements Executor {
  readonly kind = 'REMOTE' as const;
  readonly #o: RemoteExecutorOptions;
  #hooks: RemoteHooks = { onWorker: () => {}, onHandOver: () => {} };
  readonly #inFlight = new Map<string, InFlight>();
  /** Chunk ids must not repeat across API restarts: a per-process prefix. */
  readonly #session = randomBytes(4).toString('hex');
  #chunkSeq = 0;
  #flushing = false;
  #flushQueued = false;
  #resendTimer: NodeJS.Timeout | undefined;
  #sweeping = false;
  readonly #sweepTimer: NodeJS.Timeout;
  #closing = false;
  #wasReady = false;

  constructor(options: RemoteExecutorOptions) {
    this.#o = options;
    const { events, client, log } = options;
    events.on('progress', ({ jobId, data }) => this.#progress(jobId, data as RemoteProgress));
    events.on('completed', ({ jobId, returnvalue }) => this.#completed(jobId, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => this.#failed(jobId, failedReason));
    events.on('stalled', ({ jobId }) => this.#stalled(jobId));
    events.on('error', (error) => log.warn({ err: coerceError(error) }, 'remote lane: queue events connection error'));
    options.queue.on('error', (error) => log.warn({ err: coerceError(error) }, 'remote lane: queue connection error'));
    client.on('ready', () => {
      // A reconnect: Redis may have restarted empty. Check every job in flight now rather than at the next sweep.
      if (this.#wasReady) void this.#sweep(true);
      this.#wasReady = true;
    });
    if (client.status === 'ready') this.#wasReady = true;
    this.#sweepTimer = setInterval(() => void this.#sweep(false), options.sweepMs);
    this.#sweepTimer.unref();
  }

  async run(request: ExecRequest): Promise<unknown> {
    const reportsProgress = Boolean(request.onProgress && this.#o.registry.get(request.task)?.reportsProgress);
    const data: RemoteJobData = {
      kind: 'one',
      jobId: request.jobId,
      attempt: request.attempt,
      task: request.task,
      phase: request.phase,
      input: request.input,
      progress: reportsProgress,
    };
    const id = remoteJobId(request.jobId, request.attempt);
    const result = await this.#submit(id, data, [request.jobId], request.abort ?? request.signal, reportsProgress ? request.onProgress : undefined);
    if (result.busyMs !== undefined) request.onUsage?.({ busyMs: result.busyMs });
    const outcome = result.outcome as WorkerOutcome;
    if (outcome.ok) return outcome.value;
    throw fromErrorInfo(outcome.error);
  }

  async runChunk(request: ChunkRequest): Promise<ChunkItemOutcome[]> {
    const data: RemoteJobData = { kind: 'chunk', task: request.task, jobIds: request.jobIds, inputs: request.inputs };
    const id = `c${request.jobIds[0] ?? 0}-${this.#session}-${++this.#chunkSeq}`;
    const result = await this.#submit(id, data, request.jobIds, request.signal, undefined);
    if (result.busyMs !== undefined) request.onUsage?.({ busyMs: result.busyMs });
    return result.outcome as ChunkItemOutcome[];
  }

  stats(): ExecutorStats {
    let running = 0;
    for (const entry of this.#inFlight.values()) if (entry.worker) running++;
    const capacity = this.#o.directory.liveSlots();
    return {
      running,
      queued: this.#inFlight.size - running,
      capacity,
      utilization: capacity === 0 ? 0 : Math.min(1, this.#o.directory.busySlots() / capacity),
    };
  }

  /** Where the engine hears which worker runs what (set once the engine has its store). */
  setHooks(hooks: RemoteHooks): void {
    this.#hooks = hooks;
  }

  /** Jobs in flight (added and not settled). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  async close(deadlineMs: number): Promise<void> {
    this.#closing = true;
    clearInterval(this.#sweepTimer);
    clearTimeout(this.#resendTimer);
    try {
      if (this.#inFlight.size > 0) {
        await untilDeadline(
          new Promise<void>((resolve) => {
            const check = setInterval(() => this.#inFlight.size === 0 && (clearInterval(check), resolve()), 20);
            check.unref();
          }),
          deadlineMs,
        );
      }
    } finally {
      for (const entry of this.#inFlight.values()) entry.reject(new EngineClosingError());
      this.#inFlight.clear();
      // Bounded: with Redis away, BullMQ's close would wait for it forever.
      await untilDeadline(Promise.allSettled([this.#o.events.close(), this.#o.queue.close()]), 1_000);
      this.#o.events.disconnect().catch(() => {});
      this.#o.queue.disconnect().catch(() => {});
    }
  }

  #submit(
    id: string,
    data: RemoteJobData,
    jobIds: readonly string[],
    abort: Abort | AbortSignal,
    onProgress: ((fraction: number, message?: string) => void) | undefined,
  ): Promise<RemoteResult> {
    if (abort.aborted) return Promise.reject(abort.reason);
    if (this.#closing) return Promise.reject(new EngineClosingError());
    return new Promise<RemoteResult>((resolve, reject) => {
      let off = () => {};
      const entry: InFlight = {
        id,
        data,
        jobIds,
        worker: null,
        state: 'unsent',
        sentAt: 0,
        resolve: (result) => (off(), resolve(result)),
        reject: (error) => (off(), reject(error)),
        onProgress,
      };
      this.#inFlight.set(id, entry);
      const onAbort = (reason: unknown) => {
        if (this.#inFlight.get(id) !== entry) return;
        this.#inFlight.delete(id);
        this.#cancel(entry);
        entry.reject(reason);
      };
      if (abort instanceof Abort) off = abort.onAbort(onAbort);
      else {
        const listener = () => onAbort(abort.reason);
        abort.addEventListener('abort', listener, { once: true });
        off = () => abort.removeEventListener('abort', listener);
      }
      this.#flushSoon();
    });
  }

  /** Adds every unsent job in one `addBulk`, once per event-loop turn. */
  #flushSoon(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    setImmediate(() => {
      this.#flushQueued = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    if (this.#flushing) return; // it looks for unsent jobs again when it ends
    const batch = [...this.#inFlight.values()].filter((e) => e.state === 'unsent');
    if (batch.length === 0) return;
    this.#flushing = true;
    for (const entry of batch) entry.state = 'sending';
    try {
      await this.#o.queue.addBulk(batch.map((e) => ({ name: e.data.task, data: e.data, opts: { jobId: e.id } })));
      const now = Date.now();
      for (const entry of batch) {
        entry.state = 'sent';
        entry.sentAt = now;
      }
    } catch (error: unknown) {
      this.#o.log.warn({ err: coerceError(error), jobs: batch.length }, 'remote lane: could not add jobs to the queue; trying again');
      for (const entry of batch) if (entry.state === 'sending') entry.state = 'unsent';
      clearTimeout(this.#resendTimer);
      this.#resendTimer = setTimeout(() => this.#flushSoon(), RESEND_MS);
      this.#resendTimer.unref();
    } finally {
      this.#flushing = false;
    }
    if ([...this.#inFlight.values()].some((e) => e.state === 'unsent')) this.#flushSoon();
  }

  /** Tells the workers to stop it (the one running it terminates its thread); removes it if no worker took it yet. */
  #cancel(entry: InFlight): void {
    if (entry.state === 'unsent') return;
    const { client, queue, log } = this.#o;
    client
      .publish(CANCEL_CHANNEL, entry.id)
      .catch((error: unknown) => log.warn({ err: coerceError(error), job: entry.id }, 'remote lane: cancel not sent'));
    // A job a worker holds is locked and stays; the cancel message reaches it.
    queue.remove(entry.id).catch(() => {});
  }

  #progress(id: string, report: RemoteProgress): void {
    const entry = this.#inFlight.get(id);
    if (!entry || !report) return;
    if ('worker' in report) this.#tookBy(entry, report.worker);
    else if (typeof report.fraction === 'number') entry.onProgress?.(report.fraction, report.message);
  }

  #tookBy(entry: InFlight, worker: string): void {
    if (entry.worker === worker) return;
    if (entry.worker !== null) this.#hooks.onHandOver(entry.jobIds, entry.worker, Date.now()); // the stalled event was missed
    entry.worker = worker;
    this.#hooks.onWorker(entry.jobIds, worker);
  }

  #stalled(id: string): void {
    const entry = this.#inFlight.get(id);
    if (!entry) return;
    this.#o.log.warn({ job: id, worker: entry.worker }, 'remote job stalled (its worker was lost): handed back to the queue');
    if (entry.worker !== null) this.#hooks.onHandOver(entry.jobIds, entry.worker, Date.now());
    entry.worker = null;
  }

  #completed(id: string, returnvalue: unknown): void {
    const entry = this.#inFlight.get(id);
    if (!entry) return; // late, duplicate, or cancelled: nothing waits for it
    let result: RemoteResult;
    try {
      result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as RemoteResult;
    } catch (error: unknown) {
      return this.#settleFailed(entry, `unreadable result: ${coerceError(error).message}`);
    }
    this.#inFlight.delete(id);
    if (result.worker) this.#tookBy(entry, result.worker);
    entry.resolve(result);
  }

  #failed(id: string, reason: string): void {
    const entry = this.#inFlight.get(id);
    if (entry) this.#settleFailed(entry, reason);
  }

  #settleFailed(entry: InFlight, reason: string): void {
    this.#inFlight.delete(entry.id);
    entry.reject(new WorkerCrashedError(`The remote job failed: ${reason}`));
  }

  /**
   * Checks the jobs in flight against Redis: results whose event was missed are taken, failures settled, and jobs
   * Redis no longer knows (it restarted empty) added again. After a reconnect every job is checked at once.
   */
  async #sweep(all: boolean): Promise<void> {
    if (this.#sweeping || this.#closing) return;
    this.#sweeping = true;
    try {
      const now = Date.now();
      const due = [...this.#inFlight.values()].filter((e) => e.state === 'sent' && (all || now - e.sentAt > SWEEP_GRACE_MS));
      const states = await Promise.all(due.map((e) => this.#o.queue.getJobState(e.id)));
      let lost = 0;
      for (let i = 0; i < due.length; i++) {
        const entry = due[i]!;
        if (this.#inFlight.get(entry.id) !== entry || entry.state !== 'sent') continue;
        const state = states[i];
        if (state === 'unknown') {
          entry.state = 'unsent';
          entry.worker = null;
          lost++;
        } else if (state === 'completed' || state === 'failed') {
          const job = await this.#o.bullmq.Job.fromId(this.#o.queue, entry.id);
          if (!job) continue;
          if (state === 'completed') this.#completed(entry.id, job.returnvalue);
          else this.#failed(entry.id, job.failedReason);
        }
      }
      if (lost > 0) {
        this.#o.log.warn({ jobs: lost }, 'remote lane: jobs in flight were no longer in Redis (it restarted?): added again');
        this.#flushSoon();
      }
    } catch (error: unknown) {
      this.#o.log.warn({ err: coerceError(error) }, 'remote lane: sweep failed; trying again at the next');
    } finally {
      this.#sweeping = false;
    }
  }
}
