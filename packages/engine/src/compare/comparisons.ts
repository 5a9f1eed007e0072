import type { Logger } from 'pino';
import { coalesced } from '../coalesce.ts';
import type { EngineEventBus } from '../events.ts';
import type { Page, Store } from '../store/store.ts';
import type { BatchRecord, ComparisonRecord } from '../types.ts';
import type { SubmitError } from '../errors.ts';
import { planComparison, type CheckSubmission } from './plan.ts';
import { runComparison, type BatchRunner } from './runner.ts';
import { timeline } from './timeline.ts';
import type { CompareStrategiesInput, TimelineEntry } from './types.ts';

export type CompareResult = { ok: true; comparison: ComparisonRecord } | { ok: false; error: SubmitError };

/** Jobs drawn on a task-stream timeline. */
const TIMELINE_LIMIT = 5_000;

/** The narrow port through which comparisons reach the engine: check, submit, wait for and cancel batches. */
export interface ComparisonPort extends Pick<BatchRunner, 'submit' | 'waitForBatch'> {
  readonly check: CheckSubmission;
  cancelBatch(id: string): void;
  getBatch(id: string): BatchRecord | null;
  /** Cores of the worker pool: the ideal a CPU strategy is measured against. */
  readonly cores: number;
  readonly maxBatchSize: number;
}

/**
 * Strategy comparisons: validate and start one, cancel it, follow it live, read its runs. The one owner of which
 * batch each running comparison is measuring now.
 */
export class Comparisons {
  readonly #store: Store;
  readonly #events: EngineEventBus;
  readonly #port: ComparisonPort;
  readonly #log: Logger;
  /** The batch each running comparison is measuring (or warming up) now. */
  readonly #current = new Map<string, string>();

  constructor(store: Store, events: EngineEventBus, port: ComparisonPort, log: Logger) {
    this.#store = store;
    this.#events = events;
    this.#port = port;
    this.#log = log;
  }

  /** On start: comparisons a crash interrupted are marked FAILED (their batches recover on their own). */
  recover(): void {
    this.#store.failInterruptedComparisons(Date.now());
  }

  /**
   * Runs the same items under each strategy, one after another, and measures each the same way. Answers at once
   * with the comparison (RUNNING); follow it with watch. Refused, writing nothing, when any strategy would be refused.
   */
  start(input: CompareStrategiesInput, team: string): CompareResult {
    const planned = planComparison(input, this.#port.check, this.#port.maxBatchSize);
    if (!planned.ok) return planned;
    const { items, tag, strategies } = planned.plan;
    const comparison = this.#store.insertComparison({
      team,
      name: input.name ?? null,
      task: input.task,
      tag,
      total: items.length,
      strategies,
      createdAt: Date.now(),
    });
    const runner: BatchRunner = {
      submit: (batch) => this.#port.submit(batch),
      waitForBatch: (id) => this.#port.waitForBatch(id),
      running: (comparisonId, batchId) => (batchId === null ? this.#current.delete(comparisonId) : this.#current.set(comparisonId, batchId)),
      changed: (comparisonId) => this.#events.emit('comparison:changed', { comparisonId }),
    };
    void runComparison(
      { record: comparison, items, tag, strategies, timeoutMs: input.timeoutMs, cores: this.#port.cores },
      runner,
      this.#store,
      this.#log,
    );
    return { ok: true, comparison };
  }

  get(id: string): ComparisonRecord | null {
    return this.#store.getComparison(id);
  }

  list(team: string, first: number, afterId?: string): Page<ComparisonRecord> {
    return this.#store.listComparisons(team, first, afterId);
  }

  /** Stops a comparison: RUNNING → CANCELLED (guarded), the strategy running now is cancelled, the rest never start. */
  cancel(id: string): ComparisonRecord | null {
    if (!this.#store.getComparison(id)) return null;
    if (this.#store.finishComparison(id, { status: 'CANCELLED' }, Date.now())) {
      const batchId = this.#current.get(id);
      if (batchId) this.#port.cancelBatch(batchId);
      this.#events.emit('comparison:changed', { comparisonId: id });
    }
    return this.#store.getComparison(id);
  }

  /** The batch of the strategy running now, if any. */
  currentBatch(id: string): BatchRecord | null {
    const batchId = this.#current.get(id);
    return batchId ? this.#port.getBatch(batchId) : null;
  }

  /** The task-stream timeline of one run: one row per slot, one span per job. */
  timeline(batchId: string): TimelineEntry[] {
    return timeline(this.#store.jobSpans(batchId, TIMELINE_LIMIT));
  }

  /** Coalesced snapshots of a comparison while it runs (its runs, and the progress of the one running now). */
  watch(id: string, options: { intervalMs?: number; signal?: AbortSignal } = {}): AsyncGenerator<ComparisonRecord> {
    return coalesced({
      read: () => this.#store.getComparison(id),
      isFinal: (comparison) => comparison.status !== 'RUNNING',
      listen: (notify) => {
        const offs = [
          this.#events.on('comparison:changed', (e) => e.comparisonId === id && notify(this.#store.getComparison(id)?.status !== 'RUNNING')),
          this.#events.on('batch:changed', (e) => this.#current.get(id) === e.batchId && notify(false)),
        ];
        return () => offs.forEach((off) => off());
      },
      intervalMs: options.intervalMs ?? 250,
      signal: options.signal,
    });
  }
}
