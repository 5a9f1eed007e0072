import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type {
  BatchRecord,
  BatchStatus,
  ComparisonRecord,
  ComparisonRun,
  Counts,
  JobAttemptRecord,
  JobRecord,
  JobSpan,
  JobStatus,
  Route,
} from '../../types.ts';
import type {
  BatchFilter,
  BatchUsageTotals,
  ComparisonEnd,
  FailureGroup,
  FinishedJob,
  FinishJob,
  NewBatch,
  NewComparison,
  LaneBucket,
  Page,
  PurgeStep,
  ReadyJob,
  RequeueJob,
  StartJob,
  StorageInfo,
  Store,
  ThroughputPoint,
} from '../store.ts';
import { BatchCommands } from './batch-commands.ts';
import { BatchSeriesRows } from './batch-series.ts';
import { ComparisonRows } from './comparisons.ts';
import { CountDeltas } from './count-deltas.ts';
import { FinishSequence } from './finish-sequence.ts';
import { openDatabase } from './database.ts';
import { GroupCommit } from './group-commit.ts';
import { JobTransitions } from './job-transitions.ts';
import { LaneBucketRows } from './lane-buckets.ts';
import { Queries } from './queries.ts';
import { RetentionRows } from './retention.ts';

/**
 * The SQLite store: better-sqlite3 in WAL mode, schema and migrations by drizzle. This class only wires the pieces
 * behind the `Store` interface; each concern is a file of its own:
 * - database.ts: open, pragmas, migrations;
 * - group-commit.ts: hot-path writes committed once per event-loop turn; count-deltas.ts: the batches' counts
 *   that move with them;
 * - job-transitions.ts and batch-commands.ts: every state change, each one guarded statement;
 * - comparisons.ts: the comparisons' rows and guarded transitions;
 * - queries.ts: the reads; rows.ts: row → record mappers;
 * - retention.ts: deleting expired batches in bounded steps, and handing the space back;
 * - lane-buckets.ts: the lanes' history; batch-series.ts: a batch's throughput over time.
 */
export class SqliteStore implements Store {
  readonly #sqlite: Database.Database;
  readonly #group: GroupCommit;
  readonly #jobs: JobTransitions;
  readonly #batches: BatchCommands;
  readonly #comparisons: ComparisonRows;
  readonly #queries: Queries;
  readonly #retention: RetentionRows;
  readonly #laneBuckets: LaneBucketRows;
  readonly #batchSeries: BatchSeriesRows;
  #closed = false;

  constructor(path: string, log: Logger) {
    const { sqlite, db } = openDatabase(path);
    this.#sqlite = sqlite;
    this.#group = new GroupCommit(sqlite, log);
    const counts = new CountDeltas(sqlite);
    this.#group.onCommit(() => counts.apply());
    const finishSeq = new FinishSequence(sqlite);
    this.#jobs = new JobTransitions(sqlite, this.#group, counts, finishSeq, log);
    this.#batches = new BatchCommands(sqlite, this.#group, counts, finishSeq, log);
    this.#comparisons = new ComparisonRows(sqlite, db);
    this.#queries = new Queries(sqlite, db, this.#group);
    this.#retention = new RetentionRows(sqlite, this.#group);
    this.#laneBuckets = new LaneBucketRows(sqlite);
    this.#batchSeries = new BatchSeriesRows(sqlite);
  }

  insertBatch(batch: NewBatch, inputs: readonly unknown[]): BatchRecord {
    return this.#queries.getBatch(this.#batches.insert(batch, inputs))!;
  }

  startJob(change: StartJob): void {
    this.#jobs.start(change);
  }

  finishJob(change: FinishJob): void {
    this.#jobs.finish(change);
  }

  requeueJob(change: RequeueJob): void {
    this.#jobs.requeue(change);
  }

  startBatch(batchId: string, at: number): void {
    this.#batches.start(batchId, at);
  }

  finishBatch(batchId: string, status: BatchStatus, at: number): void {
    this.#batches.finish(batchId, status, at);
  }

  addUsage(batchId: string, totals: BatchUsageTotals): void {
    this.#batches.setUsage(batchId, totals);
  }

  updateRoute(batchId: string, route: Route): void {
    this.#batches.setRoute(batchId, route);
  }

