import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { coerceError } from '../errors.ts';
import type { EngineEventBus } from '../events.ts';
import type { LaneBucket, Store } from '../store/store.ts';
import type { JobStatus } from '../types.ts';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
/** 1 s buckets are kept this long; 1 min buckets as long as the retention keeps batches. */
export const SECOND_BUCKETS_KEPT_MS = 15 * MINUTE_MS;

/** What a lane is carrying at the end of a bucket. */
export interface LaneLoad {
  readonly lane: string;
  readonly inFlight: number;
  readonly queued: number;
}

/** perf_hooks histograms take integers ≥ 1: latencies are recorded in microseconds. */
const toMicros = (ms: number) => Math.max(1, Math.round(ms * 1_000));
const percentileMs = (h: RecordableHistogram, p: number) => (h.count === 0 ? null : h.percentile(p) / 1_000);

/** One lane's jobs over one bucket: counts by end status, and wait and run times in real histograms. */
class Accumulator {
  succeeded = 0;
  failed = 0;
  timedOut = 0;
  cancelled = 0;
  readonly wait = createHistogram();
  readonly run = createHistogram();

  get jobs(): number {
    return this.succeeded + this.failed + this.timedOut + this.cancelled;
  }

  record(status: JobStatus, waitMs: number, runMs: number): void {
    if (status === 'SUCCEEDED') this.succeeded++;
    else if (status === 'FAILED') this.failed++;
    else if (status === 'TIMED_OUT') this.timedOut++;
    else if (status === 'CANCELLED') this.cancelled++;
    this.wait.record(toMicros(waitMs));
    this.run.record(toMicros(runMs));
  }

  addTo(other: Accumulator): void {
    other.succeeded += this.succeeded;
    other.failed += this.failed;
    other.timedOut += this.timedOut;
    other.cancelled += this.cancelled;
    other.wait.add(this.wait);
    other.run.add(this.run);
  }

  bucket(lane: string, resolutionMs: number, at: number, load: LaneLoad | undefined): LaneBucket {
    return {
      lane,
      resolutionMs,
      at,
      succeeded: this.succeeded,
      failed: this.failed,
      timedOut: this.timedOut,
      cancelled: this.cancelled,
      waitP50: percentileMs(this.wait, 50),
      waitP95: percentileMs(this.wait, 95),
      waitP99: percentileMs(this.wait, 99),
      runP50: percentileMs(this.run, 50),
      runP95: percentileMs(this.run, 95),
      runP99: percentileMs(this.run, 99),
      queueDepth: load?.queued ?? 0,
      inFlight: load?.inFlight ?? 0,
    };
  }

  reset(): void {
    this.succeeded = this.failed = this.timedOut = this.cancelled = 0;
    this.wait.reset();
    this.run.reset();
  }
}

/**
 * Per-lane history that survives restarts: every finished job is recorded into its lane's current 1 s bucket (a
 * count and two histogram records); once a second the ended second is written (a lane with nothing finished, queued or
 * in flight writes no row) and folded into the current minute, and once a minute the ended minute is written.
 * 1 s rows are kept SECOND_BUCKETS_KEPT_MS, 1 min rows under the retention. The only owner of these buckets.
 *
 * A restart loses the unwritten part of the second and the minute it happened in (the minute is written at close).
 */
