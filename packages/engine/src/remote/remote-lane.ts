import type { Queue } from 'bullmq';
import type { Redis as RedisClient } from 'ioredis';
import type { Logger } from 'pino';
import { untilDeadline } from '../executors/executor.ts';
import type { WorkerOutcome } from '../executors/thread-worker.ts';
import { coerceError } from '../errors.ts';
import type { RunningJob } from '../store/store.ts';
import type { TaskRegistry } from '../tasks/registry.ts';
import { CANCEL_CHANNEL, QUEUE_NAME, REDIS_PREFIX, remoteJobId, type RemoteResult, type RemoteTimings } from './protocol.ts';
import { RemoteExecutor } from './remote-executor.ts';
import { closeConnections, loadTransport, type Bullmq } from './transport.ts';
import { WorkerDirectory } from './worker-directory.ts';

/** Finished BullMQ jobs are kept this long (or this many), so a restarted API still finds results that arrived. */
export const KEEP_FINISHED = { age: 3_600, count: 10_000 } as const;
/** How long start-up waits for Redis to answer the reconciliation before it requeues every remote job instead. */
const RECONCILE_DEADLINE_MS = 5_000;

/** The API node's side of the remote lane: its executor, the worker directory and the connections behind them. */
export interface RemoteLane {
  readonly executor: RemoteExecutor;
  readonly directory: WorkerDirectory;
  /**
   * On start, before interrupted jobs are requeued: takes the results of remote jobs that arrived while the API was
   * down (`take`), and withdraws the others from Redis (they are requeued and run again: at-least-once).
   */
  reconcile(running: readonly RunningJob[], take: (job: RunningJob, value: unknown, worker: string, finishedAt: number) => void): Promise<number>;
  close(): Promise<void>;
}

export interface RemoteLaneOptions {
  readonly redisUrl: string;
  readonly registry: TaskRegistry;
  readonly log: Logger;
  readonly timings: RemoteTimings;
}

/** Imports BullMQ (only now: an API without Redis never loads it) and opens the lane's connections. */
export async function connectRemoteLane(options: RemoteLaneOptions): Promise<RemoteLane> {
  const { bullmq, connect } = await loadTransport();
  const log = options.log.child({ lane: 'remote' });
  const client = connect(options.redisUrl, 'switchyard-api', log);
  const queue: Queue = new bullmq.Queue(QUEUE_NAME, {
    connection: client,
    prefix: REDIS_PREFIX,
    // One BullMQ attempt: Switchyard keeps its own retries, backoff and attempt records.
    defaultJobOptions: { attempts: 1, removeOnComplete: KEEP_FINISHED, removeOnFail: KEEP_FINISHED },
  });
  const events = new bullmq.QueueEvents(QUEUE_NAME, { connection: connect(options.redisUrl, 'switchyard-api-events', log), prefix: REDIS_PREFIX });
  const directory = new WorkerDirectory(
    connect(options.redisUrl, 'switchyard-api-heartbeats', log),
    log,
    Math.min(1_000, options.timings.heartbeatMs),
  );
  const executor = new RemoteExecutor({
    queue,
    events,
    client,
    bullmq,
    directory,
    registry: options.registry,
    log,
    sweepMs: options.timings.sweepMs,
  });
  return {
    executor,
    directory,
    reconcile: (running, take) => reconcile(bullmq, queue, client, log, running, take),
    async close() {
      await directory.close();
      await closeConnections([client]);
    },
  };
}

async function reconcile(
  bullmq: Bullmq,
  queue: Queue,
  client: RedisClient,
  log: Logger,
  running: readonly RunningJob[],
  take: (job: RunningJob, value: unknown, worker: string, finishedAt: number) => void,
): Promise<number> {
  if (running.length === 0) return 0;
  let taken = 0;
  let late = false; // past the deadline the jobs are requeued: a result found after that must not be taken
  const work = (async () => {
    for (const job of running) {
      if (late) return;
      const id = remoteJobId(job.jobId, job.attempt);
      const remote = await bullmq.Job.fromId(queue, id);
      if (!remote) continue; // a chunk, or gone with Redis: requeued
      const result = (typeof remote.returnvalue === 'string' ? JSON.parse(remote.returnvalue) : remote.returnvalue) as RemoteResult | null;
      const outcome = result?.outcome as WorkerOutcome | undefined;
      if (late) return;
      if (remote.finishedOn && outcome?.ok) {
        take(job, outcome.value, result!.worker, remote.finishedOn);
        taken++;
      } else if (!remote.finishedOn) {
        // Still waiting or running: it will be requeued under a new attempt, so this copy should stop.
        await client.publish(CANCEL_CHANNEL, id);
        await queue.remove(id).catch(() => 0);
      }
    }
  })();
  work.catch((error: unknown) => log.warn({ err: coerceError(error) }, 'remote lane: reconciliation stopped early; the rest is requeued'));
  await untilDeadline(
    work.catch(() => {}),
    RECONCILE_DEADLINE_MS,
  );
  late = true;
  log.info({ running: running.length, taken }, 'remote jobs reconciled: results that arrived were taken, the rest is requeued');
  return taken;
}
