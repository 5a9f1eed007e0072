import type { Abort } from '../executors/abort.ts';

/** A watched job: aborted past `at` unless `done` is set first. The attempt itself is one (no object of its own). */
export interface Deadline {
  readonly at: number;
  readonly abort: Abort;
  done: boolean;
}

/**
 * The timeouts of one batch's running jobs, with one timer for all of them. Every job of a batch has the same
 * timeout and jobs start in time order, so deadlines arrive in order: a FIFO whose head is the next to expire.
 * (One setTimeout per job cost more than a fast job's whole run.)
 */
export class Deadlines {
  readonly #queue: Deadline[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly onExpire: (abort: Abort) => void) {}

  /** Watches a job until its `done` is set; past `at` it is aborted through onExpire. */
  track(deadline: Deadline): void {
    this.#queue.push(deadline);
    if (!this.#timer) this.#arm();
  }

  /** Stops the timer (the batch ended). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
    this.#head = 0;
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
