import { availableParallelism, hostname } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Job, Queue, Worker } from 'bullmq';
import type { Redis as RedisClient } from 'ioredis';
import type { Logger } from 'pino';
import { coerceError, toErrorInfo } from '../errors.ts';
import { positiveInteger, untilDeadline } from '../executors/executor.ts';
import { ThreadExecutor } from '../executors/threads.ts';
import { createTaskRegistry } from '../tasks/registry.ts';
import {
  CANCEL_CHANNEL,
  HEARTBEAT_CHANNEL,
  QUEUE_NAME,
  REDIS_PREFIX,
  SWITCHYARD_VERSION,
  type Heartbeat,
  type RemoteJobData,
  type RemoteResult,
  type RemoteTimings,
} from './protocol.ts';
import { closeConnections, loadTransport, type Transport } from './transport.ts';

export interface RemoteWorkerOptions {
  readonly redisUrl: string;
  /** User task modules, as on the API (SWITCHYARD_TASKS). */
  readonly taskModules?: readonly string[];
  /** Jobs at once: threads in its local pool. @default os.availableParallelism() */
  readonly slots?: number;
  readonly timings: RemoteTimings;
  readonly log: Logger;
}

/** Cancel messages for jobs it does not hold are remembered this long, in case the job reaches it just after. */
const EARLY_CANCEL_MS = 60_000;
/**
 * Heartbeats in a row with jobs waiting, nothing running and nothing started since the heartbeat before, before the
 * BullMQ worker is made again. A healthy worker with a free slot takes a waiting job within milliseconds.
 */
const IDLE_CHECKS_BEFORE_RESTART = 3;

/**
 * A remote worker process: takes jobs from the BullMQ queue and runs them on its own worker-thread pool (the same
 * task modules and the same thread runner as the API's THREADS lane), sends each result back as the job's return
 * value, heartbeats what it is and how busy, and obeys cancel messages by terminating the thread. It never opens
 * the SQLite store: it can run on any machine that reaches Redis.
 */
export class RemoteWorker {
  readonly id = `${hostname()}:${process.pid}`;
  readonly slots: number;
  readonly #o: RemoteWorkerOptions;
  readonly #startedAt = Date.now();
  readonly #loopDelay = monitorEventLoopDelay({ resolution: 20 });
  readonly #earlyCancels = new Map<string, NodeJS.Timeout>();
  #transport!: Transport;
  #pool!: ThreadExecutor;
  #client!: RedisClient;
  #subscriber!: RedisClient;
  #queue!: Queue;
  #worker: Worker | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #state: Heartbeat['state'] = 'alive';
  #busy = 0;
  #jobsDone = 0;
  #idleChecks = 0;
  /** Jobs started since the last idle check: a worker that starts jobs is not stuck, however idle it looks. */
  #startedSinceCheck = 0;
  #restarting = false;
  readonly #jobConnections: RedisClient[] = [];

  constructor(options: RemoteWorkerOptions) {
    this.#o = options;
    this.slots = positiveInteger('slots', options.slots ?? availableParallelism());
  }

  get jobsDone(): number {
    return this.#jobsDone;
  }

