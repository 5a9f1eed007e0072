import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';
import { coerceError } from '../errors.ts';
import type { Store } from '../store/store.ts';

export interface RetentionOptions {
  /** How long a finished batch is kept after it ended, ms; 0 keeps everything. @default 30 days */
  readonly retentionMs: number;
  /** Time between sweeps. @default a quarter of the retention, between 1 s and 1 min */
  readonly intervalMs?: number;
  /** Jobs deleted per transaction: the bound on how long one step holds the event loop. @default 500 */
  readonly jobsPerStep?: number;
  /** Free pages handed back per step (4 KiB each). @default 256 */
  readonly pagesPerStep?: number;
}

export const DEFAULT_RETENTION_MS = 30 * 86_400_000;
const EXPIRED_PER_SCAN = 100;

export interface SweepResult {
  readonly batches: number;
  readonly comparisons: number;
}

export type PurgeResult = 'deleted' | 'refused';

/**
 * Retention: deletes finished batches older than the retention (with their jobs and attempts), and hands the freed
 * pages back to the file system. All of it is small steps, one short transaction each with a turn of the event loop
 * between them, so running batches and requests go on between any two. Also deletes one batch on demand.
 *
 * Owns which batches are being deleted right now (`isPurging`): the engine refuses to retry or cancel those, since a
 * batch half-deleted must not run again. One sweep runs at a time; close() waits for the batch in hand, then stops.
 */
export class RetentionSweeper {
  readonly #store: Store;
  readonly #log: Logger;
  readonly #retentionMs: number;
  readonly #intervalMs: number;
  readonly #jobsPerStep: number;
  readonly #pagesPerStep: number;
  readonly #purging = new Map<string, Promise<PurgeResult>>();
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<SweepResult> | undefined;
  #closed = false;

  constructor(store: Store, log: Logger, options: RetentionOptions) {
    this.#store = store;
    this.#log = log;
    this.#retentionMs = Math.max(0, options.retentionMs);
    this.#intervalMs = options.intervalMs ?? Math.min(60_000, Math.max(1_000, Math.floor(this.#retentionMs / 4)));
    this.#jobsPerStep = options.jobsPerStep ?? 500;
    this.#pagesPerStep = options.pagesPerStep ?? 256;
  }

  get retentionMs(): number {
    return this.#retentionMs;
  }

  /** Sweeps now (after what start-up left to recover), then every interval; nothing when retention is 0. */
  start(): void {
    if (this.#retentionMs === 0 || this.#timer) return;
    this.#timer = setInterval(() => void this.sweep(), this.#intervalMs).unref();
    void this.sweep();
  }

  isPurging(batchId: string): boolean {
    return this.#purging.has(batchId);
  }

  /** One sweep: every batch that ended more than the retention ago, then the space. Concurrent calls share one. */
  sweep(now = Date.now()): Promise<SweepResult> {
    if (this.#retentionMs === 0) return Promise.resolve({ batches: 0, comparisons: 0 });
    // One sweep at a time, each for the time it was asked with: one asked while another runs (the start-up sweep,
    // say) runs after it, rather than answering with the other's result, which judged expiry at an earlier time.
    const sweeping: Promise<SweepResult> = (this.#sweeping ?? Promise.resolve())
      .then(() => this.#sweepOnce(now - this.#retentionMs))
      .catch((error: unknown): SweepResult => {
        this.#log.error({ err: coerceError(error) }, 'retention sweep failed');
        return { batches: 0, comparisons: 0 };
      })
      .finally(() => {
        if (this.#sweeping === sweeping) this.#sweeping = undefined;
      });
    this.#sweeping = sweeping;
    return sweeping;
  }

  /** Deletes one finished batch now, in the same small steps, then hands the space back; `refused` when it is missing or not finished. */
  async delete(batchId: string): Promise<PurgeResult> {
    const result = await this.#purgeOnce(batchId);
    if (result === 'deleted') await this.#reclaim();
    return result;
  }

  /** One deletion per batch at a time: a second caller waits for the first. */
  #purgeOnce(batchId: string): Promise<PurgeResult> {
    let purging = this.#purging.get(batchId);
    if (!purging) {
      purging = this.#purge(batchId).finally(() => this.#purging.delete(batchId));
      this.#purging.set(batchId, purging);
    }
    return purging;
  }

  /** Stops sweeping: a batch being deleted is finished, the rest waits for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await Promise.allSettled([this.#sweeping, ...this.#purging.values()]);
  }

  async #sweepOnce(finishedBefore: number): Promise<SweepResult> {
    let batches = 0;
    for (;;) {
      const expired = this.#store.expiredBatches(finishedBefore, EXPIRED_PER_SCAN).filter((id) => !this.#purging.has(id));
      if (expired.length === 0 || this.#closed) break;
      let deleted = 0;
      for (const id of expired) {
        if (this.#closed) break;
        if ((await this.#purgeOnce(id)) === 'deleted') deleted++;
      }
      batches += deleted;
      // Every batch of the scan refused (retried since): they would come back in the next scan, so stop here.
      if (deleted === 0) break;
    }
    const comparisons = this.#closed ? 0 : this.#store.deleteExpiredComparisons(finishedBefore);
    if (batches > 0 || comparisons > 0)
      this.#log.info({ batches, comparisons, finishedBefore: new Date(finishedBefore) }, 'retention deleted expired batches');
    await this.#reclaim();
    return { batches, comparisons };
  }

  async #purge(batchId: string): Promise<PurgeResult> {
    for (;;) {
      const step = this.#store.purgeStep(batchId, this.#jobsPerStep);
      if (step !== 'more') return step;
      await nextTurn();
    }
  }

  /** Incremental vacuum, a few pages at a time, until no free page is left (or the engine closes); then a checkpoint. */
  async #reclaim(): Promise<void> {
    while (!this.#closed && this.#store.reclaimSpace(this.#pagesPerStep) > 0) await nextTurn();
    if (!this.#closed) await this.#store.checkpoint();
  }
}
