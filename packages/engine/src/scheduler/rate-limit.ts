import { performance } from 'node:perf_hooks';
import type { RateLimit } from '../types.ts';

/**
 * The start times of a batch's last `jobs` job starts, oldest first (a ring): a job may start when the oldest of them
 * is at least `perMs` old. That is a sliding window, so no window of `perMs` anywhere holds more than `jobs` starts;
 * p-queue's fixed intervals (and a token bucket) allow up to twice that across a boundary, which is less polite to
 * the service being called. Memory is one number per allowed start (`jobs` is bounded at submission).
 *
 * The clock is `performance.now()` (monotonic): a wall-clock step must not open or close the window. The window lives
 * in memory only: after a restart the batch starts counting afresh.
 */
export class StartWindow {
  readonly #starts: Float64Array;
  #oldest = 0;

  constructor(readonly limit: RateLimit) {
    this.#starts = new Float64Array(limit.jobs).fill(Number.NEGATIVE_INFINITY);
  }

  /** How many jobs may start at `now`, counting up to `max`. */
  available(now: number, max: number): number {
    const { jobs, perMs } = this.limit;
    const cut = now - perMs;
    let n = 0;
    while (n < max && n < jobs && this.#starts[(this.#oldest + n) % jobs]! <= cut) n++;
    return n;
  }

  /** Records `n` starts at `now` (at most what `available` allowed). */
  take(now: number, n: number): void {
    const jobs = this.limit.jobs;
    for (let k = 0; k < n; k++) {
      this.#starts[this.#oldest] = now;
      this.#oldest = (this.#oldest + 1) % jobs;
    }
  }

  /** When the next job may start (now or in the past when one may start already). */
  nextAt(): number {
    return this.#starts[this.#oldest]! + this.limit.perMs;
  }
}

/**
 * A batch's rate limit in the lane hand-out: how many of its jobs may start now, and, when none may, one timer that
 * offers the batch's lane a slot again once the window has moved (`reopen`), so a rate-limited batch never waits for
 * some other job to finish before it is looked at again.
 */
export class StartRate {
  readonly #window: StartWindow;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    limit: RateLimit,
    private readonly reopen: () => void,
  ) {
    this.#window = new StartWindow(limit);
  }

  /** How many jobs may start now, counting up to `max`; when none, the lane is offered again when one may. */
  available(max: number): number {
    const now = performance.now();
    const n = this.#window.available(now, max);
    if (n === 0 && this.#timer === undefined) {
      // Timers may fire a little before performance.now() reaches the mark: then this runs again and re-arms.
      const delay = Math.max(1, Math.ceil(this.#window.nextAt() - now));
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.reopen();
      }, delay);
    }
    return n;
  }

  /** `n` jobs start now. */
  take(n: number): void {
    this.#window.take(performance.now(), n);
  }

  /** The batch ended: no more offers. */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
