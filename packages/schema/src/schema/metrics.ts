import type { LaneStats } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { CountsRef } from './batch.ts';
import { ExecutorKindEnum } from './enums.ts';
import { abortable } from './iterate.ts';
import { BatchRef, EngineStatsRef } from './refs.ts';

export const ThroughputBucketRef = builder.objectRef<{ at: number; completed: number }>('ThroughputBucket').implement({
  description: 'Jobs completed in one bucket of time (one second unless said otherwise).',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (b) => new Date(b.at) }),
    completed: t.exposeInt('completed'),
  }),
});

const LaneMetricsRef = builder.objectRef<LaneStats>('LaneMetrics').implement({
  description: 'One lane (an executor and the batches sharing it), computed on the server in 1 s buckets.',
  fields: (t) => ({
    lane: t.exposeString('lane'),
    executor: t.field({ type: ExecutorKindEnum, resolve: (l) => l.executor }),
    inFlight: t.exposeInt('inFlight'),
    limit: t.exposeInt('limit'),
    demand: t.exposeInt('demand', {
      description: 'What its batches ask for: the sum of their concurrency on this lane, capped by limit. 0 when none runs.',
    }),
    queued: t.exposeInt('queued'),
    throughput: t.exposeFloat('throughput', { description: 'Jobs/s over the last 3 complete seconds.' }),
    history: t.field({ type: [ThroughputBucketRef], description: 'The last 300 seconds.', resolve: (l) => l.history }),
    waitP50: t.exposeFloat('waitP50', { nullable: true }),
    waitP95: t.exposeFloat('waitP95', { nullable: true }),
    runP50: t.exposeFloat('runP50', { nullable: true }),
    runP95: t.exposeFloat('runP95', { nullable: true }),
    utilization: t.exposeFloat('utilization', { description: 'Busy threads (pool) or slots in use (queue), 0..1.' }),
  }),
});

const EventLoopStatsRef = builder
  .objectRef<{ delayP50Ms: number; delayP99Ms: number; delayMaxMs: number; utilization: number }>('EventLoopStats')
  .implement({
    description: 'The main thread’s event loop over the last second: delay is the signal that something blocks it.',
    fields: (t) => ({
      delayP50Ms: t.exposeFloat('delayP50Ms'),
      delayP99Ms: t.exposeFloat('delayP99Ms'),
      delayMaxMs: t.exposeFloat('delayMaxMs'),
      utilization: t.exposeFloat('utilization'),
    }),
  });

EngineStatsRef.implement({
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    at: t.field({ type: 'DateTime', resolve: (s) => s.at }),
    lanes: t.field({ type: [LaneMetricsRef], resolve: (s) => s.lanes }),
    eventLoop: t.field({ type: EventLoopStatsRef, resolve: (s) => s.eventLoop }),
    totals: t.field({ type: CountsRef, resolve: (s) => s.totals }),
    activeBatches: t.field({
      type: [BatchRef],
      resolve: (s, _, ctx) =>
        s.activeBatchIds.flatMap((id) => {
          const batch = ctx.engine.getBatch(id);
          return batch && batch.team === ctx.team ? [batch] : [];
        }),
    }),
  }),
});

builder.queryField('engineStats', (t) => t.field({ type: EngineStatsRef, resolve: (_, __, ctx) => ({ ...ctx.engine.stats(), seq: 0 }) }));

builder.subscriptionField('laneMetrics', (t) =>
  t.field({
    type: EngineStatsRef,
    description: 'Lane metrics once a second (skipped when nothing changed).',
    subscribe: (_, __, ctx) => abortable((signal) => ctx.engine.watchStats({ signal })),
    resolve: (stats) => stats,
  }),
);