  /** Loads the tasks, starts the pool and connects; resolves once it takes jobs. */
  async start(): Promise<void> {
    const registry = await createTaskRegistry(this.#o.taskModules ?? []);
    this.#pool = new ThreadExecutor(registry, { threads: this.slots, maxQueue: this.slots * 2 });
    await this.#pool.warmUp();
    this.#transport = await loadTransport();
    const { bullmq, connect } = this.#transport;
    this.#client = connect(this.#o.redisUrl, `switchyard-worker-${this.id}`, this.#o.log);
    this.#subscriber = connect(this.#o.redisUrl, `switchyard-worker-${this.id}-cancel`, this.#o.log);
    this.#subscriber.on('message', (channel: string, id: string) => channel === CANCEL_CHANNEL && this.#cancel(id));
    await this.#subscriber.subscribe(CANCEL_CHANNEL);
    this.#queue = new bullmq.Queue(QUEUE_NAME, { connection: this.#client, prefix: REDIS_PREFIX });
    this.#queue.on('error', (error) => this.#o.log.warn({ err: coerceError(error) }, 'queue connection error'));
    this.#worker = this.#createWorker();
    await this.#worker.waitUntilReady();
    this.#loopDelay.enable();
    this.#beat();
    this.#heartbeat = setInterval(() => void this.#tick(), this.#o.timings.heartbeatMs);
  }

  /**
   * SIGTERM: takes no new jobs, lets the running ones finish until the deadline, then exits. A job still running then
   * keeps its lock until it expires, and BullMQ's stalled check hands it to another worker.
   */
  async drain(deadlineMs: number): Promise<void> {
    if (this.#state !== 'alive') return;
    this.#state = 'draining';
    this.#beat();
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => this.#beat(), this.#o.timings.heartbeatMs);
    try {
      if (this.#worker) await untilDeadline(this.#worker.close(), deadlineMs);
    } finally {
      await this.#stop();
    }
  }

  async #stop(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#state = 'stopped';
    this.#beat();
    this.#loopDelay.disable();
    for (const timer of this.#earlyCancels.values()) clearTimeout(timer);
    // Bounded: with Redis away, BullMQ's close would wait for it forever.
    await untilDeadline(Promise.allSettled([this.#worker?.close(true), this.#queue?.close(), this.#pool?.close(1_000)]), 2_000);
    await closeConnections([this.#subscriber, this.#client, ...this.#jobConnections]);
  }

  #jobConnection(): RedisClient {
    const client = this.#transport.connect(this.#o.redisUrl, `switchyard-worker-${this.id}-jobs`, this.#o.log);
    this.#jobConnections.push(client);
    return client;
  }

  #createWorker(): Worker {
    const { bullmq } = this.#transport;
    const { lockMs, stalledIntervalMs } = this.#o.timings;
    const worker = new bullmq.Worker<RemoteJobData, RemoteResult>(QUEUE_NAME, (job, _token, signal) => this.#process(job, signal), {
      // A connection of its own: BullMQ blocks on it while it waits for jobs.
      connection: this.#jobConnection(),
      prefix: REDIS_PREFIX,
      concurrency: this.slots,
      lockDuration: lockMs,
      stalledInterval: stalledIntervalMs,
      // A job whose worker died is handed to another this many times, then failed (Switchyard then retries it).
      maxStalledCount: 2,
    });
    worker.on('error', (error) => this.#o.log.warn({ err: coerceError(error) }, 'bullmq worker error'));
    return worker;
  }

  async #process(job: Job<RemoteJobData, RemoteResult>, signal: AbortSignal | undefined): Promise<RemoteResult> {
    const id = job.id!;
    const abort = new AbortController();
    const onAbort = () => abort.abort(signal?.reason ?? new Error('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (this.#earlyCancels.has(id)) abort.abort(new Error('cancelled before it started'));
    this.#busy++;
    this.#startedSinceCheck++;
    // Which worker took it: the API records it on the attempt. Sent before the result on the same connection.
    job.updateProgress({ worker: this.id }).catch((error: unknown) => this.#o.log.warn({ err: coerceError(error), job: id }, 'start not reported'));
    let busyMs: number | undefined;
    const onUsage = (usage: { busyMs?: number }) => (busyMs = (busyMs ?? 0) + (usage.busyMs ?? 0));
    try {
      if (abort.signal.aborted) throw abort.signal.reason;
      const data = job.data;
      if (data.kind === 'chunk') {
        const outcome = await this.#pool.runChunk({ task: data.task, jobIds: data.jobIds, inputs: data.inputs, signal: abort.signal, onUsage });
        return { worker: this.id, busyMs, outcome };
      }
      try {
        const value = await this.#pool.run({
          jobId: data.jobId,
          attempt: data.attempt,
          task: data.task,
          phase: data.phase,
          input: data.input,
          signal: abort.signal,
          onUsage,
          ...(data.progress
            ? { onProgress: (fraction: number, message?: string) => void job.updateProgress({ fraction, message }).catch(() => {}) }
            : {}),
        });
        return { worker: this.id, busyMs, outcome: { ok: true, value } };
      } catch (error: unknown) {
        if (abort.signal.aborted) throw error; // cancelled: the BullMQ job fails, and nobody waits for it
        return { worker: this.id, busyMs, outcome: { ok: false, error: toErrorInfo(coerceError(error)) } };
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#busy--;
      this.#jobsDone++;
    }
  }

  /** A cancel message: stops the job if it runs here (its thread is terminated), else remembers it for a while. */
  #cancel(id: string): void {
    if (this.#worker?.cancelJob(id, 'cancelled by Switchyard')) {
      this.#o.log.info({ job: id }, 'job cancelled: its thread is terminated');
      return;
    }
    if (this.#earlyCancels.has(id)) return;
    const timer = setTimeout(() => this.#earlyCancels.delete(id), EARLY_CANCEL_MS);
    timer.unref();
    this.#earlyCancels.set(id, timer);
  }

  /**
   * Each heartbeat: report, and make sure the BullMQ worker is really taking jobs. After Redis comes back a
   * worker can sit idle with jobs waiting (a known BullMQ pitfall: its blocking connection never recovers); a worker
   * that started nothing for three heartbeats in a row while jobs waited is made again.
   */
  async #tick(): Promise<void> {
    this.#beat();
    if (this.#state !== 'alive' || this.#restarting || !this.#worker) return;
    this.#restarting = true; // also: one check at a time (with Redis away a check waits until it is back)
    try {
      const started = this.#startedSinceCheck;
      this.#startedSinceCheck = 0;
      const waiting = this.#busy === 0 && started === 0 ? await this.#queue.getWaitingCount() : 0;
      // Jobs started while the count was read: not stuck.
      this.#idleChecks = waiting > 0 && this.#startedSinceCheck === 0 ? this.#idleChecks + 1 : 0;
      if (this.#idleChecks < IDLE_CHECKS_BEFORE_RESTART) return;
      this.#o.log.warn({ waiting }, 'idle with jobs waiting: making the BullMQ worker again');
      const old = this.#worker;
      const oldConnection = this.#jobConnections.shift();
      this.#worker = this.#createWorker();
      await old.close(true).catch(() => {});
      await closeConnections([oldConnection]);
      this.#idleChecks = 0;
    } catch (error: unknown) {
      this.#o.log.debug({ err: coerceError(error) }, 'idle check failed (Redis away?)');
    } finally {
      this.#restarting = false;
    }
  }

  #beat(): void {
    const memory = process.memoryUsage();
    const beat: Heartbeat = {
      id: this.id,
      host: hostname(),
      pid: process.pid,
      version: SWITCHYARD_VERSION,
      slots: this.slots,
      busy: this.#busy,
      jobsDone: this.#jobsDone,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopDelayMs: Number.isFinite(this.#loopDelay.percentile(99)) ? this.#loopDelay.percentile(99) / 1e6 : 0,
      startedAt: this.#startedAt,
      intervalMs: this.#o.timings.heartbeatMs,
      state: this.#state,
    };
    this.#loopDelay.reset();
    this.#client.publish(HEARTBEAT_CHANNEL, JSON.stringify(beat)).catch(() => {}); // Redis away: the next one tells
  }
}
