import type Database from 'better-sqlite3';
import type { LaneBucket } from '../store.ts';

const COLUMNS = `lane, resolution_ms, at, succeeded, failed, timed_out, cancelled, wait_p50, wait_p95, wait_p99, run_p50, run_p95, run_p99,
  queue_depth, in_flight`;

interface Row {
  lane: string;
  resolution_ms: number;
  at: number;
  succeeded: number;
  failed: number;
  timed_out: number;
  cancelled: number;
  wait_p50: number | null;
  wait_p95: number | null;
  wait_p99: number | null;
  run_p50: number | null;
  run_p95: number | null;
  run_p99: number | null;
  queue_depth: number;
  in_flight: number;
}

/** The lane_buckets rows: one small transaction per write (a handful of rows once a second), reads by time range. */
export class LaneBucketRows {
  readonly #sqlite: Database.Database;
  readonly #s;

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    const s = (text: string) => sqlite.prepare(text);
    this.#s = {
      upsert: s(
        `insert or replace into lane_buckets (${COLUMNS}) values (${COLUMNS.split(',')
          .map(() => '?')
          .join(', ')})`,
      ),
      range: s(`select ${COLUMNS} from lane_buckets where resolution_ms = ? and at >= ? and at < ? order by at, lane`),
      deleteBefore: s(`delete from lane_buckets where resolution_ms = ? and at < ?`),
    };
  }

  write(buckets: readonly LaneBucket[]): void {
    if (buckets.length === 0) return;
    this.#sqlite.transaction(() => {
      for (const b of buckets) {
        this.#s.upsert.run(
          b.lane,
          b.resolutionMs,
          b.at,
          b.succeeded,
          b.failed,
          b.timedOut,
          b.cancelled,
          b.waitP50,
          b.waitP95,
          b.waitP99,
          b.runP50,
          b.runP95,
          b.runP99,
          b.queueDepth,
          b.inFlight,
        );
      }
    })();
  }

  range(resolutionMs: number, from: number, to: number): LaneBucket[] {
    return (this.#s.range.all(resolutionMs, from, to) as Row[]).map((r) => ({
      lane: r.lane,
      resolutionMs: r.resolution_ms,
      at: r.at,
      succeeded: r.succeeded,
      failed: r.failed,
      timedOut: r.timed_out,
      cancelled: r.cancelled,
      waitP50: r.wait_p50,
      waitP95: r.wait_p95,
      waitP99: r.wait_p99,
      runP50: r.run_p50,
      runP95: r.run_p95,
      runP99: r.run_p99,
      queueDepth: r.queue_depth,
      inFlight: r.in_flight,
    }));
  }

  deleteBefore(resolutionMs: number, before: number): number {
    return this.#s.deleteBefore.run(resolutionMs, before).changes;
  }
}
