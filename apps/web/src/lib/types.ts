/** Client-side shapes of the GraphQL contract (packages/schema/schema.graphql). Only the fields the dashboard selects. */

export const JOB_TAGS = ['IO', 'CPU', 'MIXED'] as const;
export type JobTag = (typeof JOB_TAGS)[number];

export const EXECUTOR_KINDS = ['SEQUENTIAL', 'ASYNC', 'THREADS'] as const;
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const BATCH_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const TERMINAL_JOB_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);
export const TERMINAL_BATCH_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export interface Counts {
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  timedOut: number;
}

export interface RoutePhase {
  phase: string;
  executor: ExecutorKind;
  concurrency: number;
}

export interface Route {
  executor: ExecutorKind;
  concurrency: number;
  rule: string;
  reason: string;
  lane: string;
  phases: RoutePhase[];
}

export interface BatchSummary {
  id: string;
  name: string | null;
  task: string;
  tag: JobTag;
  status: BatchStatus;
  total: number;
  counts: Counts;
  route: Route;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  wallMs: number | null;
  throughput: number | null;
}

export interface JobError {
  code: string;
  message: string;
  stack: string | null;
}

export interface JobRow {
  id: string;
  index: number;
  status: JobStatus;
  attempts: number;
  executor: ExecutorKind | null;
  waitMs: number | null;
  runMs: number | null;
  error: { code: string; message: string } | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface FailureGroup {
  code: string;
  message: string;
  count: number;
  sampleJobId: string;
}

export interface ThroughputBucket {
  at: string;
  completed: number;
}

export interface LaneMetrics {
  lane: string;
  executor: ExecutorKind;
  inFlight: number;
  limit: number;
  queued: number;
  throughput: number;
  history: ThroughputBucket[];
  waitP50: number | null;
  waitP95: number | null;
  runP50: number | null;
  runP95: number | null;
  utilization: number | null;
}

export interface EventLoopStats {
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  utilization: number;
}

export interface EngineStats {
  seq: number;
  at: string;
  lanes: LaneMetrics[];
  eventLoop: EventLoopStats;
  totals: Counts;
  activeBatches: BatchSummary[];
}

export interface BatchProgress {
  seq: number;
  batchId: string;
  status: BatchStatus;
  total: number;
  counts: Counts;
  throughput: number | null;
  wallMs: number | null;
  etaMs: number | null;
  done: boolean;
}

export interface Task {
  name: string;
  kind: JobTag;
  description: string;
  timeoutMs: number;
  inputSchema: unknown;
  example: unknown;
}

export interface DecisionRule {
  id: string;
  tag: JobTag | null;
  when: string;
  executor: ExecutorKind;
  concurrency: number;
  lane: string;
  why: string;
  batchesRouted: number;
}

export function finishedCount(c: Counts): number {
  return c.succeeded + c.failed + c.cancelled + c.timedOut;
}

export function isBatchStatus(v: string | null | undefined): v is BatchStatus {
  return v != null && (BATCH_STATUSES as readonly string[]).includes(v);
}
export function isJobStatus(v: string | null | undefined): v is JobStatus {
  return v != null && (JOB_STATUSES as readonly string[]).includes(v);
}
export function isJobTag(v: string | null | undefined): v is JobTag {
  return v != null && (JOB_TAGS as readonly string[]).includes(v);
}

// ── Comparisons (compareStrategies) ──────────────────────────────────────────────────────────────────────────

export const COMPARISON_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type ComparisonStatus = (typeof COMPARISON_STATUSES)[number];
export const TERMINAL_COMPARISON_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** An executor name as the server's ExecutorKind enum spells it (PROCESSES may join the three above). */
export type ExecutorName = ExecutorKind | (string & {});

export interface Strategy {
  executor: ExecutorName;
  concurrency: number | null;
}

export interface TimelineEntry {
  index: number;
  slot: number;
  startMs: number;
  endMs: number;
  status: JobStatus;
}

export interface ComparisonRun {
  executor: ExecutorName;
  concurrency: number;
  status: BatchStatus;
  wallMs: number;
  throughput: number;
  speedup: number;
  idealSpeedup: number;
  efficiency: number;
  cpuMs: number;
  peakRssMb: number;
  eventLoopP99Ms: number;
  errors: number;
  batch: { id: string } | null;
  /** Only selected once the comparison has finished. */
  timeline?: TimelineEntry[];
}

export interface Comparison {
  id: string;
  name: string | null;
  task: string;
  tag: JobTag;
  total: number;
  status: ComparisonStatus;
  strategies: Strategy[];
  runs: ComparisonRun[];
  current: { id: string; total: number; counts: Counts } | null;
  verdict: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function strategyLabel(s: { executor: string; concurrency?: number | null }): string {
  return s.concurrency == null ? s.executor : `${s.executor}×${s.concurrency}`;
}
