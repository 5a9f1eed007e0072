import { OVERLAP_POLICIES, type ScheduleRecord } from '@switchyard/engine';
import { builder, type Context } from '../builder.ts';
import { need, ownSchedule, rowAfter } from './access.ts';
import { BatchConnectionRef } from './batch.ts';
import { connectionRef, decodeCursor, encodeCursor, FIRST_ARG_DESCRIPTION, pageSize, toConnection } from './connection.ts';
import { SubmitErrorResult } from './errors.ts';
import { BatchRef } from './refs.ts';
import { SubmitBatchInput } from './submit.ts';

const OverlapPolicyEnum = builder.enumType('OverlapPolicy', {
  values: OVERLAP_POLICIES,
  description: 'What a run does while the schedule’s previous batch is unfinished: SKIP the run (counted), ALLOW both, or CANCEL_PREVIOUS.',
});

const ScheduleRef = builder.objectRef<ScheduleRecord>('Schedule').implement({
  description:
    'A batch submitted on a cron. After a restart, runs missed while the server was down are not replayed: one run starts at once (for the latest missed time), then the cron goes on.',
  fields: (t) => ({
    id: t.id({ resolve: (s, _, ctx) => ctx.ids.encode('schedule', s.id) }),
    name: t.exposeString('name'),
    cron: t.exposeString('cron', { description: 'Five fields, or six with seconds first (croner).' }),
    timezone: t.exposeString('timezone'),
    overlap: t.field({ type: OverlapPolicyEnum, resolve: (s) => s.overlap }),
    paused: t.exposeBoolean('paused'),
    task: t.string({ resolve: (s) => s.batch.task }),
    itemCount: t.int({ description: 'Jobs in each run’s batch.', resolve: (s) => s.batch.items.length }),
    nextRunAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The next cron time it runs at; null while paused.',
      resolve: (s, _, ctx) => ctx.engine.scheduleNextRunAt(s),
    }),
    lastRunAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The cron time of the last run (started or skipped).',
      resolve: (s) => s.lastRunAt,
    }),
    skippedRuns: t.exposeInt('skippedRuns', { description: 'Runs not started because the previous batch was unfinished (SKIP).' }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    batches: t.field({
      type: BatchConnectionRef,
      description: 'The batches it started, newest run first.',
      args: { first: t.arg.int({ description: FIRST_ARG_DESCRIPTION }), after: t.arg.string() },
      resolve: (s, args, ctx) => {
        const after = decodeCursor(args.after);
        const page = ctx.engine.scheduleBatches(s.id, pageSize(args.first), after === undefined ? undefined : Number(after));
        return toConnection(page, (b) => encodeCursor(String(b.runAt?.getTime() ?? 0)));
      },
    }),
  }),
});

builder.objectField(BatchRef, 'schedule', (t) =>
  t.field({
    type: ScheduleRef,
    nullable: true,
    description: 'The schedule that started this batch, if any (null once it is deleted).',
    resolve: (b, _, ctx) => {
      const schedule = b.scheduleId ? ctx.engine.getSchedule(b.scheduleId) : null;
      return schedule && schedule.team === ctx.team ? schedule : null;
    },
  }),
);

const ScheduleConnectionRef = connectionRef('Schedule', ScheduleRef);

const CreateScheduleInput = builder.inputType('CreateScheduleInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    cron: t.string({ required: true, description: 'Five fields, or six with seconds first, e.g. "*/30 * * * * *" or "0 9 * * MON-FRI".' }),
    timezone: t.string({ description: 'IANA time zone the cron is read in. Default UTC.' }),
    batch: t.field({
      type: SubmitBatchInput,
      required: true,
      description: 'The batch each run submits, validated now as submitBatch validates it (runAt and waitMs are refused).',
    }),
    overlap: t.field({ type: OverlapPolicyEnum, description: 'Default SKIP.' }),
  }),
});

const CreateScheduleSuccessRef = builder.objectRef<{ kind: 'SUCCESS'; schedule: ScheduleRecord }>('CreateScheduleSuccess').implement({
  fields: (t) => ({ schedule: t.field({ type: ScheduleRef, resolve: (s) => s.schedule }) }),
});

const CreateScheduleResult = builder.unionType('CreateScheduleResult', {
  types: [CreateScheduleSuccessRef, ...SubmitErrorResult.members],
  resolveType: (value) => (value.kind === 'SUCCESS' ? CreateScheduleSuccessRef : SubmitErrorResult.resolve(value)),
});

builder.queryFields((t) => ({
  schedule: t.field({
    type: ScheduleRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => ownSchedule(ctx, id),
  }),
  schedules: t.field({
    type: ScheduleConnectionRef,
    description: 'The team’s schedules, newest first.',
    args: { first: t.arg.int({ description: FIRST_ARG_DESCRIPTION }), after: t.arg.string() },
    resolve: (_, args, ctx) =>
      toConnection(ctx.engine.listSchedules(ctx.team, pageSize(args.first), rowAfter(ctx, args.after)), (s) => ctx.ids.encode('cursor', s.id)),
  }),
}));

/** The schedule's row id, if the caller's team may change it: another team's reads as missing. */
function own(ctx: Context, id: string | number, what: string): string | null {
  need(ctx, 'submitter', what);
  return ownSchedule(ctx, id)?.id ?? null;
}

builder.mutationFields((t) => ({
  createSchedule: t.field({
    type: CreateScheduleResult,
    description: 'Creates a schedule: everything is validated (the batch as submitBatch would) before anything is written.',
    args: { input: t.arg({ type: CreateScheduleInput, required: true }) },
    resolve: (_, { input }, ctx) => {
      need(ctx, 'submitter', 'creating a schedule');
      const { waitMs, ...batch } = input.batch;
      if (waitMs != null) {
        const message = 'Invalid batch.waitMs: a scheduled batch has nobody waiting for it; leave waitMs out';
        return { kind: 'INVALID_INPUT' as const, field: 'batch.waitMs', issues: [{ path: ['batch', 'waitMs'], message }], message };
      }
      const result = ctx.engine.createSchedule({ ...input, batch, team: ctx.team });
      return result.ok ? { kind: 'SUCCESS' as const, schedule: result.schedule } : result.error;
    },
  }),
  pauseSchedule: t.field({
    type: ScheduleRef,
    nullable: true,
    description: 'Stops starting runs (running batches go on). Null when there is no such schedule.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const mine = own(ctx, id, 'pausing a schedule');
      return mine ? ctx.engine.pauseSchedule(mine) : null;
    },
  }),
  resumeSchedule: t.field({
    type: ScheduleRef,
    nullable: true,
    description: 'Starts runs again from the next cron time; runs due while paused are not run.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const mine = own(ctx, id, 'resuming a schedule');
      return mine ? ctx.engine.resumeSchedule(mine) : null;
    },
  }),
  deleteSchedule: t.field({
    type: 'ID',
    nullable: true,
    description: 'Deletes a schedule; the batches it started stay. Returns the id, or null when there is no such schedule.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const mine = own(ctx, id, 'deleting a schedule');
      return mine && ctx.engine.deleteSchedule(mine) ? String(id) : null;
    },
  }),
}));
