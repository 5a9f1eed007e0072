import type { ExecutorKind, JobTag, Route, RoutePhase, Strategy } from '../types.ts';

/**
 * The decision table of MISSION.md, as data. The router walks the rules in order and takes the first that
 * matches; the API and the dashboard show the same rules, and every batch records the rule that routed it.
 */
export interface DecisionRule {
  readonly id: string;
  /** The tag the rule applies to; undefined for rules that match on other facts (background). */
  readonly tag?: JobTag;
  /** The condition in words, shown to users. */
  readonly when: string;
  readonly executor: ExecutorKind;
  readonly concurrency: number;
  readonly lane: string;
  /** Why this executor suits this work. */
  readonly why: string;
  readonly matches: (facts: RoutingFacts) => boolean;
  /** The phases; mixed work has an I/O phase and a CPU phase on different executors. */
  readonly phases: (facts: RoutingFacts) => RoutePhase[];
}

/** What the router knows about a batch. */
export interface RoutingFacts {
  readonly tag: JobTag;
  readonly items: number;
  readonly background: boolean;
  /** The batch or its task asked for isolation (a process per job slot). */
  readonly isolate?: boolean;
  /** Free slots of the connected remote workers (0, or absent, when there is no remote lane). */
  readonly remoteFreeSlots?: number;
}

/** Thresholds of the table; all overridable through engine options. */
export interface RoutingThresholds {
  /** Below this many items an I/O batch is "moderate". @default 100 */
  readonly ioHighVolumeItems: number;
  /** Concurrency of a moderate I/O batch: polite to the services it calls. @default 10 */
  readonly ioModerateConcurrency: number;
  /** Concurrency of a high-volume I/O batch: the event loop scales to thousands of waits. @default 2000 */
  readonly ioHighConcurrency: number;
  /** Worker threads: one per core. @default os.availableParallelism() */
  readonly threads: number;
  /** Child processes for isolated work. @default os.availableParallelism() */
  readonly processes: number;
  /** Concurrency of background (fire-and-forget) batches. @default 2 */
  readonly backgroundConcurrency: number;
  /** From this many items a CPU batch is a data batch, sent to the pool in chunks. @default 10_000 */
  readonly dataBatchItems: number;
  /** Jobs per message to a worker for data batches. @default 256 */
  readonly chunkSize: number;
  /** The rule "remote" is in the table: CPU batches go to REMOTE while remote workers have free slots. @default false */
  readonly remoteCpu?: boolean;
  /** Concurrency of a batch on REMOTE: the lane's limit (the live workers' slots) is the real bound. @default 1000 */
  readonly remoteConcurrency?: number;
}

export const LANES = {
  processes: 'processes',
  io: 'io',
  cpu: 'cpu',
  background: 'background',
  sequential: 'sequential',
  remote: 'remote',
} as const;

