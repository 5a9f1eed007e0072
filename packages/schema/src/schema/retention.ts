import { formatRetention, type StorageStats } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { allows } from '@switchyard/engine';
import { need, ownBatch } from './access.ts';
import { BatchStatusEnum } from './enums.ts';
import { ErrorInterface, notFound } from './errors.ts';
import { EngineStatsRef } from './refs.ts';

// Engine-wide (the size of the whole database and its oldest batch, whatever the team): admins only.
const StorageStatsRef = builder.objectRef<StorageStats>('StorageStats').implement({
  description: 'The database: its size, its oldest batch, and the retention that bounds both (SWITCHYARD_RETENTION).',
  fields: (t) => ({
    bytes: t.exposeFloat('bytes', { description: 'Size of the SQLite file in bytes (its pages; the WAL aside).' }),
    freeBytes: t.exposeFloat('freeBytes', { description: 'Of which free pages the sweeper has not handed back yet.' }),
    oldestBatchAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the oldest batch kept was submitted.',
      resolve: (s) => s.oldestBatchAt,
    }),
    retentionMs: t.float({
      nullable: true,
      description: 'How long finished batches are kept after they end, ms; null when everything is kept.',
      resolve: (s) => (s.retentionMs > 0 ? s.retentionMs : null),
    }),
    retention: t.string({
      description: 'The same, as SWITCHYARD_RETENTION writes it (30d, 12h…; 0 keeps everything).',
      resolve: (s) => formatRetention(s.retentionMs),
    }),
  }),
});

// Admins only (see StorageStats): null for other roles.
builder.objectField(EngineStatsRef, 'storage', (t) =>
  t.field({
    type: StorageStatsRef,
    nullable: true,
    description: 'The database’s size and oldest batch (admins; null for other roles).',
    resolve: (_, __, ctx) => (allows(ctx.role, 'admin') ? ctx.engine.storage() : null),
  }),
);

const DeleteBatchSuccessRef = builder.objectRef<{ batchId: string }>('DeleteBatchSuccess').implement({
  fields: (t) => ({
    batchId: t.id({
      description: 'The batch that was deleted, with its jobs and attempts.',
      resolve: (s, _, ctx) => ctx.ids.encode('batch', s.batchId),
    }),
  }),
});

const BatchNotFinishedErrorRef = builder.objectRef<{ message: string; status: string }>('BatchNotFinishedError').implement({
  description: 'Only a finished batch (SUCCEEDED, FAILED or CANCELLED) can be deleted: cancel it first.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ status: t.field({ type: BatchStatusEnum, resolve: (e) => e.status as never }) }),
});

const DeleteBatchResultRef = builder.unionType('DeleteBatchResult', {
  types: [DeleteBatchSuccessRef, BatchNotFinishedErrorRef],
  resolveType: (value) => ('batchId' in value ? DeleteBatchSuccessRef : BatchNotFinishedErrorRef),
});

builder.mutationField('deleteBatch', (t) =>
  t.field({
    type: DeleteBatchResultRef,
    description:
      'Deletes a finished batch now, with its jobs and attempts, and hands the space back (as retention does once it expires). A running or queued batch is refused as BatchNotFinishedError; a missing one (or another team’s) is NOT_FOUND.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx) => {
      need(ctx, 'submitter', 'deleting a batch');
      const batch = ownBatch(ctx, id);
      if (!batch) throw notFound('Batch', String(id));
      const result = await ctx.engine.deleteBatch(batch.id);
      if (result.ok) return { batchId: result.batchId };
      if (result.reason === 'NOT_FOUND') throw notFound('Batch', String(id));
      return { message: `Batch ${String(id)} is ${result.status}: only a finished batch can be deleted (cancel it first)`, status: result.status };
    },
  }),
);