export class LaneHistory {
  readonly #store: Store;
  readonly #events: EngineEventBus;
  readonly #load: () => LaneLoad[];
  readonly #log: Logger;
  readonly #retentionMs: number;
  readonly #seconds = new Map<string, Accumulator>();
  readonly #minutes = new Map<string, Accumulator>();
  #second = 0;
  #minute = 0;
  #off: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(store: Store, events: EngineEventBus, load: () => LaneLoad[], log: Logger, retentionMs: number) {
    this.#store = store;
    this.#events = events;
    this.#load = load;
    this.#log = log;
    this.#retentionMs = retentionMs;
  }

  start(now = Date.now()): void {
    if (this.#off) return;
    this.#second = Math.floor(now / SECOND_MS) * SECOND_MS;
    this.#minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    this.#off = this.#events.on('job:finished', (e) => this.#accumulator(this.#seconds, e.lane).record(e.status, e.waitMs, e.runMs));
    this.#timer = setInterval(() => this.tick(), SECOND_MS).unref();
  }

  /** Writes every bucket that has ended by `now`. Called once a second; tests call it with a time of their own. */
  tick(now = Date.now()): void {
    try {
      const second = Math.floor(now / SECOND_MS) * SECOND_MS;
      const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
      if (second > this.#second) {
        this.#writeSeconds(this.#second);
        this.#second = second;
      }
      if (minute > this.#minute) {
        this.#writeMinutes(this.#minute);
        this.#minute = minute;
        this.#store.deleteLaneBuckets(SECOND_MS, now - SECOND_BUCKETS_KEPT_MS);
        if (this.#retentionMs > 0) this.#store.deleteLaneBuckets(MINUTE_MS, now - this.#retentionMs);
      }
    } catch (error: unknown) {
      this.#log.error({ err: coerceError(error) }, 'writing lane history failed');
    }
  }

  /**
   * Buckets of `resolutionMs` from `from` to `to`, oldest first. Read in minutes, the minute under way is there too
   * (from memory, what it holds so far): the last minute of a chart is not missing until it ends.
   */
  read(resolutionMs: number, from: number, to: number): LaneBucket[] {
    const stored = this.#store.laneBuckets(resolutionMs, from, to);
    if (resolutionMs !== MINUTE_MS || this.#minute < from || this.#minute >= to) return stored;
    const loads = new Map(this.#load().map((l) => [l.lane, l]));
    const current: LaneBucket[] = [];
    for (const lane of new Set([...this.#minutes.keys(), ...this.#seconds.keys()])) {
      const sofar = new Accumulator();
      this.#minutes.get(lane)?.addTo(sofar);
      this.#seconds.get(lane)?.addTo(sofar);
      if (sofar.jobs > 0) current.push(sofar.bucket(lane, MINUTE_MS, this.#minute, loads.get(lane)));
    }
    // Written before a restart in this same minute, and held in memory since: both halves of it.
    return current.length === 0 ? stored : merge([...stored, ...current], MINUTE_MS);
  }

  /** Stops recording and writes the current second and minute as they are (partial). */
  close(): void {
    if (!this.#off) return;
    this.#off();
    this.#off = undefined;
    clearInterval(this.#timer);
    try {
      this.#writeSeconds(this.#second);
      this.#writeMinutes(this.#minute);
    } catch (error: unknown) {
      this.#log.error({ err: coerceError(error) }, 'writing lane history at close failed');
    }
  }

  #accumulator(map: Map<string, Accumulator>, lane: string): Accumulator {
    let acc = map.get(lane);
    if (!acc) map.set(lane, (acc = new Accumulator()));
    return acc;
  }

  #writeSeconds(at: number): void {
    const loads = new Map(this.#load().map((l) => [l.lane, l]));
    const rows: LaneBucket[] = [];
    for (const [lane, acc] of this.#seconds) {
      const load = loads.get(lane);
      if (acc.jobs === 0 && !load?.inFlight && !load?.queued) continue;
      rows.push(acc.bucket(lane, SECOND_MS, at, load));
      acc.addTo(this.#accumulator(this.#minutes, lane));
      acc.reset();
    }
    // A lane busy with long jobs finishes none in a second, but its queue and in-flight figures still belong there.
    for (const load of loads.values()) {
      if (this.#seconds.has(load.lane) || (load.inFlight === 0 && load.queued === 0)) continue;
      rows.push(new Accumulator().bucket(load.lane, SECOND_MS, at, load));
    }
    this.#store.writeLaneBuckets(rows);
  }

  #writeMinutes(at: number): void {
    const loads = new Map(this.#load().map((l) => [l.lane, l]));
    const rows: LaneBucket[] = [];
    for (const [lane, acc] of this.#minutes) {
      if (acc.jobs === 0) continue;
      rows.push(acc.bucket(lane, MINUTE_MS, at, loads.get(lane)));
      acc.reset();
    }
    this.#store.writeLaneBuckets(rows);
  }
}

/** The ranges the overview offers, and the bucket each is read in: at most a few hundred points per lane. */
export const HISTORY_RANGES = {
  FIVE_MINUTES: { rangeMs: 5 * MINUTE_MS, resolutionMs: SECOND_MS, widthMs: SECOND_MS },
  HOUR: { rangeMs: 60 * MINUTE_MS, resolutionMs: MINUTE_MS, widthMs: MINUTE_MS },
  DAY: { rangeMs: 24 * 60 * MINUTE_MS, resolutionMs: MINUTE_MS, widthMs: 5 * MINUTE_MS },
  WEEK: { rangeMs: 7 * 24 * 60 * MINUTE_MS, resolutionMs: MINUTE_MS, widthMs: 30 * MINUTE_MS },
} as const;
export type HistoryRange = keyof typeof HISTORY_RANGES;

const maxOf = (values: (number | null)[]) => values.reduce<number | null>((m, v) => (v === null ? m : m === null ? v : Math.max(m, v)), null);

/**
 * Buckets merged into wider ones: counts add up; a wider bucket's percentiles are the largest of its buckets' (an
 * upper bound, since percentiles do not add), and its queue and in-flight figures those of its last bucket.
 */
export function downsample(buckets: readonly LaneBucket[], widthMs: number): LaneBucket[] {
  if (buckets.length === 0 || widthMs <= buckets[0]!.resolutionMs) return [...buckets];
  return merge(buckets, widthMs);
}

/** Buckets of the same lane within the same `widthMs` slot merged into one (see downsample). */
function merge(buckets: readonly LaneBucket[], widthMs: number): LaneBucket[] {
  const groups = new Map<string, LaneBucket[]>();
  for (const b of buckets) {
    const key = `${b.lane}\u0000${Math.floor(b.at / widthMs) * widthMs}`;
    const group = groups.get(key);
    if (group) group.push(b);
    else groups.set(key, [b]);
  }
  return [...groups.values()]
    .map((group): LaneBucket => {
      const last = group.at(-1)!;
      const sum = (k: 'succeeded' | 'failed' | 'timedOut' | 'cancelled') => group.reduce((n, b) => n + b[k], 0);
      return {
        lane: last.lane,
        resolutionMs: widthMs,
        at: Math.floor(last.at / widthMs) * widthMs,
        succeeded: sum('succeeded'),
        failed: sum('failed'),
        timedOut: sum('timedOut'),
        cancelled: sum('cancelled'),
        waitP50: maxOf(group.map((b) => b.waitP50)),
        waitP95: maxOf(group.map((b) => b.waitP95)),
        waitP99: maxOf(group.map((b) => b.waitP99)),
        runP50: maxOf(group.map((b) => b.runP50)),
        runP95: maxOf(group.map((b) => b.runP95)),
        runP99: maxOf(group.map((b) => b.runP99)),
        queueDepth: last.queueDepth,
        inFlight: last.inFlight,
      };
    })
    .sort((a, b) => a.at - b.at || a.lane.localeCompare(b.lane));
}
