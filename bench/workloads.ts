/**
 * The four standard workloads of WORKLOADS.md ("Standard workloads and the bar to beat"), as data: what to
 * submit, how much, what the peers measured on a comparable machine, and where Switchyard should land.
 * Same definitions for the GraphQL path and the in-process engine path, so the two rows compare.
 */
import { availableParallelism } from 'node:os';

export type WorkloadName = 'cpu' | 'io' | 'overhead' | 'latency';
export const WORKLOAD_NAMES: readonly WorkloadName[] = ['cpu', 'io', 'overhead', 'latency'];

/** What a run produces, and so how it is summarised and compared. */
export type Metric =
  | 'jobsPerSec' // higher is better
  | 'wallSec' // lower is better
  | 'latencyMs'; // p50 and p99, lower is better

export interface Peer {
  readonly name: string;
  /** As printed in WORKLOADS.md. */
  readonly text: string;
  /** A single representative figure for the ratio (p50 for latency). */
  readonly value: number;
  /** p99 for latency peers. */
  readonly p99?: number;
}

export type Target =
  | { readonly kind: 'ratioToLimit'; readonly atLeast: number; readonly text: string }
  | { readonly kind: 'maxWallSec'; readonly below: number; readonly text: string }
  | { readonly kind: 'minJobsPerSec'; readonly atLeast: number; readonly text: string }
  | { readonly kind: 'latency'; readonly p50Below: number; readonly p99Below: number; readonly text: string };

export type ExecutorKind = 'SEQUENTIAL' | 'ASYNC' | 'THREADS' | 'PROCESSES';

/** The API's strategy override (StrategyInput): this executor instead of the decision table's choice. */
export interface Strategy {
  readonly executor: ExecutorKind;
  readonly concurrency?: number;
  /** Jobs per message to a worker; absent: as the decision table would (chunks for a data batch). */
  readonly chunkSize?: number;
}

/** What measure.ts needs to submit and time a workload; Workload adds how the figure is judged. */
export interface Spec {
  readonly name: string;
  /** In progress lines, when `name` alone is ambiguous (e.g. "cpu PROCESSES"). */
  readonly label?: string;
  readonly task: string;
  readonly tag: 'CPU' | 'IO';
  /**
   * 'batch': one submission of `count` items (split only if the server caps batch size), timed from the
   * first submit until the last result is known.
   * 'sequential': `count` one-job submissions, each awaited before the next, each timed on its own.
   */
  readonly shape: 'batch' | 'sequential';
  readonly count: number;
  /** For `--quick`: a smoke test, not a measurement. */
  readonly quickCount: number;
  readonly item: (index: number) => Record<string, unknown>;
  /** Absent: the decision table routes the batch. */
  readonly strategy?: Strategy;
  /** Items in the unmeasured warm-up batch (default: the measured count). */
  readonly warmUpCount?: number;
  /** Also time three 1-job batches after the warm-up (the cpu workload's single-job time). */
  readonly probeSingleJob?: boolean;
}

export interface Workload extends Spec {
  readonly name: WorkloadName;
  readonly description: string;
  readonly metric: Metric;
  readonly peers: readonly Peer[];
  readonly target: Target;
}

/** Fixed password and salt, as the definition says, so every job does identical work. */
export const PBKDF2_ITEM = {
  password: 'switchyard-bench',
  salt: 'switchyard-salt',
  iterations: 100_000,
  keylen: 32,
  digest: 'sha256',
} as const;

export const WORKLOADS: Readonly<Record<WorkloadName, Workload>> = {
  cpu: {
    name: 'cpu',
    description: '200 × PBKDF2-HMAC-SHA256, 100,000 iterations, 32-byte key (tag CPU)',
    task: 'cpu.pbkdf2',
    tag: 'CPU',
    shape: 'batch',
    count: 200,
    quickCount: 20,
    // Two jobs per thread start the pool; a full batch would cost seconds.
    warmUpCount: availableParallelism() * 2,
    probeSingleJob: true,
    metric: 'jobsPerSec',
    item: () => ({ ...PBKDF2_ITEM }),
    peers: [
      { name: 'raw', text: '74–77', value: 75.5 },
      { name: 'BullMQ', text: '69–70', value: 69.5 },
      { name: 'Celery', text: '56', value: 56 },
    ],
    target: { kind: 'ratioToLimit', atLeast: 0.95, text: '≥ 95% of limit' },
  },
  io: {
    name: 'io',
    description: '2,000 × io.sleep 100 ms (tag IO)',
    task: 'io.sleep',
    tag: 'IO',
    shape: 'batch',
    count: 2_000,
    quickCount: 200,
    metric: 'wallSec',
    item: () => ({ ms: 100 }),
    peers: [
      { name: 'raw', text: '0.10 s', value: 0.1 },
      { name: 'BullMQ', text: '0.72 s', value: 0.72 },
      { name: 'Celery', text: '3.4–7.5 s', value: 3.4 },
    ],
    target: { kind: 'maxWallSec', below: 0.15, text: '< 0.15 s' },
  },
  overhead: {
    name: 'overhead',
    description: '10,000 × noop (tag IO), first submit to last result',
    task: 'noop',
    tag: 'IO',
    shape: 'batch',
    count: 10_000,
    quickCount: 1_000,
    metric: 'jobsPerSec',
    item: () => ({}),
    peers: [
      { name: 'raw', text: '228,000', value: 228_000 },
      { name: 'BullMQ', text: '9,300', value: 9_300 },
      { name: 'Celery', text: '835', value: 835 },
    ],
    target: { kind: 'minJobsPerSec', atLeast: 50_000, text: '≥ 50,000 jobs/s' },
  },
  latency: {
    name: 'latency',
    description: '200 one-job noop submissions, each awaited before the next; submit-to-result',
    task: 'noop',
    tag: 'IO',
    shape: 'sequential',
    count: 200,
    quickCount: 20,
    metric: 'latencyMs',
    item: () => ({}),
    peers: [
      { name: 'raw', text: '0.07/0.86', value: 0.07, p99: 0.86 },
      { name: 'BullMQ', text: '1.16/5.84', value: 1.16, p99: 5.84 },
      { name: 'Celery', text: '1.79/4.88', value: 1.79, p99: 4.88 },
    ],
    target: { kind: 'latency', p50Below: 1, p99Below: 3, text: 'p50 < 1, p99 < 3 ms' },
  },
};
