import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type {
  BatchRecord,
  BatchStatus,
  ComparisonRecord,
  ComparisonRun,
  Counts,
  ExecutorKind,
  JobAttemptRecord,
  JobRecord,
  JobSpan,
  JobStatus,
  Route,
  ScheduleRecord,
} from '../../types.ts';
import type {
  BatchFilter,
  BatchUsageTotals,
  ComparisonEnd,
  FailedJob,
  FailedJobsFilter,
  FailureGroup,
  FinishedJob,
  FinishJob,
  JobLogs,
  HandOverJob,
  ChunkedInputs,
  NewBatch,
  NewComparison,
  LaneBucket,
  Page,
  PurgeStep,
  ReadyJob,
  NewSchedule,
  RequeueJob,
  ScheduleRunClaim,
  ScheduleRunOutcome,
  RunningJob,
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
import { Checkpointer } from './checkpointer.ts';
import { openDatabase } from './database.ts';
import { GroupCommit } from './group-commit.ts';
import { JobTransitions } from './job-transitions.ts';
import { FailureQueries } from './failures.ts';
import { JobLogStore } from './job-logs.ts';
import type { LogLine } from '../../triage/job-log.ts';
import { Queries } from './queries.ts';
import { insertedBatchRecord } from './rows.ts';
import { ScheduleRows } from './schedules.ts';
import { LaneBucketRows } from './lane-buckets.ts';
import { RetentionRows } from './retention.ts';

/**
 * The SQLite store: better-sqlite3 in WAL mode, schema and migrations by drizzle. This class only wires the pieces
 * behind the `Store` interface; each concern is a file of its own:
 * - database.ts: open, pragmas, migrations;
 * - group-commit.ts: hot-path writes committed once per event-loop turn; count-deltas.ts: the batches' counts
 *   that move with them;
 * - job-transitions.ts and batch-commands.ts: every state change, each one guarded statement;
 * - comparisons.ts: the comparisons' rows and guarded transitions; schedules.ts: the schedules' and the run claim;
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
  readonly #schedules: ScheduleRows;
  readonly #failures: FailureQueries;
  readonly #logs: JobLogStore;
  readonly #retention: RetentionRows;
  readonly #laneBuckets: LaneBucketRows;
  readonly #batchSeries: BatchSeriesRows;
  #closed = false;
  readonly #checkpointer: Checkpointer;

  /** The open connection, for the parts that share the file but not the job tables (store of API keys, secrets). */
  get connection(): Database.Database {
    return this.#sqlite;
  }

  constructor(path: string, log: Logger) {
    const { sqlite, db } = openDatabase(path);
    this.#sqlite = sqlite;
    this.#checkpointer = new Checkpointer(sqlite, log);
    this.#group = new GroupCommit(sqlite, log);
    const counts = new CountDeltas(sqlite);
    this.#group.onCommit(() => counts.apply());
    const finishSeq = new FinishSequence(sqlite);
    this.#jobs = new JobTransitions(sqlite, this.#group, counts, finishSeq, log);
    this.#batches = new BatchCommands(sqlite, this.#group, counts, finishSeq, log);
    this.#comparisons = new ComparisonRows(sqlite, db);
    this.#queries = new Queries(sqlite, db, this.#group);
    this.#schedules = new ScheduleRows(sqlite, db, this.#group, (batch, inputs) => this.#batches.insert(batch, inputs).id);
    this.#failures = new FailureQueries(sqlite, this.#group);
    this.#logs = new JobLogStore(sqlite, this.#group);
    this.#retention = new RetentionRows(sqlite, this.#group);
    this.#laneBuckets = new LaneBucketRows(sqlite);
    this.#batchSeries = new BatchSeriesRows(sqlite);
  }

  appendJobLogs(jobId: string, attempt: number, lines: readonly LogLine[], dropped: number): void {
    this.#logs.append(jobId, attempt, lines, dropped);
  }

  jobLogLines(jobId: string): JobLogs['lines'] {
    return this.#logs.read(jobId);
  }

  insertBatch(batch: NewBatch, inputs: readonly unknown[] | ChunkedInputs): { batch: BatchRecord; created: boolean; jobs?: readonly ReadyJob[] } {
    const { id, created, jobs } = this.#batches.insert(batch, inputs);
    if (!created) return { batch: this.#queries.getBatch(id)!, created };
    return { batch: insertedBatchRecord(id, batch, inputs.length), created, ...(jobs ? { jobs } : {}) };
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

  assignWorker(jobId: string, worker: string): void {
    this.#jobs.assignWorker(jobId, worker);
  }

  handOver(change: HandOverJob): void {
    this.#jobs.handOver(change);
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

  setBatchPaused(batchId: string, paused: boolean): boolean {
    return this.#batches.setPaused(batchId, paused);
  }

  setBatchConcurrency(batchId: string, concurrency: number): boolean {
    return this.#batches.setConcurrency(batchId, concurrency);
  }

  setLanePaused(lane: string, paused: boolean, at: number): void {
    this.#batches.setLanePaused(lane, paused, at);
  }

  pausedLanes(): string[] {
    return this.#batches.pausedLanes();
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

  retryJobs(jobIds: readonly string[], at: number): Map<string, number> {
    return this.#batches.retryJobs(jobIds, at);
  }

  recoverInterrupted(at: number): number {
    return this.#batches.recoverInterrupted(at);
  }

  runningJobs(executor: ExecutorKind): RunningJob[] {
    return this.#queries.runningJobs(executor);
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

  failedJobs(filter: FailedJobsFilter, first: number, after?: string): Page<FailedJob> {
    return this.#failures.failedJobs(filter, first, after);
  }

  failureGroupsWhere(filter: FailedJobsFilter, limit: number): FailureGroup[] {
    return this.#failures.groups(filter, limit);
  }

  failedJobRefs(filter: FailedJobsFilter, limit: number): Array<{ id: string; batchId: string }> {
    return this.#failures.refs(filter, limit);
  }

  unfinishedBatchesWithFailures(filter: FailedJobsFilter): string[] {
    return this.#failures.unfinishedBatches(filter);
  }

  batchesByRule(team?: string): Map<string, number> {
    return this.#queries.batchesByRule(team);
  }

  totals(team?: string): Counts {
    return this.#queries.totals(team);
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

  releaseScheduledBatch(batchId: string): boolean {
    return this.#batches.releaseScheduled(batchId);
  }

  cancelScheduledBatch(batchId: string): boolean {
    return this.#batches.cancelScheduled(batchId);
  }

  scheduledBatches(): Array<{ id: string; runAt: number }> {
    return this.#batches.scheduled();
  }

  insertSchedule(schedule: NewSchedule): ScheduleRecord {
    return this.#schedules.insert(schedule);
  }

  getSchedule(id: string): ScheduleRecord | null {
    return this.#schedules.get(id);
  }

  listSchedules(team: string, first: number, afterId?: string): Page<ScheduleRecord> {
    return this.#schedules.list(team, first, afterId);
  }

  activeSchedules(): ScheduleRecord[] {
    return this.#schedules.active();
  }

  claimScheduleRun(claim: ScheduleRunClaim): ScheduleRunOutcome {
    const outcome = this.#schedules.claim(claim);
    if (!outcome.claimed) return outcome;
    return { claimed: true, previous: outcome.previous, batch: outcome.batchId === null ? null : this.#queries.getBatch(outcome.batchId) };
  }

  pauseSchedule(id: string): boolean {
    return this.#schedules.pause(id);
  }

  resumeSchedule(id: string, at: number): boolean {
    return this.#schedules.resume(id, at);
  }

  deleteSchedule(id: string): boolean {
    return this.#schedules.delete(id);
  }

  scheduleBatches(scheduleId: string, first: number, afterRunAt?: number): Page<BatchRecord> {
    return this.#schedules.batches(scheduleId, first, afterRunAt);
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

  /**
   * Copies the WAL into the file without waiting for readers or blocking writers (PASSIVE), so the pages incremental
   * vacuum removed leave the file now, not at some later checkpoint. On the checkpoint thread, so that its fsyncs
   * stay off the main thread; here if it could not run there.
   */
  async checkpoint(): Promise<void> {
    this.#group.flush();
    if (await this.#checkpointer.checkpointNow()) return;
    if (!this.#closed) this.#retention.checkpointHere();
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
    this.#group.commit(); // finished jobs only: a held-back start changes nothing here
    return this.#batchSeries.series(batchId, from, widthMs);
  }

  /** Commits what is pending and closes the file; resolves once the checkpoint thread has let go of it too. */
  close(): Promise<void> {
    if (this.#closed) return this.#checkpointer.stop();
    this.#closed = true;
    try {
      this.#group.close();
    } finally {
      this.#sqlite.close();
    }
    return this.#checkpointer.stop();
  }
}
