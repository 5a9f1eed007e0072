import type Database from 'better-sqlite3';

/**
 * The order in which jobs finish, engine-wide: each terminal transition takes the next number, so "finished after
 * cursor N" is a keyset scan and a consumer never misses a job that finished before one it has seen. Numbers are
 * handed out when a transition is queued; the group commit writes them in that order, and every read commits the
 * pending group first, so a number a reader sees is never followed by a smaller one. A transition whose guard
 * did not apply leaves a gap, which is harmless. Continues from the database's highest number on open.
 */
export class FinishSequence {
  #last: number;

  constructor(sqlite: Database.Database) {
    const row = sqlite.prepare(`select coalesce(max(finish_seq), 0) as last from jobs`).get() as { last: number };
    this.#last = row.last;
  }

  next(): number {
    return ++this.#last;
  }

  /** `n` consecutive numbers for one statement that finishes many jobs; returns the one before the first. */
  reserve(n: number): number {
    const before = this.#last;
    this.#last += n;
    return before;
  }
}
