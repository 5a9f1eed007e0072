/**
 * The task runner of every worker thread and every PROCESSES child. Its entry loads the task modules (the
 * built-ins and the user's) with `loadTaskModules`, then it runs one task phase per call. A task's failure is returned as data, so its `code` survives
 * the thread boundary; a rejection from the pool therefore always means the thread itself died or was stopped.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { pino } from 'pino';
import type { ChunkItemOutcome } from './executor.ts';
import { runTaskPhase, type TaskContext, type TaskDefinition, type TaskPhase } from '../tasks/define.ts';
import { collectTaskDefinitions } from '../tasks/registry.ts';
import { toErrorInfo, UnknownTaskError } from '../errors.ts';
import type { JobErrorInfo } from '../types.ts';
import { softLimitSignal, type SoftLimitFlag } from './soft-limit.ts';
import { sleepUnlessAborted } from '../tasks/sleep.ts';
import { JobLogBuffer, recordingLogger, recordingProgress, type LogLine } from '../triage/job-log.ts';

export interface WorkerTask {
  readonly jobId: string;
  readonly attempt: number;
  readonly task: string;
  readonly phase: TaskPhase;
  readonly input: unknown;
  /** Present when the caller wants progress; the worker always ends with a `{ done: true }` message. */
  readonly progressPort?: ProgressPort;
  /** The soft time limit's flag (soft-limit.ts): `ctx.signal` fires when the main thread sets it. */
  readonly softLimit?: SoftLimitFlag;
}

/** Where progress goes: a transferred MessagePort in a thread, the IPC channel in a child process. */
export interface ProgressPort {
  postMessage(message: { fraction?: number; message?: string | undefined; done?: boolean }): void;
  close(): void;
}

/** What the task wrote with `ctx.log` (its last lines, bounded as on the main thread), only when it wrote any. */
interface WorkerLogs {
  readonly logs?: readonly LogLine[];
  readonly logsDropped?: number;
}

/** `busyMs`: how long this thread's event loop was active during the task (computing, not waiting). */
export type WorkerOutcome =
  | ({ readonly ok: true; readonly value: unknown; readonly busyMs?: number } & WorkerLogs)
  | ({ readonly ok: false; readonly error: JobErrorInfo; readonly busyMs?: number } & WorkerLogs);

/**
 * Progress from a worker thread: posted on the thread's own parentPort, which piscina forwards to the pool's
 * 'message' event (threads.ts routes it by job and attempt). One channel per thread, opened once: a task need not
 * declare `reportsProgress` for its progress to arrive.
 */
export const THREAD_PROGRESS_KEY = '__switchyard_progress__';
export interface ThreadProgressMessage {
  readonly [THREAD_PROGRESS_KEY]: true;
  readonly jobId: string;
  readonly attempt: number;
  readonly fraction: number;
  readonly message?: string | undefined;
}

export function isThreadProgress(value: unknown): value is ThreadProgressMessage {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[THREAD_PROGRESS_KEY] === true;
}

export interface WorkerData {
  readonly taskModules: readonly string[];
}

const log = pino({ name: 'switchyard-worker', level: process.env.LOG_LEVEL ?? 'info' });
const neverAborted = new AbortController().signal;
let tasks: Promise<Map<string, TaskDefinition>> | undefined;

/**
 * Imports the task modules once; the entry awaits it, so the first job does not pay for it. A thread's entry passes
 * its workerData list, a process child the list its parent gave it.
 */
export function loadTaskModules(modules: readonly string[]): Promise<Map<string, TaskDefinition>> {
  tasks ??= (async () => {
    const byName = new Map<string, TaskDefinition>();
    for (const url of modules) {
      for (const task of collectTaskDefinitions((await import(url)) as Record<string, unknown>)) byName.set(task.name, task);
    }
    return byName;
  })();
  return tasks;
}

function loadedTasks(): Promise<Map<string, TaskDefinition>> {
  if (!tasks) throw new Error('Task modules are not loaded in this worker');
  return tasks;
}

/**
 * Warm-up: each call takes one thread (a thread runs one task at a time) and holds it until `expected` threads
 * have arrived, so N calls succeed only once N distinct threads have started and imported every task module.
 */
export interface WarmUpTask {
  readonly warmUp: { readonly arrived: Int32Array; readonly expected: number; readonly timeoutMs: number };
}

function warmUp({ arrived, expected, timeoutMs }: WarmUpTask['warmUp']): WorkerOutcome {
  Atomics.add(arrived, 0, 1);
  Atomics.notify(arrived, 0);
  const deadline = Date.now() + timeoutMs;
  for (let seen = Atomics.load(arrived, 0); seen < expected; seen = Atomics.load(arrived, 0)) {
    if (Atomics.wait(arrived, 0, seen, Math.max(0, deadline - Date.now())) === 'timed-out') break;
  }
  return { ok: true, value: Atomics.load(arrived, 0) };
}

