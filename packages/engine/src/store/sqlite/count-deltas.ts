import type Database from 'better-sqlite3';
import { emptyCounts, type Counts } from '../../types.ts';

/**
 * The batches' job counts, kept on the batch row, change by the transitions of the group commit being written. Each
 * transition that applied moves one job from one count to another here; `apply()` writes one UPDATE per batch, in
 * the same transaction (a GroupCommit onCommit hook, and before a batch's end is written).
 */
export class CountDeltas {
  readonly #deltas = new Map<string, Counts>();
  readonly #addCounts: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#addCounts = sqlite.prepare(
      `update batches set queued = queued + ?, running = running + ?, succeeded = succeeded + ?, failed = failed + ?,
       cancelled = cancelled + ?, timed_out = timed_out + ? where id = ?`,
    );
  }

  /** One job of the batch moved from `from` to `to`. */
  move(batchId: string, from: keyof Counts, to: keyof Counts): void {
    let counts = this.#deltas.get(batchId);
    if (!counts) this.#deltas.set(batchId, (counts = emptyCounts()));
    counts[from]--;
    counts[to]++;
  }

  /** `n` queued jobs of the batch were cancelled by one statement: written at once (the caller's transaction). */
  cancelQueued(batchId: string, n: number): void {
    this.#addCounts.run(-n, 0, 0, 0, n, 0, batchId);
  }

  apply(): void {
    for (const [batchId, d] of this.#deltas) this.#addCounts.run(d.queued, d.running, d.succeeded, d.failed, d.cancelled, d.timedOut, batchId);
    this.#deltas.clear();
  }
}
