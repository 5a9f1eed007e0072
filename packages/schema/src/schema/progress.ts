import { builder } from '../builder.ts';
import { ownBatch } from './access.ts';
import { CountsRef } from './batch.ts';
import { notFound } from './errors.ts';
import { BatchStatusEnum } from './enums.ts';
import { abortable } from './iterate.ts';
import { BatchProgressRef, BatchRef } from './refs.ts';

/** At most this many snapshots a second per subscriber, so a 100,000-job batch does not flood the browser. */
const PROGRESS_INTERVAL_MS = 250;

BatchProgressRef.implement({
  description: 'A coalesced snapshot of a batch: sent at once, then at most 4 a second while it changes; the last has done: true.',
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    batchId: t.id({ resolve: (p, _, ctx) => ctx.ids.encode('batch', p.batch.id) }),
    status: t.field({ type: BatchStatusEnum, resolve: (p) => p.batch.status }),
    total: t.int({ resolve: (p) => p.batch.total }),
    counts: t.field({ type: CountsRef, resolve: (p) => p.batch.counts }),
    throughput: t.float({ nullable: true, resolve: (p) => p.throughput }),
    wallMs: t.float({ nullable: true, resolve: (p) => p.wallMs }),
    etaMs: t.float({ nullable: true, resolve: (p) => p.etaMs }),
    done: t.exposeBoolean('done'),
    batch: t.field({ type: BatchRef, resolve: (p) => p.batch }),
  }),
});

builder.subscriptionField('batchProgress', (t) =>
  t.field({
    type: BatchProgressRef,
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_, { id }, ctx) => {
      const batch = ownBatch(ctx, id);
      if (!batch) throw notFound('batch', id);
      return abortable((signal) => ctx.engine.watchBatch(batch.id, { intervalMs: PROGRESS_INTERVAL_MS, signal }));
    },
    resolve: (progress) => progress,
  }),
);
