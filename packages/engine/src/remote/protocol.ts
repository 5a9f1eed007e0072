/**
 * What the API node and the remote workers say to each other through Redis. BullMQ carries the jobs (one queue);
 * two pub/sub channels carry what BullMQ has no place for: heartbeats (worker → API) and cancellations (API →
 * workers, since `Worker.cancelJob` only reaches the process that runs the job). Both sides import this file, so a
 * change here is a change of the wire format: workers and API nodes must run the same version.
 */
import { readFileSync } from 'node:fs';
import type { ChunkItemOutcome } from '../executors/executor.ts';
import type { WorkerOutcome } from '../executors/thread-worker.ts';
import type { TaskPhase } from '../tasks/define.ts';

/** BullMQ's key prefix and queue name: every key Switchyard makes starts with `switchyard:jobs`. */
export const REDIS_PREFIX = 'switchyard';
export const QUEUE_NAME = 'jobs';
export const HEARTBEAT_CHANNEL = 'switchyard:heartbeats';
export const CANCEL_CHANNEL = 'switchyard:cancel';

/** The version of this code; a worker advertises it so the Workers page shows a fleet running mixed versions. */
export const SWITCHYARD_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** One job attempt, or a chunk of a data batch: the data of one BullMQ job. */
export type RemoteJobData =
  | {
      readonly kind: 'one';
      readonly jobId: string;
      readonly attempt: number;
      readonly task: string;
      readonly phase: TaskPhase;
      readonly input: unknown;
      /** The API wants progress (the task reports it); otherwise the worker sends none. */
      readonly progress: boolean;
    }
  | { readonly kind: 'chunk'; readonly task: string; readonly jobIds: readonly string[]; readonly inputs: readonly unknown[] };

/**
 * A BullMQ job's return value. A task's failure is data here too (as in the thread pool), so a BullMQ job that
 * *fails* always means the transport or the worker gave up (cancelled, stalled too often), never the task.
 */
export interface RemoteResult {
  /** The worker that ran it. */
  readonly worker: string;
  /** How long the worker's thread was busy (the mis-tag check's evidence). */
  readonly busyMs?: number | undefined;
  readonly outcome: WorkerOutcome | ChunkItemOutcome[];
}

/** Progress reports of a BullMQ job: first which worker took it, then the task's own progress if it reports any. */
export type RemoteProgress = { readonly worker: string } | { readonly fraction: number; readonly message?: string | undefined };

/** What a worker says about itself, every `intervalMs`. */
export interface Heartbeat {
  /** `host:pid`: unique while the process lives. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly version: string;
  /** Jobs it runs at once (its thread pool). */
  readonly slots: number;
  readonly busy: number;
  readonly jobsDone: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Its main thread's event-loop delay since the last heartbeat, p99, ms. */
  readonly eventLoopDelayMs: number;
  readonly startedAt: number;
  /** How often it heartbeats: the API counts it gone after three missed. */
  readonly intervalMs: number;
  /** draining: takes no new jobs (SIGTERM); stopped: its last word. */
  readonly state: 'alive' | 'draining' | 'stopped';
}

/** The BullMQ job id of one attempt: deterministic, so a restarted API finds the result of the attempt it lost. */
export function remoteJobId(jobId: string, attempt: number): string {
  return `j${jobId}-${attempt}`;
}

/** Timings both sides read from the environment; the tests shorten them, production keeps BullMQ's defaults. */
export interface RemoteTimings {
  /** Worker heartbeat interval. @default 2_000 */
  readonly heartbeatMs: number;
  /** BullMQ lock of a running job: a worker that dies loses its jobs to the stalled check after this. @default 30_000 */
  readonly lockMs: number;
  /** How often workers look for stalled jobs. @default 30_000 */
  readonly stalledIntervalMs: number;
  /** How often the API checks the jobs it has in flight against Redis (missed events, a restarted Redis). @default 5_000 */
  readonly sweepMs: number;
}

export function timingsFromEnv(env: NodeJS.ProcessEnv = process.env): RemoteTimings {
  const ms = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 50)
      throw new TypeError(`Expected \`${name}\` to be a whole number of milliseconds (≥ 50), got \`${raw}\``);
    return value;
  };
  return {
    heartbeatMs: ms('SWITCHYARD_REMOTE_HEARTBEAT_MS', 2_000),
    lockMs: ms('SWITCHYARD_REMOTE_LOCK_MS', 30_000),
    stalledIntervalMs: ms('SWITCHYARD_REMOTE_STALLED_MS', 30_000),
    sweepMs: ms('SWITCHYARD_REMOTE_SWEEP_MS', 5_000),
  };
}
