import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { coerceError } from '../../errors.ts';

/** A write that runs inside the next group commit's transaction. */
export type GroupedWrite = () => void;

/**
 * Group commit: writes queued during one turn of the event loop are committed together in one transaction, at the
 * next `setImmediate` or at an explicit `flush()`. This is what keeps persistence off the jobs' critical path.
 *
 * Invariants:
 * - writes run in the order they were queued (a queued slot may be replaced in place, never moved);
 * - `onCommit` hooks run inside the same transaction, after the writes, so derived rows (a batch's counts) commit
 *   with the changes they derive from;
 * - `afterCommit` callbacks run only once everything queued before them is committed; a callback that throws is
 *   logged and does not stop the others;
 * - `generation` changes at every commit: a slot handed out in an earlier generation is gone;
 * - `beforeFlush` hooks run at every `flush()` (a read of jobs, a command, closing), never at `commit()` (a read of
 *   batches) or at the scheduled commit: they queue what was held back (a chunk's starts), so that whatever reads
 *   jobs or commands sees it.
 */
export class GroupCommit {
  readonly #sqlite: Database.Database;
  readonly #log: Logger;
  readonly #onCommit: Array<() => void> = [];
  readonly #beforeFlush: Array<() => void> = [];
  #pending: GroupedWrite[] = [];
  #afterCommit: Array<() => void> = [];
  #generation = 0;
  #scheduled = false;
  #closed = false;

  constructor(sqlite: Database.Database, log: Logger) {
    this.#sqlite = sqlite;
    this.#log = log;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Queues a write for the next commit; returns its slot in this generation. */
  enqueue(write: GroupedWrite): number {
    if (this.#closed) throw new Error('Store is closed');
    this.#schedule();
    return this.#pending.push(write) - 1;
  }

  /** Replaces the write queued at `slot` of the current generation (it has not run yet). */
  replace(slot: number, write: GroupedWrite): void {
    if (slot < 0 || slot >= this.#pending.length) throw new Error(`No queued write at slot ${slot}`);
    this.#pending[slot] = write;
  }

  /** Registers a hook that runs at the end of every commit's transaction (once per transaction). */
  onCommit(hook: () => void): void {
    this.#onCommit.push(hook);
  }

  /** Registers a hook that runs at the start of every explicit `flush()`, before its commit; it may queue writes. */
  beforeFlush(hook: () => void): void {
    this.#beforeFlush.push(hook);
  }

  /** Runs `callback` once everything queued so far is committed. */
  afterCommit(callback: () => void): void {
    this.#afterCommit.push(callback);
    this.#schedule();
  }

  /** Queues what the `beforeFlush` hooks hold back, then commits (see `commit`). */
  flush(): void {
    for (const hook of this.#beforeFlush) hook();
    this.commit();
  }

  /** Commits every queued write now, then runs the afterCommit callbacks; what `beforeFlush` hooks hold stays held. */
  commit(): void {
    if (this.#pending.length === 0 && this.#afterCommit.length === 0) return;
    const writes = this.#pending;
    const callbacks = this.#afterCommit;
    this.#pending = [];
    this.#afterCommit = [];
    this.#generation++;
    if (writes.length > 0) {
      this.#sqlite.transaction(() => {
        for (const write of writes) write();
        for (const hook of this.#onCommit) hook();
      })();
    }
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error: unknown) {
        this.#log.error({ err: coerceError(error) }, 'afterCommit callback failed');
      }
    }
  }

  /** Commits what is queued and refuses further writes. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate: everything that changed during this turn of the event loop is written in one transaction.
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#closed) return;
      try {
        this.commit();
      } catch (error: unknown) {
        this.#log.error({ err: coerceError(error) }, 'group commit failed');
      }
    });
  }
}
