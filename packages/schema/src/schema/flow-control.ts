/**
 * Flow control (README "Flow control"): what a batch shows of it (priority, paused, concurrency, rate limit), the
 * rate-limit input of a submission, and the mutations that pause, resume and re-tune running work. The engine's lanes
 * do the work (scheduler/lane.ts, fair-share.ts, rate-limit.ts); this file only maps it to the wire.
 */
import { PRIORITY_RANGE, type BatchRecord, type LaneState, type RateLimit } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { need, ownBatch } from './access.ts';
import { InvalidInputErrorRef } from './errors.ts';
import { BatchRef } from './refs.ts';

const RateLimitRef = builder.objectRef<RateLimit>('RateLimit').implement({
  description: 'At most `jobs` job starts in any window of `perMs` milliseconds (a sliding window).',
  fields: (t) => ({ jobs: t.exposeInt('jobs'), perMs: t.exposeInt('perMs') }),
});

export const RateLimitInput = builder.inputType('RateLimitInput', {
  description: 'At most `jobs` job starts (1–10,000) in any window of `perMs` milliseconds (1–3,600,000): polite to the services called.',
  fields: (t) => ({ jobs: t.int({ required: true }), perMs: t.int({ required: true }) }),
});

export const PRIORITY_DESCRIPTION = `Order among your team's batches on a lane, higher first (${PRIORITY_RANGE.min} to ${PRIORITY_RANGE.max}, default 0). Never takes slots from other teams: each lane shares its slots between teams first.`;

builder.objectFields(BatchRef, (t) => ({
  priority: t.exposeInt('priority', { description: PRIORITY_DESCRIPTION }),
  paused: t.exposeBoolean('paused', {
    description:
      'Paused by pauseBatch: no new job starts until resumeBatch; running ones finish. Orthogonal to status (a finished batch is never paused).',
  }),
  concurrency: t.int({
    description: 'How many of its jobs may run at once where new jobs start: the route’s, or the one set by setBatchConcurrency.',
    resolve: (b) => b.concurrency ?? b.route.phases[0]?.concurrency ?? b.route.concurrency,
  }),
  rateLimit: t.field({ type: RateLimitRef, nullable: true, resolve: (b) => b.rateLimit }),
}));

const SetBatchConcurrencySuccessRef = builder
  .objectRef<{ kind: 'SUCCESS'; batch: BatchRecord }>('SetBatchConcurrencySuccess')
  .implement({ fields: (t) => ({ batch: t.field({ type: BatchRef, resolve: (s) => s.batch }) }) });

const SetBatchConcurrencyResult = builder.unionType('SetBatchConcurrencyResult', {
  types: [SetBatchConcurrencySuccessRef, InvalidInputErrorRef],
  resolveType: (value) => (value.kind === 'SUCCESS' ? SetBatchConcurrencySuccessRef : InvalidInputErrorRef),
});

const LaneStateRef = builder.objectRef<LaneState>('LaneState').implement({
  description: 'Whether a lane hands out slots: an admin may pause it (no new job starts on it, for every team).',
  fields: (t) => ({ lane: t.exposeString('lane'), paused: t.exposeBoolean('paused') }),
});

builder.mutationFields((t) => ({
  pauseBatch: t.field({
    type: BatchRef,
    nullable: true,
    description: 'No new job of the batch starts (running ones finish) until resumeBatch; kept across restarts. Null when there is no such batch.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      need(ctx, 'submitter', 'pausing a batch');
      const batch = ownBatch(ctx, id);
      return batch && ctx.engine.pauseBatch(batch.id);
    },
  }),
  resumeBatch: t.field({
    type: BatchRef,
    nullable: true,
    description: 'Lets a paused batch start jobs again. Null when there is no such batch.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      need(ctx, 'submitter', 'resuming a batch');
      const batch = ownBatch(ctx, id);
      return batch && ctx.engine.resumeBatch(batch.id);
    },
  }),
  setBatchConcurrency: t.field({
    type: SetBatchConcurrencyResult,
    nullable: true,
    description:
      'How many of the batch’s jobs may run at once, from its next hand-out (running jobs are not stopped to lower it). Validated like a strategy’s concurrency for the executor its new jobs start on. Null when there is no such batch.',
    args: { id: t.arg.id({ required: true }), concurrency: t.arg.int({ required: true }) },
    resolve: (_, { id, concurrency }, ctx) => {
      need(ctx, 'submitter', 'changing a batch’s concurrency');
      const batch = ownBatch(ctx, id);
      if (!batch) return null;
      const result = ctx.engine.setBatchConcurrency(batch.id, concurrency);
      if (!result) return null;
      return result.ok ? { kind: 'SUCCESS' as const, batch: result.batch } : result.error;
    },
  }),
  // Admins only: a lane is shared by every team.
  pauseLane: t.field({
    type: LaneStateRef,
    nullable: true,
    description:
      'Admin: no new job starts on the lane, for any team (running ones finish) until resumeLane; kept across restarts. Null for an unknown lane.',
    args: { lane: t.arg.string({ required: true }) },
    resolve: (_, { lane }, ctx) => {
      need(ctx, 'admin', 'pausing a lane');
      return ctx.engine.pauseLane(lane);
    },
  }),
  // Admins only: a lane is shared by every team.
  resumeLane: t.field({
    type: LaneStateRef,
    nullable: true,
    description: 'Admin: the lane hands out slots again. Null for an unknown lane.',
    args: { lane: t.arg.string({ required: true }) },
    resolve: (_, { lane }, ctx) => {
      need(ctx, 'admin', 'resuming a lane');
      return ctx.engine.resumeLane(lane);
    },
  }),
}));
