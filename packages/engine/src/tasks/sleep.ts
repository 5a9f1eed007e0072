import { Abort } from '../executors/abort.ts';

/**
 * `ctx.sleep(ms)`: a timer that rejects with the abort reason when the job times out or is cancelled, and clears
 * itself then. On the event loop it listens on the attempt's Abort directly: `timers/promises` with `ctx.signal`
 * made an AbortController and two EventTarget listeners per job, which cost an I/O job more than the engine did.
 */
export function sleepUnlessAborted(ms: number, abort: Abort | AbortSignal): Promise<void> {
  if (abort.aborted) return Promise.reject(abort.reason);
  if (abort instanceof Abort) {
    return new Promise<void>((resolve, reject) => {
      const stop = (reason: unknown): void => {
        clearTimeout(timer);
        reject(reason);
      };
      const timer = setTimeout(() => {
        abort.unlisten(stop);
        resolve();
      }, ms);
      abort.listen(stop);
    });
  }
  return new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      clearTimeout(timer);
      reject(abort.reason);
    };
    const timer = setTimeout(() => {
      abort.removeEventListener('abort', stop);
      resolve();
    }, ms);
    abort.addEventListener('abort', stop, { once: true });
  });
}
