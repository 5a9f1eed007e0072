/** Triage across batches: the failed jobs of the caller's team, their groups, and bulk retry and cancel by filter. */
import { BULK_RETRY_LIMIT, type BulkOutcome, type FailedJob, type FailedJobsFilter } from '@switchyard/engine';
import { builder, type Context } from '../builder.ts';
import { FailureGroupRef } from './batch.ts';
import { FIRST_ARG_DESCRIPTION, PageInfoRef, decodeCursor, encodeCursor, pageSize } from './connection.ts';
import { JobRef } from './refs.ts';
import { need } from './access.ts';

const FailedJobsFilterInput = builder.inputType('FailedJobsFilter', {
  description: 'Which failed and timed-out jobs: every filter is optional; all of them are the caller’s team’s.',
  fields: (t) => ({
    task: t.string(),
    code: t.string({ description: 'The error code, e.g. ECONNREFUSED, TIMEOUT, TASK_FAILED.' }),
    batchId: t.id(),
    since: t.field({ type: 'DateTime', description: 'Failed at or after.' }),
    until: t.field({ type: 'DateTime', description: 'Failed before.' }),
  }),
});

type FilterArg = { task?: string | null; code?: string | null; batchId?: string | number | null; since?: Date | null; until?: Date | null } | null;

/** No batch has this row id: an unknown or another team's batch id then matches nothing, as a missing one does. */
const NO_BATCH = '0';

/** The filter scoped to the caller's team. */
function scoped(filter: FilterArg | undefined, ctx: Context): FailedJobsFilter {
  const f = filter ?? {};
  const batchId = f.batchId == null ? undefined : (ctx.ids.decode('batch', String(f.batchId)) ?? NO_BATCH);
  return {
    team: ctx.team,
    task: f.task ?? undefined,
    code: f.code ?? undefined,
    batchId,
    since: f.since?.getTime(),
    until: f.until?.getTime(),
  };
}

/**
 * The store's cursor is `<finishedAt>:<job row id>`; the API's carries the row id opaque (like every id), so a
 * cursor tells nothing of other teams' jobs.
 */
function apiCursor(ctx: Context, cursor: string): string {
  const [finishedAt, rowId] = cursor.split(':');
  return encodeCursor(`${finishedAt}:${ctx.ids.encode('cursor', rowId!)}`);
}

function storeCursor(ctx: Context, cursor: string | null | undefined): string | undefined {
  const [finishedAt, apiId] = (decodeCursor(cursor) ?? '').split(':');
  const rowId = apiId ? ctx.ids.decode('cursor', apiId) : null;
  return finishedAt && rowId ? `${finishedAt}:${rowId}` : undefined;
}

const FailedJobEdgeRef = builder.objectRef<FailedJob & { edgeCursor: string }>('FailedJobEdge').implement({
  fields: (t) => ({
    node: t.field({ type: JobRef, resolve: (e) => e.job }),
    cursor: t.string({ resolve: (e) => e.edgeCursor }),
    task: t.exposeString('task', { description: 'The task of the job’s batch.' }),
  }),
});

interface FailedJobConnection {
  edges: Array<FailedJob & { edgeCursor: string }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const FailedJobConnectionRef = builder.objectRef<FailedJobConnection>('FailedJobConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [FailedJobEdgeRef], resolve: (c) => c.edges }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (c) => c.pageInfo }),
    totalCount: t.exposeInt('totalCount'),
  }),
});

const BulkOutcomeRef = builder.objectRef<BulkOutcome>('BulkOutcome').implement({
  description: 'What a bulk action did.',
  fields: (t) => ({
    jobs: t.exposeInt('jobs', { description: 'Jobs retried, or queued and running jobs cancelled.' }),
    batches: t.exposeInt('batches', { description: 'Batches touched.' }),
  }),
});

builder.queryFields((t) => ({
  failedJobs: t.field({
    type: FailedJobConnectionRef,
    description: 'Failed and timed-out jobs across the team’s batches, newest failure first.',
    args: { filter: t.arg({ type: FailedJobsFilterInput }), first: t.arg.int({ description: FIRST_ARG_DESCRIPTION }), after: t.arg.string() },
    resolve: (_, args, ctx) => {
      const page = ctx.engine.failedJobs(scoped(args.filter, ctx), pageSize(args.first), storeCursor(ctx, args.after));
      const edges = page.items.map((item) => ({ ...item, edgeCursor: apiCursor(ctx, item.cursor) }));
      return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.edgeCursor ?? null }, totalCount: page.totalCount };
    },
  }),
  failureGroups: t.field({
    type: [FailureGroupRef],
    description: 'The filter’s failed jobs grouped by error code and normalised message, largest group first (at most 50 groups).',
    args: { filter: t.arg({ type: FailedJobsFilterInput }) },
    resolve: (_, args, ctx) => ctx.engine.failureGroupsWhere(scoped(args.filter, ctx), 50),
  }),
}));

builder.mutationFields((t) => ({
  retryJobs: t.field({
    type: BulkOutcomeRef,
    description: `Retries the filter's failed and timed-out jobs, each with a fresh attempt budget (as retryJob): at most ${BULK_RETRY_LIMIT.toLocaleString('en')} a call, newest failures first.`,
    args: { filter: t.arg({ type: FailedJobsFilterInput, required: true }) },
    resolve: (_, args, ctx) => {
      need(ctx, 'submitter', 'retrying jobs');
      return ctx.engine.retryJobsWhere(scoped(args.filter, ctx));
    },
  }),
  cancelJobs: t.field({
    type: BulkOutcomeRef,
    description:
      'Cancels what is still to run (queued and running jobs) in the unfinished batches that have failures matching the filter: stops the batches that keep hitting a failing service.',
    args: { filter: t.arg({ type: FailedJobsFilterInput, required: true }) },
    resolve: (_, args, ctx) => {
      need(ctx, 'submitter', 'cancelling jobs');
      return ctx.engine.cancelJobsWhere(scoped(args.filter, ctx));
    },
  }),
}));
