import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';

const HISTORY_SECONDS = 300;
const SAMPLE_SIZE = 2048;

/** One second of a lane's history. */
export interface ThroughputBucket {
  readonly at: number;
  readonly completed: number;
}

/**
 * Throughput in 1 s buckets (a ring of the last five minutes) and recent wait/run-time samples; the same again per
 * team, so a team's view of a lane shows its own jobs only.
 */
export class LaneMeter {
  readonly #buckets: ThroughputBucket[] = [];
  readonly #byTeam = new Map<string, LaneMeter>();
  #currentSecond = 0;
  #currentCount = 0;
  readonly #waits = new Float64Array(SAMPLE_SIZE);
  readonly #runs = new Float64Array(SAMPLE_SIZE);
  #samples = 0;

  record(waitMs: number, runMs: number, now = Date.now(), team?: string): void {
    this.#roll(now);
    this.#currentCount++;
    const slot = this.#samples++ % SAMPLE_SIZE;
    this.#waits[slot] = waitMs;
    this.#runs[slot] = runMs;
    if (team === undefined) return;
    let own = this.#byTeam.get(team);
    if (!own) this.#byTeam.set(team, (own = new LaneMeter()));
    own.record(waitMs, runMs, now);
  }

  /** The meter of one team's jobs on this lane (an empty one for a team that has run nothing here). */
  forTeam(team: string): LaneMeter {
    return this.#byTeam.get(team) ?? new LaneMeter();
  }

  /** Completed buckets of the last five minutes, oldest first, with empty seconds filled in. */
  history(now = Date.now()): ThroughputBucket[] {
    this.#roll(now);
    return [...this.#buckets];
  }

  /** Jobs per second over the last `seconds` complete seconds. */
  throughput(seconds = 3, now = Date.now()): number {
    const recent = this.history(now).slice(-seconds);
    return recent.length === 0 ? 0 : recent.reduce((sum, b) => sum + b.completed, 0) / seconds;
  }

  percentiles(): { waitP50: number | null; waitP95: number | null; runP50: number | null; runP95: number | null } {
    const n = Math.min(this.#samples, SAMPLE_SIZE);
    if (n === 0) return { waitP50: null, waitP95: null, runP50: null, runP95: null };
    const waits = this.#waits.slice(0, n).sort();
    const runs = this.#runs.slice(0, n).sort();
    return { waitP50: quantile(waits, 0.5), waitP95: quantile(waits, 0.95), runP50: quantile(runs, 0.5), runP95: quantile(runs, 0.95) };
  }

  #roll(now: number): void {
    const second = Math.floor(now / 1000);
    if (this.#currentSecond === 0) this.#currentSecond = second;
    while (this.#currentSecond < second) {
      this.#buckets.push({ at: this.#currentSecond * 1000, completed: this.#currentCount });
      this.#currentCount = 0;
      this.#currentSecond++;
      if (this.#buckets.length > HISTORY_SECONDS) this.#buckets.shift();
      // After a long idle gap, skip straight to now rather than pushing hundreds of empty buckets one by one.
      if (second - this.#currentSecond > HISTORY_SECONDS) this.#currentSecond = second - HISTORY_SECONDS;
    }
  }
}

export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export interface EventLoopStats {
  readonly delayP50Ms: number;
  readonly delayP99Ms: number;
  readonly delayMaxMs: number;
  /** Fraction of time the main thread's event loop was busy since the last reading. */
  readonly utilization: number;
}

/** Main-thread event-loop delay and utilisation: the signal that something blocks the loop. */
export class EventLoopMonitor {
  readonly #histogram: IntervalHistogram;
  #lastElu: EventLoopUtilization;

  constructor() {
    this.#histogram = monitorEventLoopDelay({ resolution: 10 });
    this.#histogram.enable();
    this.#lastElu = performance.eventLoopUtilization();
  }

  /** Reads and resets: each reading covers the time since the previous one. */
  read(): EventLoopStats {
    const h = this.#histogram;
    const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
    const elu = performance.eventLoopUtilization(this.#lastElu);
    this.#lastElu = performance.eventLoopUtilization();
    const stats = {
      delayP50Ms: h.count > 0 ? ms(h.percentile(50)) : 0,
      delayP99Ms: h.count > 0 ? ms(h.percentile(99)) : 0,
      delayMaxMs: h.count > 0 ? ms(h.max) : 0,
      utilization: elu.utilization,
    };
    h.reset();
    return stats;
  }

  close(): void {
    this.#histogram.disable();
  }
}

/** What one thread's event loop did over a stretch of time. */
export interface LoopReading {
  /** The longest stretch without a turn of the loop, ms: the longest time the thread could not answer anything. */
  readonly longestBlockMs: number;
  /** Fraction of the time the loop was busy (event-loop utilisation), 0..1. */
  readonly utilization: number;
}

const TURN_PROBE_MS = 5;

/**
 * Watches the main thread's loop between start and `stop()`. A delay histogram cannot see a synchronous task that
 * never yields (its timer fires only after the work, often after the histogram is read), so this keeps its own
 * probe: a short timer that notes when each loop turn happened, and `stop()` closes the last gap — a run that held
 * the thread from start to end reads as one block that long. Utilisation comes from the loop's own idle time.
 */
export class LoopWatch {
  readonly #eluStart = performance.eventLoopUtilization();
  #lastTurn = performance.now();
  #longest = 0;
  #timer: NodeJS.Timeout | undefined;
  #reading: LoopReading | undefined;

  constructor() {
    this.#arm();
  }

  #arm(): void {
    this.#timer = setTimeout(() => {
      this.#turn();
      this.#arm();
    }, TURN_PROBE_MS).unref();
  }

  #turn(): void {
    const now = performance.now();
    // The probe's own interval is not blocking: only what exceeds it counts.
    this.#longest = Math.max(this.#longest, now - this.#lastTurn - TURN_PROBE_MS);
    this.#lastTurn = now;
  }

  /** Ends the watch; later calls return the same reading. */
  stop(): LoopReading {
    if (this.#reading) return this.#reading;
    clearTimeout(this.#timer);
    this.#turn();
    const elu = performance.eventLoopUtilization(this.#eluStart);
    this.#reading = { longestBlockMs: Math.max(0, this.#longest), utilization: elu.utilization };
    return this.#reading;
  }
}
