import type { Abort } from '../executors/abort.ts';

/** A watched job: aborted past `at` unless `done` is set first. The attempt itself is one (no object of its own). */
export interface Deadline {
  readonly at: number;
  readonly abort: Abort;
  done: boolean;
}

/** Done deadlines are swept out every so many additions (see track). */
const SWEEP_EVERY = 4096;

/**
 * The timeouts of one batch's running jobs, with one timer for all of them. Every job of a batch has the same
 * timeout and jobs start in time order, so deadlines arrive in order: a FIFO whose head is the next to expire.
 * (One setTimeout per job cost more than a fast job's whole run.)
 */
export class Deadlines {
  #queue: Deadline[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Deadlines added since the last sweep of done ones, and how many were left then. */
  #sinceSweep = 0;
  #leftAtSweep = 0;

  constructor(private readonly onExpire: (abort: Abort) => void) {}

  /** Watches a job until its `done` is set; past `at` it is aborted through onExpire. */
  track(deadline: Deadline): void {
    this.#queue.push(deadline);
    // Done deadlines would otherwise stay until the timer next fires (a whole timeout later), each holding its
    // attempt: a fast batch's would pile up by the hundred thousand. Swept once as many were added as were left at
    // the last sweep (at least 4,096): each deadline is looked at a bounded number of times.
    if (++this.#sinceSweep > Math.max(SWEEP_EVERY, this.#leftAtSweep)) this.#sweep();
    if (!this.#timer) this.#arm();
  }

  #sweep(): void {
    this.#queue = this.#queue.slice(this.#head).filter((deadline) => !deadline.done);
    this.#head = 0;
    this.#sinceSweep = 0;
    this.#leftAtSweep = this.#queue.length;
  }

  /** Stops the timer (the batch ended). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
    this.#head = 0;
    this.#sinceSweep = 0;
    this.#leftAtSweep = 0;
  }

  #arm(): void {
    while (this.#head < this.#queue.length && this.#queue[this.#head]!.done) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head); // compact now and then
      this.#head = 0;
    }
    const next = this.#queue[this.#head];
    this.#timer = next ? setTimeout(() => this.#expire(), Math.max(0, next.at - Date.now())) : undefined;
  }

  #expire(): void {
    const now = Date.now();
    while (this.#head < this.#queue.length) {
      const deadline = this.#queue[this.#head]!;
      if (!deadline.done && deadline.at > now) break;
      this.#head++;
      if (!deadline.done) {
        deadline.done = true;
        this.onExpire(deadline.abort);
      }
    }
    this.#arm();
  }
}
