/**
 * The soft time limit of a job on a worker thread (Celery's soft and hard `time_limit`): when the job times out or
 * is cancelled, its `ctx.signal` fires inside the thread first, and the thread is terminated only `graceMs` later,
 * if the task has not returned by then. The job ends TIMED_OUT (or CANCELLED) all the same; the grace is for
 * cleaning up (closing a file, flushing a partial result somewhere), not for finishing.
 *
 * One SharedArrayBuffer per job carries it: [state, timeoutMs]. The main thread writes the state and notifies; in the
 * thread, reading `ctx.signal` checks the state (so a synchronous loop that reads `ctx.signal.aborted` sees it at
 * once), and an `Atomics.waitAsync` fires the signal's listeners for a task that awaits.
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

/**
 * Main thread: the signal to give the pool, aborted `graceMs` after `signal` (at once for any other reason than a
 * timeout or a cancel, such as the engine closing). Call `done()` when the job has settled.
 */
export function softLimit(signal: AbortSignal, flag: SoftLimitFlag, graceMs: number): { signal: AbortSignal; done: () => void } {
  const hard = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    const reason: unknown = signal.reason;
    const state = reason instanceof JobTimeoutError ? TIMED_OUT : reason instanceof JobCancelledError ? CANCELLED : RUNNING;
    if (state === RUNNING) return hard.abort(reason);
    Atomics.store(flag, 1, reason instanceof JobTimeoutError ? reason.timeoutMs : 0);
    Atomics.store(flag, 0, state);
    Atomics.notify(flag, 0);
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
 * Worker thread: the job's `ctx.signal`, made on first read and checked at every read. `release()` ends the wait when
 * the job is done.
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
