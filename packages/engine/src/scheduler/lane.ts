import type { Executor } from '../executors/executor.ts';
import { LaneMeter } from '../metrics.ts';
import { FairShare, type ShareMember } from './fair-share.ts';

/** How long one run of hand-outs may hold the main thread before the lane lets the event loop turn. */
const TURN_BUDGET_MS = 10;

/** A batch (or one phase of it) that wants slots on a lane; its team and priority place it in the fair share. */
export interface LaneMember extends ShareMember {
  /**
   * Whether it has a job it may start now on this lane: ready work, under its own concurrency and rate, not paused,
   * and the lane not paused (`lane.paused`; a job between phases may still take its next phase's slot).
   */
  canStart(lane: Lane): boolean;
  /** Starts one job on this lane; the lane has already counted the slot as taken. */
  start(lane: Lane): void;
  /** How many slots of this lane it asks for at most (its concurrency there). */
  demand(lane: Lane): number;
}

/**
 * One executor and the batches sharing it. The lane never holds more than `limit` jobs in its executor (the
 * bounded window: everything else waits in the store), and hands free slots out by fair share (fair-share.ts):
 * round-robin over teams, then by priority and round-robin over each team's batches. So a team's 10-job batch
 * submitted behind another team's 100,000-job batch gets every other slot, whatever the sizes.
 *
 * Two switches stop the hand-out: `pause()` (an admin holds the lane: its members start no new jobs on it, running
 * ones finish, also through their next phase; `resume()` goes on) and `stop()` (engine shutdown: nothing more).
 */
export class Lane {
  readonly meter = new LaneMeter();
  #inFlight = 0;
  /** Slots each team holds now, for the per-team quota; a team is in the map only while it holds some. */
  readonly #teamInFlight = new Map<string, number>();
  #teamLimit = Number.POSITIVE_INFINITY;
  readonly #share = new FairShare<LaneMember>((member) => (this.#teamInFlight.get(member.team) ?? 0) < this.#teamLimit && member.canStart(this));
  #pumping = false;
  #again = false;
  /** When the run of hand-outs without a turn of the event loop began (0: none under way); see #mayGoOn. */
  #turnStartedAt = 0;
  /** The hand-out was cut short to give the event loop its turn: the next turn's pump fills the free slots. */
  #yielded = false;
  #paused = false;
  #stopped = false;
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

  /**
   * The most slots of this lane one team may hold at once (a quota; unlimited by default: the fair share alone then
   * divides a contended lane). A team at its quota is passed over, as one whose batches cannot start.
   */
  setTeamLimit(limit: number): void {
    this.#teamLimit = limit;
    this.pump();
  }

  /** Held by an admin: no new job starts on it until resumed. */
  get paused(): boolean {
    return this.#paused;
  }

  /**
   * What the lane's members ask for: the sum of their concurrency on it, capped by the limit. In flight ÷ demand is
   * how busy the lane is against its work; in flight ÷ limit reads ~0% on a lane with a huge ceiling.
   */
  get demand(): number {
    let asked = 0;
    for (const member of this.#share) asked += member.demand(this);
    return Math.min(this.limit, asked);
  }

  join(member: LaneMember): void {
    this.#share.add(member);
    this.pump();
  }

  leave(member: LaneMember): void {
    this.#share.remove(member);
  }

  /** A job's phase on this lane ended: free its slot (one of `team`'s) and fill it. */
  release(team: string): void {
    this.#inFlight--;
    const held = (this.#teamInFlight.get(team) ?? 1) - 1;
    if (held > 0) this.#teamInFlight.set(team, held);
    else this.#teamInFlight.delete(team);
    if (!this.#yielded) this.pump();
  }

  /** Holds the lane: no new job starts on it until `resume()`; running ones finish (members honour `paused`). */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.pump();
  }

  /** Stops handing out slots for good (engine shutdown). */
  stop(): void {
    this.#stopped = true;
  }

  /** Fills free slots by fair share. Re-entrant calls are folded into the running loop. */
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
    while (!this.#stopped && this.#inFlight < this.limit && this.#mayGoOn()) {
      const member = this.#share.pick();
      if (member === undefined) return;
      this.#inFlight++;
      this.#teamInFlight.set(member.team, (this.#teamInFlight.get(member.team) ?? 0) + 1);
      member.start(this);
    }
  }

  /**
   * Fast jobs finish in microtasks, and each finish starts the next job at once: without a limit a batch of no-op or
   * cached jobs would run from start to end without one turn of the event loop, and requests, timers and health
   * checks would wait for all of it. So a run of hand-outs gets TURN_BUDGET_MS; past it the lane stops handing out
   * until the next turn (setImmediate, after I/O), where it fills every free slot again.
   */
  #mayGoOn(): boolean {
    const now = performance.now();
    if (this.#turnStartedAt === 0) {
      this.#turnStartedAt = now;
      setImmediate(this.#nextTurn);
      return true;
    }
    if (now - this.#turnStartedAt <= TURN_BUDGET_MS) return true;
    this.#yielded = true;
    return false;
  }

  readonly #nextTurn = (): void => {
    this.#turnStartedAt = 0;
    if (!this.#yielded) return;
    this.#yielded = false;
    this.pump();
  };
}
