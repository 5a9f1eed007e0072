import type { Logger } from 'pino';
import { AsyncExecutor } from './executors/async.ts';
import { LazyExecutor } from './executors/lazy.ts';
import { ProcessExecutor } from './executors/processes.ts';
import { SequentialExecutor } from './executors/sequential.ts';
import { ThreadExecutor } from './executors/threads.ts';
import type { RemoteExecutor } from './remote/remote-executor.ts';
import { LANES } from './router/decision-table.ts';
import { Lane } from './scheduler/lane.ts';
import type { TaskRegistry } from './tasks/registry.ts';

export interface LaneSizes {
  readonly threads: number;
  readonly processes: number;
  /** The most jobs the I/O lane runs at once across all its batches. */
  readonly ioLaneLimit: number;
  /** The soft time limit's grace on worker threads and child processes (executors/soft-limit.ts). */
  readonly timeoutGraceMs?: number | undefined;
}

/** The remote lane's parts, when SWITCHYARD_REDIS_URL turned it on. */
export interface RemoteLaneSpec {
  readonly executor: RemoteExecutor;
  /** Slots of the live workers now; the engine moves the limit as they come and go. */
  readonly slots: number;
}

/** Jobs the background lane runs at once: low-priority I/O that must not crowd the io lane. */
const BACKGROUND_LIMIT = 64;

/**
 * The engine's lanes, one executor each, by lane name; and the thread pool. Both pools start on first use (the
 * scheduler warms them before a batch's first job), so an idle or I/O-only server carries no worker isolates.
 */
export function createLanes(
  registry: TaskRegistry,
  log: Logger,
  sizes: LaneSizes,
  remote?: RemoteLaneSpec,
  onThreadsWarm?: (arrived: number) => void,
): { lanes: Map<string, Lane>; threads: LazyExecutor<ThreadExecutor> } {
  const { threads, processes, ioLaneLimit } = sizes;
  const grace = sizes.timeoutGraceMs === undefined ? {} : { graceMs: sizes.timeoutGraceMs };
  const threadExecutor = new LazyExecutor('THREADS', threads, () => new ThreadExecutor(registry, { threads, ...grace }), onThreadsWarm);
  const lanes = new Map<string, Lane>([
    [LANES.io, new Lane(LANES.io, new AsyncExecutor(registry, log, { concurrency: ioLaneLimit }), ioLaneLimit)],
    [LANES.background, new Lane(LANES.background, new AsyncExecutor(registry, log, { concurrency: BACKGROUND_LIMIT }), BACKGROUND_LIMIT)],
    // The window equals the threads: a job's start time and timeout begin when a thread takes it.
    [LANES.cpu, new Lane(LANES.cpu, threadExecutor, threads)],
    [LANES.sequential, new Lane(LANES.sequential, new SequentialExecutor(registry, log), 1)],
    [
      LANES.processes,
      new Lane(LANES.processes, new LazyExecutor('PROCESSES', processes, () => new ProcessExecutor(registry, { processes, ...grace })), processes),
    ],
  ]);
  // Remote workers: the window is the slots they advertise, so Redis holds only what they can run now.
  if (remote) lanes.set(LANES.remote, new Lane(LANES.remote, remote.executor, remote.slots));
  return { lanes, threads: threadExecutor };
}
