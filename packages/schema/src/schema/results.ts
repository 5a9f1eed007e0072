import type { FinishedJobsChunk } from '@switchyard/engine';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { ownBatch } from './access.ts';
import { notFound } from './errors.ts';
import { abortable } from './iterate.ts';
import { JobRef } from './refs.ts';

/** At most this many chunks a second per subscriber, and this many jobs in one chunk. */
const CHUNK_INTERVAL_MS = 250;
const MAX_JOBS_PER_CHUNK = 500;

const FinishedJobsChunkRef = builder.objectRef<FinishedJobsChunk>('FinishedJobsChunk').implement({
  description: `Jobs that finished since the previous chunk, in the order they finished: at most ${MAX_JOBS_PER_CHUNK} per chunk and 4 chunks a second.`,
  fields: (t) => ({
    jobs: t.field({ type: [JobRef], resolve: (c) => c.jobs }),
    cursor: t.string({
      description: 'Pass as `after` to resume after the last job of this chunk.',
      resolve: (c, _, ctx) => ctx.ids.encode('cursor', c.cursor),
    }),
    done: t.exposeBoolean('done', { description: 'The batch has ended and every finished job has been delivered: the last chunk.' }),
  }),
});

builder.subscriptionField('jobsFinished', (t) =>
  t.field({
    type: FinishedJobsChunkRef,
    description:
      'Finished jobs of a batch as they finish (like as_completed), in coalesced, bounded chunks. The first chunk comes at once with the jobs ' +
      'finished so far (after the cursor); the stream ends with the chunk that has done: true. Resume with `after` set to the last cursor seen.',
    args: { batchId: t.arg.id({ required: true }), after: t.arg.string() },
    subscribe: (_, { batchId, after }, ctx) => {
      const batch = ownBatch(ctx, batchId);
      if (!batch) throw notFound('batch', String(batchId));
      // The cursor is a position in the engine-wide finishing order: opaque, like every id, so it tells nothing of other teams.
      const decoded = after ? ctx.ids.decode('cursor', after) : '0';
      const cursor = decoded === null ? Number.NaN : Number(decoded);
      if (!Number.isSafeInteger(cursor) || cursor < 0) {
        throw new GraphQLError(`Invalid after: expected a cursor from a previous chunk, got ${JSON.stringify(after)}`, {
          extensions: { code: 'BAD_USER_INPUT', field: 'after' },
        });
      }
      return abortable((signal) =>
        ctx.engine.watchFinishedJobs(batch.id, { after: cursor, intervalMs: CHUNK_INTERVAL_MS, maxJobs: MAX_JOBS_PER_CHUNK, signal }),
      );
    },
    resolve: (chunk) => chunk,
  }),
);
