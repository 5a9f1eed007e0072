import type { Executor } from '../executors/executor.ts';
import { LaneMeter } from '../metrics.ts';

/** A batch (or one phase of it) that wants slots on a lane. */
export interface LaneMember {
  /** Whether it has a job it may start now on this lane (ready work and under its own concurrency). */
  canStart(lane: Lane): boolean;
  /** Starts one job on this lane; the lane has already counted the slot as taken. */
  start(lane: Lane): void;
  /** How many slots of this lane it asks for at most (its concurrency there). */
  demand(lane: Lane): number;
}

/**
 * One executor and the batches sharing it. The lane never holds more than `limit` jobs in its executor (the
 * bounded window: everything else waits in the store), and hands free slots to its members in round-robin,
 * so a small batch submitted behind a huge one still gets every other slot.
 */
export class Lane {
  readonly meter = new LaneMeter();
  #inFlight = 0;
  #members: LaneMember[] = [];
  #next = 0;
  #pumping = false;
  #again = false;
  #paused = false;
  #limit: number;

  constructor(
    readonly name: string,
    readonly executor: Executor,
    limit: number,
  ) {
    this.#limit = limit;
  }

  /** The most jobs (or chunks) it holds in its executor at once. */
  get limit(): number {
    return this.#limit;
  }

  /**
   * For a lane whose capacity comes and goes (remote workers joining and leaving). Jobs above a lowered limit run
   * to their end; only new hand-outs respect it.
   */
  setLimit(limit: number): void {
    this.#limit = limit;
    this.pump();
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get members(): readonly LaneMember[] {
    return this.#members;
  }

  /**
   * What the lane's members ask for: the sum of their concurrency on it, capped by the limit. In flight ÷ demand is
   * how busy the lane is against its work; in flight ÷ limit reads ~0% on a lane with a huge ceiling.
   */
  get demand(): number {
    let asked = 0;
    for (const member of this.#members) asked += member.demand(this);
    return Math.min(this.limit, asked);
  }

  join(member: LaneMember): void {
    if (!this.#members.includes(member)) this.#members.push(member);
    this.pump();
  }

  leave(member: LaneMember): void {
    const i = this.#members.indexOf(member);
    if (i === -1) return;
    this.#members.splice(i, 1);
    if (this.#next > i) this.#next--;
    if (this.#next >= this.#members.length) this.#next = 0;
  }

  /** A job's phase on this lane ended: free its slot and fill it. */
  release(): void {
    this.#inFlight--;
    this.pump();
  }

  /** Stops handing out slots (engine shutdown). */
  pause(): void {
    this.#paused = true;
  }

  /** Fills free slots, round-robin over members. Re-entrant calls are folded into the running loop. */
  pump(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        this.#fill();
      } while (this.#again);
    } finally {
      this.#pumping = false;
    }
  }

  #fill(): void {
    while (!this.#paused && this.#inFlight < this.limit) {
      const n = this.#members.length;
      let started = false;
      for (let k = 0; k < n; k++) {
        const i = (this.#next + k) % n;
        const member = this.#members[i]!;
        if (!member.canStart(this)) continue;
        this.#inFlight++;
        this.#next = (i + 1) % Math.max(1, this.#members.length);
        member.start(this);
        started = true;
        break;
      }
      if (!started) return;
    }
  }
}
