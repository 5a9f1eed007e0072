/**
 * What the bench measures beyond the standard table (issue 4 §6), as data, and the runs of it that go through
 * measure.ts: every executor on the standard workloads (the API's strategy override), and data batches (the
 * decision table's `data-batch` rule, a forced THREADS strategy, which chunks as the rule does, and one item per
 * message). The concurrency sweep is compare.ts;
 * latency with submitBatch's waitMs is a third driver beside the standard latency runs (run.ts).
 */
import { availableParallelism } from 'node:os';
import type { Driver } from './drivers.ts';
import { measure, type Entry, type MeasureOptions, type Series } from './measure.ts';
import { WORKLOADS, type ExecutorKind, type Spec, type WorkloadName } from './workloads.ts';

export type SectionName = 'executors' | 'sweep' | 'data' | 'auth' | 'metrics' | 'remote';
export const SECTION_NAMES: readonly SectionName[] = ['executors', 'sweep', 'data', 'auth', 'metrics', 'remote'];

/** The new sections report medians of this many runs at most (WORKLOADS.md asks for at least 3). */
export const SECTION_RUNS = 3;

// ------------------------------------------------------------------------------------------- every executor

export type MatrixWorkload = Extract<WorkloadName, 'cpu' | 'io' | 'overhead'>;
export const MATRIX_WORKLOADS: readonly MatrixWorkload[] = ['cpu', 'io', 'overhead'];

export interface ExecutorCase {
  readonly workload: MatrixWorkload;
  readonly executor: ExecutorKind;
  /** The decision table's own choice: the standard table's figure (measured here only if it did not run). */
  readonly routed?: boolean;
  /**
   * Fewer items than the standard workload, where the executor's slots make the full count take minutes;
   * the report extrapolates wall time to the full count (slot-bound work scales linearly with the items).
   */
  readonly count?: number;
  readonly quickCount?: number;
}

const slotBound = { count: 20, quickCount: 4 } as const;

export const EXECUTOR_CASES: readonly ExecutorCase[] = [
  { workload: 'cpu', executor: 'SEQUENTIAL' },
  { workload: 'cpu', executor: 'ASYNC' },
  { workload: 'cpu', executor: 'THREADS', routed: true },
  { workload: 'cpu', executor: 'PROCESSES' },
  // One slot: 2,000 × 100 ms would be 200 s; 10 items say the same.
  { workload: 'io', executor: 'SEQUENTIAL', count: 10, quickCount: 2 },
  { workload: 'io', executor: 'ASYNC', routed: true },
  // A pool holds one wait per worker (2 here): 2,000 × 100 ms would be 100 s.
  { workload: 'io', executor: 'THREADS', ...slotBound },
  { workload: 'io', executor: 'PROCESSES', ...slotBound },
  { workload: 'overhead', executor: 'SEQUENTIAL' },
  { workload: 'overhead', executor: 'ASYNC', routed: true },
  { workload: 'overhead', executor: 'THREADS' },
  // A round trip to a child process per job: 10,000 would take most of a minute.
  { workload: 'overhead', executor: 'PROCESSES', count: 2_000, quickCount: 200 },
];

/** The workload as submitted for one case: the standard definition, forced onto the case's executor. */
export function caseSpec(c: ExecutorCase): Spec {
  const w = WORKLOADS[c.workload];
  if (c.routed) return { ...w, label: `${w.name} routed` };
  return {
    ...w,
    label: `${w.name} ${c.executor}`,
    strategy: { executor: c.executor },
    count: c.count ?? w.count,
    quickCount: c.quickCount ?? w.quickCount,
    // Slot-bound cases: two jobs per slot warm them (and start the pool); not the whole (slow) batch.
    warmUpCount: c.count !== undefined ? availableParallelism() * 2 : w.warmUpCount,
  };
}

export interface CaseResult {
  readonly case: ExecutorCase;
  readonly series?: Series;
  /** The series is the standard table's (routed) one, not measured again. */
  readonly reused: boolean;
}

