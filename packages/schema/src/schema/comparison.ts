import { COMPARISON_STATUSES, runLabel, type ComparisonRecord, type ComparisonRun, type TimelineEntry } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { need, ownComparison, rowAfter } from './access.ts';
import { connectionRef, FIRST_ARG_DESCRIPTION, pageSize, toConnection } from './connection.ts';
import { BatchStatusEnum, ExecutorKindEnum, JobStatusEnum, JobTagEnum } from './enums.ts';
import { abortable } from './iterate.ts';
import { BatchRef } from './refs.ts';
import { notFound, SubmitErrorResult } from './errors.ts';
import { admit, StrategyInput } from './submit.ts';

const ComparisonStatusEnum = builder.enumType('ComparisonStatus', { values: COMPARISON_STATUSES });

const TimelineEntryRef = builder.objectRef<TimelineEntry>('TimelineEntry').implement({
  description: 'One job on the task-stream timeline: its slot (row) and when it ran, ms from the run’s first start.',
  fields: (t) => ({
    index: t.exposeInt('index'),
    slot: t.exposeInt('slot'),
    startMs: t.exposeFloat('startMs'),
    endMs: t.exposeFloat('endMs'),
    status: t.field({ type: JobStatusEnum, resolve: (e) => e.status as never }),
  }),
});

// The loop figures are optional on ComparisonRun: runs measured before they existed lack them and read as null.
const ComparisonRunRef = builder.objectRef<ComparisonRun>('ComparisonRun').implement({
  description: 'One strategy’s run of the workload, measured like every other.',
  fields: (t) => ({
    executor: t.field({ type: ExecutorKindEnum, resolve: (r) => r.executor }),
    concurrency: t.exposeInt('concurrency'),
    chunkSize: t.int({ description: 'Jobs per message the run sent to its workers; 1: one job per message.', resolve: (r) => r.chunkSize ?? 1 }),
    label: t.string({
      description: 'What the run ran, as the verdict names it: `THREADS×2, 256 per message`, or `THREADS×2` for one job per message.',
      resolve: (r) => runLabel(r),
    }),
    status: t.field({ type: BatchStatusEnum, resolve: (r) => r.status }),
    wallMs: t.exposeFloat('wallMs', { description: 'Submit to last result.' }),
    throughput: t.exposeFloat('throughput', { description: 'Jobs per second.' }),
    speedup: t.exposeFloat('speedup', { description: 'Against SEQUENTIAL if it ran, else the first strategy.' }),
    idealSpeedup: t.exposeFloat('idealSpeedup', { description: 'Cores for CPU work on a pool, the concurrency for I/O work, 1 on one event loop.' }),
    efficiency: t.exposeFloat('efficiency', { description: 'speedup ÷ idealSpeedup.' }),
    cpuMs: t.exposeFloat('cpuMs', { description: 'CPU time of the server process (main thread and worker threads).' }),
    peakRssMb: t.exposeFloat('peakRssMb'),
    eventLoopP99Ms: t.exposeFloat('eventLoopP99Ms', {
      description:
        'Main-thread event-loop delay p99 from a delay histogram. It misses work that never yields (reads 0 for a synchronous run): prefer mainLoopLongestBlockMs.',
    }),
    mainLoopLongestBlockMs: t.float({
      nullable: true,
      description:
        'The longest stretch the main thread went without an event-loop turn during the run, ms. Null for runs measured before it existed.',
      resolve: (r) => r.mainLoopLongestBlockMs ?? null,
    }),
    mainLoopUtilization: t.float({
      nullable: true,
      description: 'Main-thread event-loop utilisation over the run, 0..1.',
      resolve: (r) => r.mainLoopUtilization ?? null,
    }),
    jobsBlockedMs: t.float({
      nullable: true,
      description: 'Main-thread time held by the synchronous parts of the run’s successful jobs, summed, ms.',
      resolve: (r) => r.jobsBlockedMs ?? null,
    }),
    workerUtilization: t.float({
      nullable: true,
      description: 'THREADS and PROCESSES: the jobs’ busy time in the workers ÷ (wall time × workers in use), 0..1. Null on the main thread.',
      resolve: (r) => r.workerUtilization ?? null,
    }),
    errors: t.exposeInt('errors'),
    batch: t.field({ type: BatchRef, nullable: true, resolve: (r, _, ctx) => ctx.engine.getBatch(r.batchId) }),
    timeline: t.field({ type: [TimelineEntryRef], description: 'The first 5,000 jobs.', resolve: (r, _, ctx) => ctx.engine.timeline(r.batchId) }),
  }),
});

const StrategyRef = builder.objectRef<{ executor: string; concurrency?: number | null; chunkSize?: number | null }>('Strategy').implement({
  fields: (t) => ({
    executor: t.field({ type: ExecutorKindEnum, resolve: (s) => s.executor as never }),
    concurrency: t.int({ nullable: true, resolve: (s) => s.concurrency ?? null }),
    chunkSize: t.int({ nullable: true, description: 'As asked; null: as the decision table would.', resolve: (s) => s.chunkSize ?? null }),
  }),
});

