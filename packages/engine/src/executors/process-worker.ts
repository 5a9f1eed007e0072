/**
 * The child-process side of the PROCESSES executor. Each child runs the very same task code as a worker thread:
 * `runInWorker` from thread-worker.ts (task modules loaded once, a task's failure returned as data with its
 * `code`). This module only adapts it to a child process:
 *
 * - tinypool's child_process runtime does not hand `workerData` to the child (process.__tinypool_state__.workerData
 *   is always null), so the parent passes the task modules in an environment variable and `start()` loads them;
 * - a child cannot receive a MessagePort, so progress goes up the process's IPC channel (`process.send`), which
 *   tinypool forwards to the `channel` given to `pool.run()` for the task;
 * - the child counts its tasks and measures its RSS after each one, and asks the parent to recycle it
 *   (before sending the result, so the parent marks it while it still runs the task);
 * - the soft time limit (soft-limit.ts) comes down the same IPC channel: on a timeout or cancel the parent sends an
 *   `abort` message and the child sets its task's flag, which fires `ctx.signal`. A message needs the child's event
 *   loop, so a task sees it when it awaits or yields (a loop that never yields is killed at the end of the grace).
 *
 * Side-effect free until `start()` runs: the parent imports the constants and types from here.
 */
import { JobCancelledError, JobTimeoutError } from '../errors.ts';
import type { TaskPhase } from '../tasks/define.ts';
import { markSoftLimit, newSoftLimitFlag, type SoftLimitFlag } from './soft-limit.ts';
import type { ChunkTask, ProgressPort, WorkerOutcome, WorkerTask } from './thread-worker.ts';

/** The environment variable that carries a ProcessWorkerConfig (JSON) to every child. */
export const PROCESS_WORKER_CONFIG_ENV = 'SWITCHYARD_PROCESS_WORKER';
/** Marks Switchyard's own messages on the IPC channel (tinypool marks its own with `__tinypool_worker_message__`). */
export const PROCESS_MESSAGE_KEY = '__switchyard_process__';

export interface ProcessWorkerConfig {
  readonly taskModules: readonly string[];
  /** Ask to be recycled once this many tasks have run in the child; 0: never ask (tinypool isolates each task). */
  readonly recycleAfterTasks: number;
  /** Ask to be recycled when the child's RSS is above this after a task. */
  readonly maxMemoryBytes: number;
}

/** One task phase, as sent to a child. */
export interface ProcessTask {
  readonly jobId: string;
  readonly attempt: number;
  readonly task: string;
  readonly phase: TaskPhase;
  readonly input: unknown;
  /** Whether the caller listens for progress. */
  readonly progress: boolean;
}

/** Many jobs of one task in one message (a data batch), run back to back as a thread runs them (thread-worker.ts). */
export type ProcessChunk = ChunkTask;

/** A no-op answered once the child has loaded its task modules; not counted as a task. */
export interface ProcessWarmUp {
  readonly warmUp: true;
}

/** What a child sends back for a task: the worker's outcome, and facts about the process that ran it. */
export interface ProcessOutcome {
  readonly outcome: WorkerOutcome;
  readonly pid: number;
  /** Tasks this process has run, this one included. */
  readonly tasks: number;
  readonly rss: number;
}

export type ProcessMessage =
  | {
      readonly [PROCESS_MESSAGE_KEY]: true;
      readonly type: 'progress';
      readonly jobId: string;
      readonly attempt: number;
      readonly fraction: number;
      readonly message?: string | undefined;
    }
  | { readonly [PROCESS_MESSAGE_KEY]: true; readonly type: 'recycle'; readonly pid: number; readonly reason: string }
  /** Parent to child: the job timed out (`timeoutMs`) or was cancelled (no `timeoutMs`); fire its `ctx.signal`. */
  | { readonly [PROCESS_MESSAGE_KEY]: true; readonly type: 'abort'; readonly jobId: string; readonly attempt: number; readonly timeoutMs?: number };

export function isProcessMessage(value: unknown): value is ProcessMessage {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[PROCESS_MESSAGE_KEY] === true;
}

