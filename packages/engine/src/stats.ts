import type { Logger } from 'pino';
import { coalesced } from './coalesce.ts';
import { coerceError } from './errors.ts';
import type { EngineEventBus } from './events.ts';
import { EventLoopMonitor, type EventLoopStats, type ThroughputBucket } from './metrics.ts';
import type { BatchRunSnapshot } from './scheduler/batch-run.ts';
import type { Lane } from './scheduler/lane.ts';
import type { Counts, ExecutorKind } from './types.ts';

export interface LaneStats {
  readonly lane: string;
  readonly executor: ExecutorKind;
  readonly inFlight: number;
  readonly limit: number;
  /** What the lane's batches ask for (Lane.demand): the sum of their concurrency on it, capped by `limit`. */
  readonly demand: number;
  readonly queued: number;
  readonly throughput: number;
  readonly history: ThroughputBucket[];
  readonly waitP50: number | null;
  readonly waitP95: number | null;
  readonly runP50: number | null;
  readonly runP95: number | null;
  readonly utilization: number;
  /** An admin paused it: no new job starts on it. */
  readonly paused: boolean;
}

export interface EngineStats {
  readonly at: Date;
  readonly lanes: LaneStats[];
  readonly eventLoop: EventLoopStats;
  readonly totals: Counts;
  readonly activeBatchIds: string[];
}

/** What the sampler reads: the lanes, the unfinished batches, and the store's totals. */
export interface StatsSources {
  readonly lanes: readonly Lane[];
  runs(): BatchRunSnapshot[];
  totals(team?: string): Counts;
}

/** Whose figures a snapshot shows: one team's own work, or the whole engine (admins). */
export type StatsScope = { readonly team: string } | 'engine';

const STATS_INTERVAL_MS = 1_000;

/**
 * One sampler for everyone: the main thread's event loop is read once a second, so its figures cover exactly one
 * interval however many watchers there are. The full snapshot (lane histories, totals from the store) is built only
 * while someone watches, and announced only when it differs from the last one but for its time.
 */
export class StatsSampler {
  readonly #sources: StatsSources;
  readonly #events: EngineEventBus;
  readonly #log: Logger;
  readonly #eventLoop = new EventLoopMonitor();
  #lastEventLoop: EventLoopStats = { delayP50Ms: 0, delayP99Ms: 0, delayMaxMs: 0, utilization: 0 };
  #latest: (EngineStats & { seq: number }) | undefined;
  #latestSignature = '';
  #timer: NodeJS.Timeout | undefined;

  constructor(sources: StatsSources, events: EngineEventBus, log: Logger) {
    this.#sources = sources;
    this.#events = events;
    this.#log = log;
  }

  /** The main thread's event loop over the last sampled second. */
  get eventLoop(): EventLoopStats {
    return this.#lastEventLoop;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.#sample(), STATS_INTERVAL_MS).unref();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#eventLoop.close();
  }

  /**
   * A snapshot of every lane, the main thread's event loop (last sampled second) and the totals. A team's snapshot
   * counts only its own batches and jobs; the lanes' limits and the event loop are the same for everyone.
   */
  snapshot(scope: StatsScope = 'engine'): EngineStats {
    const team = scope === 'engine' ? undefined : scope.team;
    const runs = this.#sources.runs().filter((run) => team === undefined || run.team === team);
    const queuedByLane = new Map<string, number>();
    const runningByLane = new Map<string, number>();
    for (const run of runs) {
      queuedByLane.set(run.lane, (queuedByLane.get(run.lane) ?? 0) + run.counts.queued);
      runningByLane.set(run.lane, (runningByLane.get(run.lane) ?? 0) + run.counts.running);
    }
    const lanes = this.#sources.lanes.map((lane): LaneStats => {
      const queued = queuedByLane.get(lane.name) ?? 0;
      const meter = team === undefined ? lane.meter : lane.meter.forTeam(team);
      const common = {
        lane: lane.name,
        executor: lane.executor.kind,
        limit: lane.limit,
        queued,
        throughput: meter.throughput(),
        history: meter.history(),
        paused: lane.paused,
      };
      if (team === undefined) {
        return { ...common, inFlight: lane.inFlight, demand: lane.demand, ...meter.percentiles(), utilization: lane.executor.stats().utilization };
      }
      const inFlight = runningByLane.get(lane.name) ?? 0;
      return {
        ...common,
        inFlight,
        demand: Math.min(lane.limit, inFlight + queued),
        ...meter.percentiles(),
        utilization: lane.limit > 0 ? inFlight / lane.limit : 0,
      };
    });
    return {
      at: new Date(),
      lanes,
      eventLoop: this.#lastEventLoop,
      totals: this.#sources.totals(team),
      activeBatchIds: runs.map((run) => run.batchId),
    };
  }

  /**
   * A fresh snapshot at once, then one after each of the sampler's (once a second while something changes). The
   * engine's snapshot is built once for every watcher; a team's, once per watcher.
   */
  watch(options: { signal?: AbortSignal; scope?: StatsScope } = {}): AsyncGenerator<EngineStats & { seq: number }> {
    const scope = options.scope ?? 'engine';
    this.#latest = { ...this.snapshot(), seq: (this.#latest?.seq ?? 0) + 1 };
    return coalesced({
      read: () => (scope === 'engine' ? (this.#latest ?? null) : { ...this.snapshot(scope), seq: this.#latest?.seq ?? 0 }),
      isFinal: () => false,
      listen: (notify) => this.#events.on('engine:stats', () => notify(false)),
      intervalMs: 0,
      signal: options.signal,
    });
  }

  #sample(): void {
    try {
      this.#lastEventLoop = this.#eventLoop.read();
      if (!this.#events.listening('engine:stats')) return;
      const stats = this.snapshot();
      const { at: _at, ...rest } = stats;
      const signature = JSON.stringify(rest);
      if (signature === this.#latestSignature) return;
      this.#latestSignature = signature;
      this.#latest = { ...stats, seq: (this.#latest?.seq ?? 0) + 1 };
      this.#events.emit('engine:stats', { seq: this.#latest.seq });
    } catch (error: unknown) {
      this.#log.error({ err: coerceError(error) }, 'stats sampling failed');
    }
  }
}
