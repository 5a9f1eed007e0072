import {
  COUNT_KEY,
  isTerminalBatch,
  SEARCH_JOBS_LIMIT,
  TERMINAL_JOB_STATUSES,
  type Counts,
  type Diagnosis,
  type FailureGroup,
  type Route,
  type RoutePhase,
} from '@switchyard/engine';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { ownBatch, need, rowAfter } from './access.ts';
import { connectionRef, decodeCursor, encodeCursor, FIRST_ARG_DESCRIPTION, pageSize, toConnection } from './connection.ts';
import { BatchStatusEnum, ExecutorKindEnum, JobStatusEnum, JobTagEnum } from './enums.ts';
import { BatchRef, JobRef } from './refs.ts';

/** Longer searches are refused: a LIKE pattern costs with its length, and SQLite refuses very long ones. */
const MAX_SEARCH_LENGTH = 200;

export const CountsRef = builder.objectRef<Counts>('Counts').implement({
  fields: (t) => ({
    queued: t.exposeInt('queued'),
    running: t.exposeInt('running'),
    succeeded: t.exposeInt('succeeded'),
    failed: t.exposeInt('failed'),
    cancelled: t.exposeInt('cancelled'),
    timedOut: t.exposeInt('timedOut'),
    finished: t.int({
      description: 'Jobs in a final state (succeeded, failed, cancelled or timed out).',
      resolve: (c) => [...TERMINAL_JOB_STATUSES].reduce((sum, status) => sum + c[COUNT_KEY[status]], 0),
    }),
  }),
});

const RoutePhaseRef = builder.objectRef<RoutePhase>('RoutePhase').implement({
  description: 'One phase of a route. Mixed batches have an io phase then a cpu phase; others one run phase.',
  fields: (t) => ({
    phase: t.exposeString('phase'),
    executor: t.field({ type: ExecutorKindEnum, resolve: (p) => p.executor }),
    concurrency: t.exposeInt('concurrency'),
    chunkSize: t.int({ description: 'Jobs sent to a worker in one message; 1: one job per message.', resolve: (p) => p.chunkSize ?? 1 }),
  }),
});

const RouteRef = builder.objectRef<Route>('Route').implement({
  description: 'How the decision table (or a strategy override) routed the batch, and why.',
  fields: (t) => ({
    executor: t.field({ type: ExecutorKindEnum, resolve: (r) => r.executor }),
    concurrency: t.exposeInt('concurrency'),
    rule: t.exposeString('rule'),
    reason: t.exposeString('reason'),
    lane: t.exposeString('lane'),
    chunkSize: t.int({
      description: 'Jobs per message to a worker in the first phase (a data batch, or a strategy’s chunkSize); 1: one job per message.',
      resolve: (r) => r.phases[0]?.chunkSize ?? 1,
    }),
    phases: t.field({ type: [RoutePhaseRef], resolve: (r) => [...r.phases] }),
  }),
});

const DiagnosisRef = builder.objectRef<Diagnosis>('Diagnosis').implement({
  description: 'How the batch’s jobs behaved against its tag: computing on the event loop, or waiting on a worker.',
  fields: (t) => ({
    mistagged: t.exposeBoolean('mistagged'),
    suggestedTag: t.field({ type: JobTagEnum, nullable: true, resolve: (d) => d.suggestedTag }),
    verdict: t.exposeString('verdict', { nullable: true }),
    blockedMsPerJob: t.exposeFloat('blockedMsPerJob', { nullable: true, description: 'Main-thread time each job held synchronously.' }),
    workerBusyRatio: t.exposeFloat('workerBusyRatio', { nullable: true, description: 'Share of run time the worker thread was busy.' }),
    measuredJobs: t.exposeInt('measuredJobs'),
  }),
});

export const FailureGroupRef = builder.objectRef<FailureGroup>('FailureGroup').implement({
  description: 'Failed and timed-out jobs with one error code and one normalised message.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message', {
      description: 'The message with URLs, addresses, numbers, ids, hex and uuids masked, e.g. `connect ECONNREFUSED <addr>`.',
    }),
    count: t.exposeInt('count'),
    sampleJobId: t.id({ resolve: (g, _, ctx) => ctx.ids.encode('job', g.sampleJobId) }),
    examples: t.exposeStringList('examples', { description: 'Up to two distinct real messages of the group.' }),
  }),
});

const JobConnectionRef = connectionRef('Job', JobRef);

