import type { LaneStats, StatsScope } from '@switchyard/engine';
import { builder, type Context } from '../builder.ts';
import { CountsRef } from './batch.ts';
import { ExecutorKindEnum } from './enums.ts';
import { need } from './access.ts';
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
    paused: t.exposeBoolean('paused', { description: 'Paused by an admin (pauseLane): no new job starts on it.' }),
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

const ALL_TEAMS_DESCRIPTION =
  'The whole engine’s figures, every team’s work (admin). By default a team sees its own jobs only; limits are the lanes’ own.';

/** The caller's team's figures, or with allTeams (admins only) the engine's. */
function statsScope(ctx: Context, allTeams: boolean | null | undefined): StatsScope {
  if (!allTeams) return { team: ctx.team };
  need(ctx, 'admin', 'the engine-wide view');
  return 'engine';
}

builder.queryField('engineStats', (t) =>
  t.field({
    type: EngineStatsRef,
    args: { allTeams: t.arg.boolean({ description: ALL_TEAMS_DESCRIPTION }) },
    resolve: (_, { allTeams }, ctx) => ({ ...ctx.engine.stats(statsScope(ctx, allTeams)), seq: 0 }),
  }),
);

builder.subscriptionField('laneMetrics', (t) =>
  t.field({
    type: EngineStatsRef,
    description: 'Lane metrics once a second (skipped when nothing changed).',
    args: { allTeams: t.arg.boolean({ description: ALL_TEAMS_DESCRIPTION }) },
    subscribe: (_, { allTeams }, ctx) => {
      const scope = statsScope(ctx, allTeams);
      return abortable((signal) => ctx.engine.watchStats({ signal, scope }));
    },
    resolve: (stats) => stats,
  }),
);