/**
 * A chunk of jobs: inputs arrive as one JSON buffer (transferred, not cloned item by item) and results leave as
 * one buffer too. Each item fails or succeeds on its own.
 */
export interface ChunkTask {
  readonly chunk: { readonly task: string; readonly inputs: Uint8Array; readonly jobIds: readonly string[] };
}

async function runChunk({ task: name, inputs, jobIds }: ChunkTask['chunk']): Promise<WorkerOutcome> {
  const loopBefore = performance.eventLoopUtilization();
  const task = (await loadedTasks()).get(name);
  if (!task) return { ok: false, error: toErrorInfo(new UnknownTaskError(name)) };
  const items = JSON.parse(new TextDecoder().decode(inputs)) as unknown[];
  const outcomes: ChunkItemOutcome[] = [];
  for (let i = 0; i < items.length; i++) {
    const started = performance.now();
    const ctx: TaskContext = {
      signal: neverAborted,
      sleep: (ms) => sleepUnlessAborted(ms, neverAborted),
      progress: () => {},
      log: log.child({ jobId: jobIds[i] }),
      jobId: jobIds[i]!,
      attempt: 1,
    };
    try {
      outcomes.push({ ok: true, value: await runTaskPhase(task, 'run', items[i], ctx), ms: performance.now() - started });
    } catch (thrown: unknown) {
      outcomes.push({ ok: false, error: toErrorInfo(thrown), ms: performance.now() - started });
    }
  }
  // One buffer back: cloning it is a single copy, however many results it holds.
  const encoded = new TextEncoder().encode(JSON.stringify(outcomes));
  return { ok: true, value: encoded, busyMs: performance.eventLoopUtilization(loopBefore).active };
}

export default async function runInWorker(message: WorkerTask | WarmUpTask | ChunkTask): Promise<WorkerOutcome> {
  if ('warmUp' in message) return warmUp(message.warmUp);
  if ('chunk' in message) return runChunk(message.chunk);
  const { progressPort, jobId, attempt } = message;
  const loopBefore = performance.eventLoopUtilization();
  const busyMs = () => performance.eventLoopUtilization(loopBefore).active;
  // A child process is given a port (its IPC channel); a thread posts on its parentPort.
  const progress: ((fraction: number, text?: string) => void) | undefined = progressPort
    ? (fraction, text) => progressPort.postMessage({ fraction, message: text })
    : parentPort
      ? (fraction, text) =>
          parentPort!.postMessage({ [THREAD_PROGRESS_KEY]: true, jobId, attempt, fraction, message: text } satisfies ThreadProgressMessage)
      : undefined;
  let buffer: JobLogBuffer | undefined;
  let jobLog: TaskContext['log'] | undefined;
  let progressOnce: TaskContext['progress'] | undefined;
  const record = (line: LogLine) => (buffer ??= new JobLogBuffer()).add(line);
  const soft = message.softLimit ? softLimitSignal(message.softLimit) : undefined;
  const signal = () => (soft ? soft.read() : neverAborted);
  const logs = (): WorkerLogs => (buffer ? { logs: buffer.lines, logsDropped: buffer.dropped } : {});
  try {
    const task = (await loadedTasks()).get(message.task);
    if (!task) throw new UnknownTaskError(message.task);
    const ctx: TaskContext = {
      // With a soft limit, the signal fires a grace period before the thread is terminated; without, never.
      get signal() {
        return signal();
      },
      sleep: (ms) => sleepUnlessAborted(ms, signal()),
      // Messages are kept in the job's log from here: a live report may arrive after the result, and be dropped.
      progress: (fraction, text) => (progressOnce ??= recordingProgress(progress, record))(fraction, text),
      // Made on first use: a job that never logs pays nothing for its log.
      get log() {
        let child: TaskContext['log'] | undefined;
        const server = () => (child ??= log.child({ jobId }));
        return (jobLog ??= recordingLogger(server, record) as unknown as TaskContext['log']);
      },
      jobId,
      attempt,
    };
    const value = await runTaskPhase(task, message.phase, message.input, ctx);
    return { ok: true, value, busyMs: busyMs(), ...logs() };
  } catch (thrown: unknown) {
    return { ok: false, error: toErrorInfo(thrown), busyMs: busyMs(), ...logs() };
  } finally {
    soft?.release();
    // An explicit last message: the main thread stops listening on it rather than waiting for the port to close.
    progressPort?.postMessage({ done: true });
    progressPort?.close();
  }
}