BatchRef.implement({
  description: 'A batch of jobs of one task, routed to one executor strategy.',
  fields: (t) => ({
    id: t.id({ resolve: (b, _, ctx) => ctx.ids.encode('batch', b.id) }),
    name: t.exposeString('name', { nullable: true }),
    task: t.exposeString('task'),
    tag: t.field({ type: JobTagEnum, resolve: (b) => b.tag }),
    status: t.field({ type: BatchStatusEnum, resolve: (b) => b.status }),
    done: t.boolean({
      description: 'The batch has ended: its status will not change unless it is retried.',
      resolve: (b) => isTerminalBatch(b.status),
    }),
    total: t.exposeInt('total'),
    counts: t.field({ type: CountsRef, resolve: (b) => b.counts }),
    route: t.field({ type: RouteRef, resolve: (b) => b.route }),
    createdAt: t.field({ type: 'DateTime', resolve: (b) => b.createdAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (b) => b.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (b) => b.finishedAt }),
    runAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was to start: the time a runAt submission held it until (SCHEDULED), or the cron time its schedule started it for.',
      resolve: (b) => b.runAt ?? null,
    }),
    wallMs: t.float({
      nullable: true,
      description: 'From the first job start to the end (or now), less `idleMs`: the time it sat finished before a retry reopened it.',
      resolve: (b, _, ctx) => ctx.engine.batchProgress(b).wallMs,
    }),
    idleMs: t.float({
      description: 'Time the batch sat finished before a retry reopened it; left out of wallMs and throughput.',
      resolve: (b) => b.idleMs,
    }),
    throughput: t.float({
      nullable: true,
      description:
        'Jobs done (succeeded, failed or timed out) per second of wall time: cancelled jobs are not throughput. Idle gaps before retries are left out.',
      resolve: (b, _, ctx) => ctx.engine.batchProgress(b).throughput,
    }),
    etaMs: t.float({ nullable: true, resolve: (b, _, ctx) => ctx.engine.batchProgress(b).etaMs }),
    timeoutMs: t.exposeInt('timeoutMs'),
    maxAttempts: t.exposeInt('maxAttempts'),
    background: t.exposeBoolean('background'),
    autoReroute: t.exposeBoolean('autoReroute'),
    failFast: t.exposeBoolean('failFast', { description: 'The first job that fails or times out cancels the rest; the batch then ends FAILED.' }),
    diagnosis: t.field({ type: DiagnosisRef, resolve: (b, _, ctx) => ctx.engine.diagnose(b) }),
    jobs: t.field({
      type: JobConnectionRef,
      description: 'Jobs in submission order.',
      args: { first: t.arg.int({ description: FIRST_ARG_DESCRIPTION }), after: t.arg.string(), status: t.arg({ type: JobStatusEnum }) },
      resolve: (b, args, ctx) => {
        const after = decodeCursor(args.after);
        const page = ctx.engine.listJobs(b.id, args.status ?? undefined, pageSize(args.first), after === undefined ? undefined : Number(after));
        return toConnection(page, (j) => encodeCursor(String(j.index)));
      },
    }),
    failures: t.field({
      type: [FailureGroupRef],
      description: 'Failed and timed-out jobs grouped by error code and normalised message, largest group first.',
      resolve: (b, _, ctx) => ctx.engine.failureGroups(b.id),
    }),
  }),
});

export const BatchConnectionRef = connectionRef('Batch', BatchRef);

builder.queryFields((t) => ({
  batch: t.field({
    type: BatchRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => ownBatch(ctx, id),
  }),
  batches: t.field({
    type: BatchConnectionRef,
    description: 'Batches, newest first.',
    args: {
      first: t.arg.int({ description: FIRST_ARG_DESCRIPTION }),
      after: t.arg.string(),
      status: t.arg({ type: BatchStatusEnum }),
      task: t.arg.string(),
      tag: t.arg({ type: JobTagEnum }),
      search: t.arg.string({
        description: `Matches the name, the task or the id (and, with searchJobs, the jobs). At most ${MAX_SEARCH_LENGTH} characters.`,
      }),
      searchJobs: t.arg.boolean({
        description: `Also match inside the inputs and results of each batch's first ${SEARCH_JOBS_LIMIT.toLocaleString('en')} jobs. Slower: it reads those jobs.`,
      }),
      includeComparisonRuns: t.arg.boolean({ description: 'List the warm-up and measured batches of strategy comparisons too. Default false.' }),
    },
    resolve: (_, args, ctx) => {
      if (args.search && args.search.length > MAX_SEARCH_LENGTH) {
        throw new GraphQLError(`Invalid search: expected at most ${MAX_SEARCH_LENGTH} characters, got ${args.search.length}`, {
          extensions: { code: 'BAD_USER_INPUT', field: 'search' },
        });
      }
      const page = ctx.engine.listBatches(
        {
          team: ctx.team,
          status: args.status ?? undefined,
          task: args.task ?? undefined,
          tag: args.tag ?? undefined,
          search: args.search ?? undefined,
          searchJobs: args.searchJobs ?? false,
          comparisonRuns: args.includeComparisonRuns ? 'include' : 'exclude',
        },
        pageSize(args.first),
        rowAfter(ctx, args.after),
      );
      return toConnection(page, (b) => ctx.ids.encode('cursor', b.id));
    },
  }),
}));

builder.mutationFields((t) => ({
  cancelBatch: t.field({
    type: BatchRef,
    nullable: true,
    description: 'Cancels queued jobs at once and stops running ones. Null when there is no such batch.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      need(ctx, 'submitter', 'cancelling a batch');
      const batch = ownBatch(ctx, id);
      return batch && ctx.engine.cancelBatch(batch.id);
    },
  }),
  retryFailed: t.field({
    type: BatchRef,
    nullable: true,
    description:
      'Puts the failed, timed-out and cancelled jobs of a batch back in the queue, each with a fresh attempt budget (its history kept); the batch runs again.',
    args: { batchId: t.arg.id({ required: true }) },
    resolve: (_, { batchId }, ctx) => {
      need(ctx, 'submitter', 'retrying jobs');
      const batch = ownBatch(ctx, batchId);
      return batch && ctx.engine.retryFailed(batch.id);
    },
  }),
}));