export function buildDecisionTable(t: RoutingThresholds): readonly DecisionRule[] {
  const single = (executor: ExecutorKind, concurrency: number): RoutePhase[] => [{ phase: 'run', executor, concurrency }];
  return [
    {
      id: 'isolated',
      when: 'isolation asked for (by the batch or its task), any tag',
      executor: 'PROCESSES',
      concurrency: t.processes,
      lane: LANES.processes,
      why: 'crashy or leaky work runs in child processes that are recycled: a crash or a leak takes down one process, not the server',
      matches: (f) => f.isolate === true,
      phases: () => single('PROCESSES', t.processes),
    },
    {
      id: 'background',
      when: 'background (fire and forget), any tag',
      executor: 'ASYNC',
      concurrency: t.backgroundConcurrency,
      lane: LANES.background,
      why: 'nobody waits on it: the async queue at lowest priority, small concurrency, out of everyone else’s way',
      matches: (f) => f.background,
      phases: () => single('ASYNC', t.backgroundConcurrency),
    },
    {
      id: 'io-moderate',
      tag: 'IO',
      when: `IO, under ${t.ioHighVolumeItems} items`,
      executor: 'ASYNC',
      concurrency: t.ioModerateConcurrency,
      lane: LANES.io,
      why: 'waiting work overlaps on the event loop; a small concurrency is simple and polite to the services called',
      matches: (f) => f.tag === 'IO' && f.items < t.ioHighVolumeItems,
      phases: () => single('ASYNC', t.ioModerateConcurrency),
    },
    {
      id: 'io-high',
      tag: 'IO',
      when: `IO, ${t.ioHighVolumeItems} items or more`,
      executor: 'ASYNC',
      concurrency: t.ioHighConcurrency,
      lane: LANES.io,
      why: 'the event loop scales to thousands of concurrent waits; no threads needed',
      matches: (f) => f.tag === 'IO',
      phases: () => single('ASYNC', t.ioHighConcurrency),
    },
    ...(t.remoteCpu ? [remoteRule(t)] : []),
    {
      id: 'data-batch',
      tag: 'CPU',
      when: `CPU, ${t.dataBatchItems} items or more`,
      executor: 'THREADS',
      concurrency: t.threads,
      lane: LANES.cpu,
      why: `many small items: sent to the worker pool ${t.chunkSize} per message, which amortises the cost of copying data between threads`,
      matches: (f) => f.tag === 'CPU' && f.items >= t.dataBatchItems,
      phases: () => [{ phase: 'run', executor: 'THREADS', concurrency: t.threads, chunkSize: t.chunkSize }],
    },
    {
      id: 'cpu',
      tag: 'CPU',
      when: 'CPU, any volume',
      executor: 'THREADS',
      concurrency: t.threads,
      lane: LANES.cpu,
      why: 'computing work needs parallelism: one worker thread per core; the event loop stays free',
      matches: (f) => f.tag === 'CPU',
      phases: () => single('THREADS', t.threads),
    },
    {
      id: 'mixed',
      tag: 'MIXED',
      when: 'MIXED (an I/O phase then a CPU phase)',
      executor: 'ASYNC',
      concurrency: t.ioModerateConcurrency,
      lane: LANES.io,
      why: 'each tool for its job: the I/O phase on the async queue, each result streamed to the worker pool for its CPU phase',
      matches: (f) => f.tag === 'MIXED',
      phases: (f) => [
        { phase: 'io', executor: 'ASYNC', concurrency: f.items < t.ioHighVolumeItems ? t.ioModerateConcurrency : t.ioHighConcurrency },
        { phase: 'cpu', executor: 'THREADS', concurrency: t.threads },
      ],
    },
  ];
}

const DEFAULT_REMOTE_CONCURRENCY = 1000;

/** CPU work (data batches in chunks) on the remote workers, while they have room; placed before the local CPU rules. */
function remoteRule(t: RoutingThresholds): DecisionRule {
  const concurrency = t.remoteConcurrency ?? DEFAULT_REMOTE_CONCURRENCY;
  return {
    id: 'remote',
    tag: 'CPU',
    when: 'CPU, while remote workers with free slots are connected',
    executor: 'REMOTE',
    concurrency,
    lane: LANES.remote,
    why: `more machines than this one: the remote workers' slots add to the cores here (data batches go ${t.chunkSize} jobs per BullMQ job)`,
    matches: (f) => f.tag === 'CPU' && (f.remoteFreeSlots ?? 0) > 0,
    phases: (f) => [{ phase: 'run', executor: 'REMOTE', concurrency, ...(f.items >= t.dataBatchItems ? { chunkSize: t.chunkSize } : {}) }],
  };
}

/** The lane each executor kind runs on when a submitter forces it. */
export function laneOf(executor: ExecutorKind, background = false): string {
  if (executor === 'THREADS') return LANES.cpu;
  if (executor === 'PROCESSES') return LANES.processes;
  if (executor === 'SEQUENTIAL') return LANES.sequential;
  if (executor === 'REMOTE') return LANES.remote;
  return background ? LANES.background : LANES.io;
}

