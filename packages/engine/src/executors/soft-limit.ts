/**
 * The soft time limit of a job on a worker thread or in a child process (Celery's soft and hard `time_limit`): when
 * the job times out or is cancelled, its `ctx.signal` fires where the task runs first, and the thread is terminated
 * (the process killed) only `graceMs` later, if the task has not returned by then. The job ends TIMED_OUT (or
 * CANCELLED) all the same; the grace is for cleaning up (closing a file, flushing a partial result somewhere), not for
 * finishing.
 *
 * One SharedArrayBuffer per job carries it: [state, timeoutMs]. Whoever learns of the abort writes the state and
 * notifies: the main thread for a worker thread (so a synchronous loop that reads `ctx.signal.aborted` sees it at
 * once), the child itself for a process, when the parent's message arrives (processes.ts, process-worker.ts). Where
 * the task runs, reading `ctx.signal` checks the state, and an `Atomics.waitAsync` fires the signal's listeners for a
 * task that awaits.
 */
import { JobCancelledError, JobTimeoutError } from '../errors.ts';

const RUNNING = 0;
const TIMED_OUT = 1;
const CANCELLED = 2;
const DONE = 3;

export type SoftLimitFlag = Int32Array;

export function newSoftLimitFlag(): SoftLimitFlag {
  return new Int32Array(new SharedArrayBuffer(8));
}

/** Whether a job stopped for this reason gets the soft limit: a timeout or a cancel (not, say, the engine closing). */
export function isSoftStop(reason: unknown): reason is JobTimeoutError | JobCancelledError {
  return reason instanceof JobTimeoutError || reason instanceof JobCancelledError;
}

/** Sets the flag for a soft stop, which fires the task's `ctx.signal`. */
export function markSoftLimit(flag: SoftLimitFlag, reason: JobTimeoutError | JobCancelledError): void {
  Atomics.store(flag, 1, reason instanceof JobTimeoutError ? reason.timeoutMs : 0);
  Atomics.store(flag, 0, reason instanceof JobTimeoutError ? TIMED_OUT : CANCELLED);
  Atomics.notify(flag, 0);
}

/**
 * Main thread: the signal to give the pool, aborted `graceMs` after `signal`. On a soft stop `tellTask(reason)` is
 * called first; it returns false when the task cannot be told (it is not running yet), and the pool's signal is then
 * aborted at once, as it is for any other reason. Call `done()` when the job has settled.
 */
export function softLimit(
  signal: AbortSignal,
  graceMs: number,
  tellTask: (reason: JobTimeoutError | JobCancelledError) => boolean,
): { signal: AbortSignal; done: () => void } {
  const hard = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    const reason: unknown = signal.reason;
    if (!isSoftStop(reason) || !tellTask(reason)) return hard.abort(reason);
    timer = setTimeout(() => hard.abort(reason), graceMs);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: hard.signal,
    done: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}

type WaitAsync = (typed: Int32Array, index: number, value: number) => { async: boolean; value: Promise<unknown> | string };

/**
 * Where the task runs: the job's `ctx.signal`, made on first read and checked at every read. `release()` ends the
 * wait when the job is done.
 */
export function softLimitSignal(flag: SoftLimitFlag): { read: () => AbortSignal; release: () => void } {
  let controller: AbortController | undefined;
  const check = () => {
    const state = Atomics.load(flag, 0);
    if (controller && !controller.signal.aborted && (state === TIMED_OUT || state === CANCELLED)) {
      controller.abort(state === TIMED_OUT ? new JobTimeoutError(Atomics.load(flag, 1)) : new JobCancelledError());
    }
  };
  return {
    read() {
      if (!controller) {
        controller = new AbortController();
        const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
        const waiting = waitAsync?.(flag, 0, RUNNING);
        if (waiting?.async) void (waiting.value as Promise<unknown>).then(check);
      }
      check();
      return controller.signal;
    },
    release() {
      Atomics.store(flag, 0, DONE);
      Atomics.notify(flag, 0);
    },
  };
}
