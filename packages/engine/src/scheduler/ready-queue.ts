import type { ReadyJob, Store } from '../store/store.ts';

/** Jobs read from the store at a time; the rest of a batch stays in the store until needed. */
const PAGE_SIZE = 512;

/**
 * The queued jobs of one batch, in the order they start: due retries first, then the batch's queued jobs in index
 * order, read from the store a page at a time (memory grows with the page, never with the batch). Jobs cancelled
 * while queued are skipped if they are in the page already read.
 */
export class ReadyQueue {
  #page: readonly ReadyJob[] = [];
  #pagePos = 0;
  #cursor = -1;
  #exhausted = false;
  #retries: ReadyJob[] = [];
  #skip = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly batchId: string,
    /** All of the batch's jobs, when the caller has them (a small batch's insert): the store is not read. */
    allJobs?: readonly ReadyJob[],
  ) {
    if (!allJobs) return;
    this.#page = allJobs;
    this.#exhausted = true;
    this.#cursor = allJobs.length > 0 ? allJobs[allJobs.length - 1]!.index : -1;
  }

  hasNext(): boolean {
    while (true) {
      while (this.#retries.length > 0 && this.#skip.has(this.#retries[0]!.id)) this.#retries.shift();
      if (this.#retries.length > 0) return true;
      while (this.#pagePos < this.#page.length && this.#skip.has(this.#page[this.#pagePos]!.id)) this.#pagePos++;
      if (this.#pagePos < this.#page.length) return true;
      if (this.#exhausted) return false;
      this.#page = this.store.nextQueuedJobs(this.batchId, this.#cursor, PAGE_SIZE);
      this.#pagePos = 0;
      if (this.#page.length < PAGE_SIZE) this.#exhausted = true;
      if (this.#page.length > 0) this.#cursor = this.#page[this.#page.length - 1]!.index;
    }
  }

  next(): ReadyJob | undefined {
    if (!this.hasNext()) return undefined;
    return this.#retries.shift() ?? this.#page[this.#pagePos++];
  }

  /** A retry whose backoff has passed: it starts before the jobs not yet tried. */
  addRetry(job: ReadyJob): void {
    this.#retries.push(job);
  }

  /** A job cancelled while queued (the store has it CANCELLED already). */
  skip(jobId: string): void {
    this.#skip.add(jobId);
    this.#retries = this.#retries.filter((j) => j.id !== jobId);
  }

  /** Forgets everything read: `exhausted` when nothing is left to run (cancel), else the store is read again. */
  reset(exhausted: boolean): void {
    this.#page = [];
    this.#pagePos = 0;
    this.#cursor = -1;
    this.#exhausted = exhausted;
    this.#retries = [];
    this.#skip.clear();
  }
}