/** Executors that can take several jobs in one message (Executor.runChunk): the pools and the remote lane. */
const CHUNKING_EXECUTORS: ReadonlySet<ExecutorKind> = new Set(['THREADS', 'PROCESSES', 'REMOTE']);

/**
 * Jobs per message for a forced strategy, and the words the reason gives it. A strategy's own chunkSize wins; else a
 * pool (or the remote lane) chunks a batch of data-batch size as the table's data-batch rule would, so a comparison
 * measures threads the way the router would run them. Event-loop executors run one job at a time (validation
 * refuses a chunkSize other than 1 for them).
 */
function forcedChunk(strategy: Strategy, facts: RoutingFacts, t: RoutingThresholds): { size: number; why: string } {
  if (!CHUNKING_EXECUTORS.has(strategy.executor)) return { size: 1, why: '' };
  if (strategy.chunkSize != null) {
    const size = strategy.chunkSize;
    return { size, why: size > 1 ? `, ${size} jobs per message (as the strategy asks)` : ', one job per message (as the strategy asks)' };
  }
  if (facts.items >= t.dataBatchItems && t.chunkSize > 1) {
    return { size: t.chunkSize, why: `, ${t.chunkSize} jobs per message (a data batch: ${t.dataBatchItems} items or more)` };
  }
  return { size: 1, why: '' };
}

/** Default concurrency of a forced executor when the strategy names none. */
function defaultConcurrency(executor: ExecutorKind, t: RoutingThresholds, facts: RoutingFacts): number {
  if (executor === 'SEQUENTIAL') return 1;
  if (executor === 'THREADS') return t.threads;
  if (executor === 'PROCESSES') return t.processes;
  if (executor === 'REMOTE') return t.remoteConcurrency ?? DEFAULT_REMOTE_CONCURRENCY;
  return facts.items < t.ioHighVolumeItems ? t.ioModerateConcurrency : t.ioHighConcurrency;
}

/**
 * The router: a pure function of the facts, the table and an optional strategy override.
 * Returns the route to record on the batch (lane, executor, concurrency, rule, reason, phases).
 */
export function route(facts: RoutingFacts, table: readonly DecisionRule[], t: RoutingThresholds, strategy?: Strategy | null): Route {
  if (strategy) {
    // SEQUENTIAL means one at a time, whatever concurrency was asked for.
    const concurrency = strategy.executor === 'SEQUENTIAL' ? 1 : (strategy.concurrency ?? defaultConcurrency(strategy.executor, t, facts));
    const chunk = forcedChunk(strategy, facts, t);
    const phase: RoutePhase = { phase: 'run', executor: strategy.executor, concurrency, ...(chunk.size > 1 ? { chunkSize: chunk.size } : {}) };
    return {
      lane: laneOf(strategy.executor, facts.background),
      executor: strategy.executor,
      concurrency,
      rule: 'override',
      reason: `strategy override: ${strategy.executor} at concurrency ${concurrency}${chunk.why} (the table would have chosen ${
        route(facts, table, t).executor
      })`,
      phases: [phase],
    };
  }
  const rule = table.find((r) => r.matches(facts));
  if (!rule) throw new Error(`No decision rule matches tag ${facts.tag}`); // the table covers every tag
  const phases = rule.phases(facts);
  const first = phases[0]!;
  return {
    lane: rule.lane,
    executor: first.executor,
    concurrency: first.concurrency,
    rule: rule.id,
    reason: `${describeFacts(facts)} → rule "${rule.id}" (${rule.when}): ${phases
      .map(
        (p) =>
          `${p.phase === 'run' ? '' : `${p.phase} phase on `}${p.executor} at concurrency ${p.concurrency}${p.chunkSize ? `, ${p.chunkSize} jobs per message` : ''}`,
      )
      .join(', then ')}, because ${rule.why}`,
    phases,
  };
}

function describeFacts(f: RoutingFacts): string {
  return `tagged ${f.tag}${f.isolate ? ', isolated' : ''}${f.background ? ', background' : ''}, ${f.items} item${f.items === 1 ? '' : 's'}`;
}