const ComparisonRef = builder.objectRef<ComparisonRecord>('Comparison').implement({
  description: 'The same workload run under several strategies, one after another, side by side.',
  fields: (t) => ({
    id: t.id({ resolve: (c, _, ctx) => ctx.ids.encode('comparison', c.id) }),
    name: t.exposeString('name', { nullable: true }),
    task: t.exposeString('task'),
    tag: t.field({ type: JobTagEnum, resolve: (c) => c.tag }),
    total: t.exposeInt('total'),
    status: t.field({ type: ComparisonStatusEnum, resolve: (c) => c.status }),
    strategies: t.field({ type: [StrategyRef], resolve: (c) => c.strategies }),
    runs: t.field({ type: [ComparisonRunRef], resolve: (c) => c.runs }),
    current: t.field({
      type: BatchRef,
      nullable: true,
      description: 'The batch of the strategy running now.',
      resolve: (c, _, ctx) => ctx.engine.currentComparisonBatch(c),
    }),
    verdict: t.exposeString('verdict', { nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.finishedAt }),
  }),
});

const ComparisonConnectionRef = connectionRef('Comparison', ComparisonRef);

const GenerateItemsInput = builder.inputType('GenerateItemsInput', {
  description: '`count` copies of `template`; the string "{{index}}" anywhere inside becomes the item’s index.',
  fields: (t) => ({ count: t.int({ required: true }), template: t.field({ type: 'JSON', required: true }) }),
});

const SweepInput = builder.inputType('SweepInput', {
  description: 'One executor at several concurrencies: where does more concurrency stop helping?',
  fields: (t) => ({ executor: t.field({ type: ExecutorKindEnum, required: true }), concurrencies: t.intList({ required: true }) }),
});

const CompareStrategiesInput = builder.inputType('CompareStrategiesInput', {
  fields: (t) => ({
    task: t.string({ required: true }),
    tag: t.field({ type: JobTagEnum }),
    items: t.field({ type: ['JSON'], description: 'The items; or use generate.' }),
    generate: t.field({ type: GenerateItemsInput }),
    strategies: t.field({ type: [StrategyInput], description: 'Run one after another; or use sweep.' }),
    sweep: t.field({ type: SweepInput }),
    timeoutMs: t.int(),
    name: t.string(),
  }),
});

const CompareStrategiesSuccessRef = builder.objectRef<{ kind: 'SUCCESS'; comparison: ComparisonRecord }>('CompareStrategiesSuccess').implement({
  fields: (t) => ({ comparison: t.field({ type: ComparisonRef, resolve: (s) => s.comparison }) }),
});

const CompareStrategiesResult = builder.unionType('CompareStrategiesResult', {
  types: [CompareStrategiesSuccessRef, ...SubmitErrorResult.members],
  resolveType: (value) => (value.kind === 'SUCCESS' ? CompareStrategiesSuccessRef : SubmitErrorResult.resolve(value)),
});

builder.queryFields((t) => ({
  comparison: t.field({
    type: ComparisonRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => ownComparison(ctx, id),
  }),
  comparisons: t.field({
    type: ComparisonConnectionRef,
    description: 'Comparisons, newest first.',
    args: { first: t.arg.int({ description: FIRST_ARG_DESCRIPTION }), after: t.arg.string() },
    resolve: (_, args, ctx) =>
      toConnection(ctx.engine.listComparisons(ctx.team, pageSize(args.first), rowAfter(ctx, args.after)), (c) => ctx.ids.encode('cursor', c.id)),
  }),
}));

builder.mutationFields((t) => ({
  compareStrategies: t.field({
    type: CompareStrategiesResult,
    description:
      'Runs the same items under each strategy, one after another, and measures each the same way. Answers at once; follow it with comparisonProgress.',
    args: { input: t.arg({ type: CompareStrategiesInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      await admit(ctx);
      const result = ctx.engine.compareStrategies({ ...input, team: ctx.team });
      return result.ok ? { kind: 'SUCCESS' as const, comparison: result.comparison } : result.error;
    },
  }),
  cancelComparison: t.field({
    type: ComparisonRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      need(ctx, 'submitter', 'cancelling a comparison');
      const comparison = ownComparison(ctx, id);
      return comparison && ctx.engine.cancelComparison(comparison.id);
    },
  }),
}));

builder.subscriptionField('comparisonProgress', (t) =>
  t.field({
    type: ComparisonRef,
    description: 'Coalesced snapshots of a comparison (≤ 4/s) until it ends.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_, { id }, ctx) => {
      const comparison = ownComparison(ctx, id);
      if (!comparison) throw notFound('comparison', id);
      return abortable((signal) => ctx.engine.watchComparison(comparison.id, { signal }));
    },
    resolve: (comparison) => comparison,
  }),
);
