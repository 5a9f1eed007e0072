import type { LaneBucket } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { ThroughputBucketRef } from './metrics.ts';
import { BatchRef } from './refs.ts';
import { need } from './access.ts';

const HistoryRangeEnum = builder.enumType('HistoryRange', {
  description: 'The overview’s ranges: 5 min in 1 s buckets, 1 h in 1 min, 24 h in 5 min, 7 d in 30 min.',
  values: ['FIVE_MINUTES', 'HOUR', 'DAY', 'WEEK'] as const,
});

const LaneBucketRef = builder.objectRef<LaneBucket>('LaneBucket').implement({
  description:
    'One lane over one bucket of time, from the store (it survives restarts). Cancelled jobs are counted apart: they are not throughput. Latencies in ms from a real histogram of the bucket’s jobs; in a bucket merged from narrower ones, the largest of theirs.',
  fields: (t) => ({
    lane: t.exposeString('lane'),
    at: t.field({ type: 'DateTime', description: 'Start of the bucket.', resolve: (b) => new Date(b.at) }),
    succeeded: t.exposeInt('succeeded'),
    failed: t.exposeInt('failed'),
    timedOut: t.exposeInt('timedOut'),
    cancelled: t.exposeInt('cancelled'),
    waitP50: t.exposeFloat('waitP50', { nullable: true }),
    waitP95: t.exposeFloat('waitP95', { nullable: true }),
    waitP99: t.exposeFloat('waitP99', { nullable: true }),
    runP50: t.exposeFloat('runP50', { nullable: true }),
    runP95: t.exposeFloat('runP95', { nullable: true }),
    runP99: t.exposeFloat('runP99', { nullable: true }),
    queueDepth: t.exposeInt('queueDepth', { description: 'At the end of the bucket.' }),
    inFlight: t.exposeInt('inFlight', { description: 'At the end of the bucket.' }),
  }),
});

const LaneHistoryRef = builder.objectRef<{ resolutionMs: number; buckets: LaneBucket[] }>('LaneHistory').implement({
  fields: (t) => ({
    resolutionMs: t.exposeInt('resolutionMs', { description: 'Width of each bucket.' }),
    buckets: t.field({
      type: [LaneBucketRef],
      description: 'Oldest first; a lane with nothing finished, queued or in flight has no bucket.',
      resolve: (h) => h.buckets,
    }),
  }),
});

// Admins only: engine-wide, every team's jobs are in the lanes' figures.
builder.queryField('laneHistory', (t) =>
  t.field({
    type: LaneHistoryRef,
    args: { range: t.arg({ type: HistoryRangeEnum, required: true }) },
    resolve: (_, { range }, ctx) => {
      need(ctx, 'admin', 'the lanes’ history');
      return ctx.engine.laneHistory(range);
    },
  }),
);

const BatchThroughputRef = builder.objectRef<{ widthMs: number; points: { at: number; completed: number }[] }>('BatchThroughput').implement({
  description:
    'A batch’s throughput over its run, read from its jobs’ finish times, so a finished batch keeps its chart. Cancelled jobs are left out.',
  fields: (t) => ({
    widthMs: t.exposeInt('widthMs', { description: 'Width of each point: a second or more, so that a run has at most about 120 points.' }),
    points: t.field({ type: [ThroughputBucketRef], description: 'Jobs finished in each slot, from the first start on.', resolve: (s) => s.points }),
  }),
});

builder.objectField(BatchRef, 'throughputSeries', (t) =>
  t.field({ type: BatchThroughputRef, resolve: (b, _, ctx) => ctx.engine.batchThroughput(b) }),
);
