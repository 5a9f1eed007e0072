import type { Logger } from 'pino';
import { coerceError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { BatchRecord } from '../types.ts';
import { fireAt } from './long-timer.ts';

/** What held batches need of the engine: to run a batch once it is QUEUED, and to say it changed. */
export interface DelayedPort {
  /** Hands a QUEUED batch to the scheduler (which also cancels it if its cancel was requested). */
  run(batch: BatchRecord): void;
  changed(batchId: string): void;
}

/** How soon a release that failed (the database busy, say) is tried again. */
const RETRY_MS = 1_000;

/**
 * Batches held until their `runAt` (status SCHEDULED): one timer per held batch, owned here. Durable by
 * construction: the hold is the batch's status in the store, so on start every SCHEDULED batch is armed again, and
 * one whose time passed while the server was down starts at once. Both ways out of SCHEDULED (its time comes, or a
 * cancel) are guarded UPDATEs, so a timer that fires as the batch is cancelled cannot start it.
 */
export class DelayedBatches {
  readonly #store: Store;
  readonly #port: DelayedPort;
  readonly #log: Logger;
  readonly #timers = new Map<string, () => void>();
  #closed = false;

  constructor(store: Store, port: DelayedPort, log: Logger) {
    this.#store = store;
    this.#port = port;
    this.#log = log;
  }

  /** Arms every held batch in the store (on start). */
  start(): void {
    for (const { id, runAt } of this.#store.scheduledBatches()) this.hold(id, runAt);
  }

  /** Starts the batch at `runAtMs` (at once if that has passed). */
  hold(batchId: string, runAtMs: number): void {
    if (this.#closed) return;
    this.#timers.get(batchId)?.();
    this.#timers.set(
      batchId,
      fireAt(runAtMs, () => this.#release(batchId)),
    );
  }

  /** Cancels a held batch; false when it was not held (the caller cancels it as a running batch). */
  cancel(batchId: string): boolean {
    if (!this.#store.cancelScheduledBatch(batchId)) return false;
    this.#timers.get(batchId)?.();
    this.#timers.delete(batchId);
    // QUEUED with the cancel requested: the scheduler cancels every job and ends it CANCELLED, as for any batch.
    this.#port.run(this.#store.getBatch(batchId)!);
    return true;
  }

  close(): void {
    this.#closed = true;
    for (const clear of this.#timers.values()) clear();
    this.#timers.clear();
  }

  #release(batchId: string): void {
    this.#timers.delete(batchId);
    if (this.#closed) return;
    let released: boolean;
    try {
      released = this.#store.releaseScheduledBatch(batchId);
    } catch (error: unknown) {
      // A timer's callback must not throw (it would end the process); the batch is still held, so try again soon.
      this.#log.error({ err: coerceError(error), batchId }, 'releasing a held batch failed; trying again');
      return this.hold(batchId, Date.now() + RETRY_MS);
    }
    if (!released) return;
    const batch = this.#store.getBatch(batchId);
    if (!batch) return;
    this.#log.info({ batchId }, 'held batch released at its runAt');
    this.#port.changed(batchId);
    this.#port.run(batch);
  }
}