/**
 * Each executor case of `workloads` through `driver`, the cases of one workload alternating run by run; the
 * routed case reuses `standard[workload]` when the standard table measured it.
 */
export async function measureExecutors(
  driver: Driver,
  workloads: readonly MatrixWorkload[],
  standard: (name: MatrixWorkload) => Series | undefined,
  options: MeasureOptions,
  beforeCpuRound?: () => void,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const name of workloads) {
    const cases = EXECUTOR_CASES.filter((c) => c.workload === name);
    const measured = standard(name);
    const reusable = measured?.runs.length ? measured : undefined;
    const toMeasure = cases.filter((c) => !(c.routed && reusable));
    const entries: Entry[] = toMeasure.map((c) => ({ driver, spec: caseSpec(c) }));
    const series = await measure(entries, { ...options, runs: Math.min(options.runs, SECTION_RUNS) }, name === 'cpu' ? beforeCpuRound : undefined);
    for (const c of cases) {
      const i = toMeasure.indexOf(c);
      results.push(i >= 0 ? { case: c, series: series[i], reused: false } : { case: c, series: reusable, reused: true });
    }
  }
  return results;
}

// ------------------------------------------------------------------------------------------- data batches

const DATA_BATCH: Spec = {
  name: 'data',
  task: 'cpu.fib',
  tag: 'CPU',
  shape: 'batch',
  // The decision table's data-batch rule starts at 10,000 CPU items.
  count: 20_000,
  quickCount: 10_000,
  item: (i) => ({ n: 5 + (i % 5) }),
  warmUpCount: 10_000,
};

/** Issue #12's own row: 20,000 small CPU jobs (tens of microseconds each), the data-batch rule against SEQUENTIAL. */
const RULE_BATCH: Spec = { ...DATA_BATCH, name: 'data-rule', item: () => ({ n: 15 }) };

export const DATA_SPECS = {
  routed: { ...DATA_BATCH, label: 'data routed (data-batch rule)' },
  ruleRouted: { ...RULE_BATCH, label: 'cpu.fib n 15 routed (data-batch rule)' },
  ruleSequential: { ...RULE_BATCH, label: 'cpu.fib n 15 SEQUENTIAL forced', strategy: { executor: 'SEQUENTIAL' } },
  // A forced pool strategy on a data batch chunks as the table would (router/decision-table.ts).
  forced: { ...DATA_BATCH, label: 'data THREADS forced (chunked as the table would)', strategy: { executor: 'THREADS' } },
  onePerMessage: { ...DATA_BATCH, label: 'data THREADS chunkSize 1 (one per message)', strategy: { executor: 'THREADS', chunkSize: 1 } },
} as const satisfies Record<string, Spec>;

export interface DataResult {
  readonly routed: Series;
  readonly forced: Series;
  readonly onePerMessage: Series;
  /** 20,000 × cpu.fib {n: 15}: routed (the data-batch rule) and forced SEQUENTIAL. */
  readonly ruleRouted: Series;
  readonly ruleSequential: Series;
}

/**
 * The same 20,000 tiny CPU items, routed (chunked by the data-batch rule), forced onto THREADS (chunked as the rule
 * would) and forced onto THREADS with chunkSize 1 (one per message); and 20,000 × cpu.fib {n: 15} routed and forced
 * SEQUENTIAL. All alternating run by run.
 */
export async function measureDataBatches(driver: Driver, options: MeasureOptions): Promise<DataResult> {
  const specs = [DATA_SPECS.routed, DATA_SPECS.forced, DATA_SPECS.onePerMessage, DATA_SPECS.ruleRouted, DATA_SPECS.ruleSequential];
  const [routed, forced, onePerMessage, ruleRouted, ruleSequential] = await measure(
    specs.map((spec) => ({ driver, spec })),
    { ...options, runs: Math.min(options.runs, SECTION_RUNS) },
  );
  return { routed: routed!, forced: forced!, onePerMessage: onePerMessage!, ruleRouted: ruleRouted!, ruleSequential: ruleSequential! };
}