  afterCommit(callback: () => void): void {
    this.#group.afterCommit(callback);
  }

  flush(): void {
    this.#group.flush();
  }

  cancelBatch(batchId: string, at: number): number {
    return this.#batches.cancel(batchId, at);
  }

  cancelQueuedJob(jobId: string, at: number): boolean {
    return this.#batches.cancelQueuedJob(jobId, at);
  }

  retryFailed(batchId: string, at: number): number {
    return this.#batches.retryFailed(batchId, at);
  }

  recoverInterrupted(at: number): number {
    return this.#batches.recoverInterrupted(at);
  }

  getBatch(id: string): BatchRecord | null {
    return this.#queries.getBatch(id);
  }

  listBatches(filter: BatchFilter, first: number, afterId?: string): Page<BatchRecord> {
    return this.#queries.listBatches(filter, first, afterId);
  }

  activeBatches(): BatchRecord[] {
    return this.#queries.activeBatches();
  }

  getJob(id: string): JobRecord | null {
    return this.#queries.getJob(id);
  }

  listJobs(batchId: string, status: JobStatus | undefined, first: number, afterIndex?: number): Page<JobRecord> {
    return this.#queries.listJobs(batchId, status, first, afterIndex);
  }

  jobAttempts(jobId: string): JobAttemptRecord[] {
    return this.#queries.jobAttempts(jobId);
  }

  nextQueuedJobs(batchId: string, afterIndex: number, limit: number): ReadyJob[] {
    return this.#queries.nextQueuedJobs(batchId, afterIndex, limit);
  }

  failureGroups(batchId: string, limit: number): FailureGroup[] {
    return this.#queries.failureGroups(batchId, limit);
  }

  batchesByRule(): Map<string, number> {
    return this.#queries.batchesByRule();
  }

  totals(): Counts {
    return this.#queries.totals();
  }

  jobSpans(batchId: string, limit: number): JobSpan[] {
    return this.#queries.jobSpans(batchId, limit);
  }

  finishedJobs(batchId: string, afterSeq: number, limit: number): FinishedJob[] {
    return this.#queries.finishedJobs(batchId, afterSeq, limit);
  }

  insertComparison(comparison: NewComparison): ComparisonRecord {
    return this.#comparisons.insert(comparison);
  }

  recordComparisonRuns(id: string, runs: readonly ComparisonRun[]): boolean {
    return this.#comparisons.recordRuns(id, runs);
  }

  finishComparison(id: string, end: ComparisonEnd, at: number): boolean {
    return this.#comparisons.finish(id, end, at);
  }

  getComparison(id: string): ComparisonRecord | null {
    return this.#comparisons.get(id);
  }

  listComparisons(team: string, first: number, afterId?: string): Page<ComparisonRecord> {
    return this.#comparisons.list(team, first, afterId);
  }

  failInterruptedComparisons(at: number): number {
    return this.#comparisons.failInterrupted(at);
  }

  expiredBatches(finishedBefore: number, limit: number): string[] {
    return this.#retention.expiredBatches(finishedBefore, limit);
  }

  purgeStep(batchId: string, maxJobs: number): PurgeStep {
    return this.#retention.purgeStep(batchId, maxJobs);
  }

  deleteExpiredComparisons(finishedBefore: number): number {
    return this.#retention.deleteExpiredComparisons(finishedBefore);
  }

  reclaimSpace(pages: number): number {
    return this.#retention.reclaim(pages);
  }

  checkpoint(): void {
    this.#retention.checkpoint();
  }

  storage(): StorageInfo {
    return this.#retention.storage();
  }

  writeLaneBuckets(buckets: readonly LaneBucket[]): void {
    this.#laneBuckets.write(buckets);
  }

  laneBuckets(resolutionMs: number, from: number, to: number): LaneBucket[] {
    return this.#laneBuckets.range(resolutionMs, from, to);
  }

  deleteLaneBuckets(resolutionMs: number, before: number): number {
    return this.#laneBuckets.deleteBefore(resolutionMs, before);
  }

  batchThroughput(batchId: string, from: number, widthMs: number): ThroughputPoint[] {
    this.#group.flush();
    return this.#batchSeries.series(batchId, from, widthMs);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#group.close();
    } finally {
      this.#sqlite.close();
    }
  }
}