let config: ProcessWorkerConfig | undefined;
let runInWorker: ((task: WorkerTask | ChunkTask) => Promise<WorkerOutcome>) | undefined;
let tasksRun = 0;
/** The task running now, and its soft-limit flag. A child runs one task at a time. */
let current: { readonly key: string; readonly flag: SoftLimitFlag } | undefined;
/** An abort that came before its task did (the task's message travels through tinypool's port, the abort does not). */
let earlyAbort: { readonly key: string; readonly reason: JobTimeoutError | JobCancelledError } | undefined;

const jobKey = (jobId: string, attempt: number) => `${jobId}:${attempt}`;

function onParentMessage(message: unknown): void {
  if (!isProcessMessage(message) || message.type !== 'abort') return;
  const key = jobKey(message.jobId, message.attempt);
  const reason = message.timeoutMs === undefined ? new JobCancelledError() : new JobTimeoutError(message.timeoutMs);
  if (current?.key === key) markSoftLimit(current.flag, reason);
  else earlyAbort = { key, reason };
}

function send(message: ProcessMessage): void {
  // No IPC channel means the parent is gone; the child is about to exit anyway.
  if (process.connected) process.send?.(message);
}

/** Loads the task modules (through thread-worker.ts). Called once by the entry, after tsx is registered. */
export async function start(): Promise<void> {
  const raw = process.env[PROCESS_WORKER_CONFIG_ENV];
  if (!raw) throw new Error(`${PROCESS_WORKER_CONFIG_ENV} is not set: this module runs only in a PROCESSES child`);
  config = JSON.parse(raw) as ProcessWorkerConfig;
  const worker = await import('./thread-worker.ts');
  await worker.loadTaskModules(config.taskModules);
  runInWorker = worker.default;
  process.on('message', onParentMessage);
  // The parent died or dropped us: nobody will send work or read results.
  process.once('disconnect', () => process.exit(0));
}

export default async function runInProcess(message: ProcessTask | ProcessWarmUp | ProcessChunk): Promise<ProcessOutcome> {
  if (!config || !runInWorker) throw new Error('process worker is not started');
  if ('warmUp' in message) return { outcome: { ok: true, value: null }, pid: process.pid, tasks: tasksRun, rss: process.memoryUsage.rss() };
  if ('chunk' in message) {
    // Every job of the chunk counts towards recycling; the limits are checked once the chunk has run.
    tasksRun += message.chunk.jobIds.length;
    return afterTask(await runInWorker(message), config);
  }
  tasksRun++;
  const { jobId, attempt } = message;
  const progressPort: ProgressPort | undefined = message.progress
    ? {
        postMessage: (m) => {
          if (typeof m.fraction === 'number') {
            send({ [PROCESS_MESSAGE_KEY]: true, type: 'progress', jobId, attempt, fraction: m.fraction, message: m.message });
          }
        },
        close: () => {},
      }
    : undefined;
  const flag = newSoftLimitFlag();
  current = { key: jobKey(jobId, attempt), flag };
  if (earlyAbort?.key === current.key) markSoftLimit(flag, earlyAbort.reason);
  earlyAbort = undefined;
  let outcome: WorkerOutcome;
  try {
    outcome = await runInWorker({
      jobId,
      attempt,
      task: message.task,
      phase: message.phase,
      input: message.input,
      softLimit: flag,
      ...(progressPort ? { progressPort } : {}),
    });
  } finally {
    current = undefined;
  }
  return afterTask(outcome, config);
}

/** The outcome with facts about this process; asks to be recycled (before the outcome leaves) when over a limit. */
function afterTask(outcome: WorkerOutcome, limits: ProcessWorkerConfig): ProcessOutcome {
  const rss = process.memoryUsage.rss();
  const reason =
    limits.recycleAfterTasks > 0 && tasksRun >= limits.recycleAfterTasks
      ? `ran ${tasksRun} tasks`
      : rss > limits.maxMemoryBytes
        ? `RSS ${rss} bytes is above ${limits.maxMemoryBytes}`
        : undefined;
  if (reason) send({ [PROCESS_MESSAGE_KEY]: true, type: 'recycle', pid: process.pid, reason });
  return { outcome, pid: process.pid, tasks: tasksRun, rss };
}
