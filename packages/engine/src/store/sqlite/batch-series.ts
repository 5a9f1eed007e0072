import type Database from 'better-sqlite3';
import type { ThroughputPoint } from '../store.ts';

/**
 * A batch's throughput over time, read back from its jobs' finish times: the series is kept as long as the batch
 * is, with nothing extra written on the hot path. Cancelled jobs are not throughput and are left out. Reads every
 * finished job of the batch once (through jobs_batch_idx): on demand, for a finished batch's chart.
 */
export class BatchSeriesRows {
  readonly #finishedPerSlot: Database.Statement<[number, number, number], { slot: number; n: number }>;

  constructor(sqlite: Database.Database) {
    this.#finishedPerSlot = sqlite.prepare(
      `select (finished_at - ?) / ? as slot, count(*) as n from jobs
       where batch_id = ? and finished_at is not null and status <> 'CANCELLED' group by slot order by slot`,
    );
  }

  /** Jobs finished per `widthMs` from `from` on, every slot up to the last one present (empty ones as 0). */
  series(batchId: string, from: number, widthMs: number): ThroughputPoint[] {
    const rows = this.#finishedPerSlot.all(from, widthMs, Number(batchId));
    const points: ThroughputPoint[] = [];
    let next = 0;
    for (const { slot, n } of rows) {
      const at = Math.max(0, Math.floor(slot));
      for (; next < at; next++) points.push({ at: from + next * widthMs, completed: 0 });
      points.push({ at: from + at * widthMs, completed: n });
      next = at + 1;
    }
    return points;
  }
}
