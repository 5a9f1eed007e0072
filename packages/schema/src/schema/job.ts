import type { JobAttemptRecord, JobErrorInfo } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { visible } from './batch.ts';
import { ExecutorKindEnum, JobStatusEnum } from './enums.ts';
import { BatchRef, JobRef } from './refs.ts';

const JobErrorRef = builder.objectRef<JobErrorInfo>('JobError').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    stack: t.string({ nullable: true, resolve: (e) => e.stack ?? null }),
  }),
});

const ms = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null);

const JobAttemptRef = builder.objectRef<JobAttemptRecord>('JobAttempt').implement({
  fields: (t) => ({
    attempt: t.exposeInt('attempt'),
    status: t.field({ type: JobStatusEnum, resolve: (a) => a.status }),
    executor: t.field({ type: ExecutorKindEnum, resolve: (a) => a.executor }),
    queuedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.queuedAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.finishedAt }),
    waitMs: t.float({ nullable: true, resolve: (a) => ms(a.queuedAt, a.startedAt) }),
    runMs: t.float({ nullable: true, resolve: (a) => ms(a.startedAt, a.finishedAt) }),
    error: t.field({ type: JobErrorRef, nullable: true, resolve: (a) => a.error }),
    worker: t.string({ nullable: true, description: 'The remote worker (`host:pid`) that ran it; REMOTE only.', resolve: (a) => a.worker }),
  }),
});

JobRef.implement({
  description: 'One item of a batch and what became of it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    batchId: t.exposeID('batchId'),
    index: t.exposeInt('index'),
    status: t.field({ type: JobStatusEnum, resolve: (j) => j.status }),
    input: t.field({ type: 'JSON', resolve: (j) => j.input }),
    result: t.field({ type: 'JSON', nullable: true, resolve: (j) => j.result }),
    error: t.field({ type: JobErrorRef, nullable: true, resolve: (j) => j.error }),
    attempts: t.exposeInt('attempts'),
    maxAttempts: t.int({ resolve: (j, _, ctx) => ctx.engine.getBatch(j.batchId)?.maxAttempts ?? 1 }),
    executor: t.field({ type: ExecutorKindEnum, nullable: true, resolve: (j) => j.executor }),
    worker: t.string({
      nullable: true,
      description: 'The remote worker running or that ran the last attempt; REMOTE only.',
      resolve: (j) => j.worker,
    }),
    queuedAt: t.field({ type: 'DateTime', resolve: (j) => j.queuedAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.finishedAt }),
    waitMs: t.float({ nullable: true, description: 'Queued to started, last attempt.', resolve: (j) => ms(j.queuedAt, j.startedAt) }),
    runMs: t.float({ nullable: true, description: 'Started to finished, last attempt.', resolve: (j) => ms(j.startedAt, j.finishedAt) }),
    progress: t.float({ nullable: true, resolve: (j, _, ctx) => ctx.engine.jobProgress(j) }),
    history: t.field({ type: [JobAttemptRef], description: 'Every attempt, oldest first.', resolve: (j, _, ctx) => ctx.engine.jobHistory(j) }),
    batch: t.field({ type: BatchRef, resolve: (j, _, ctx) => ctx.engine.getBatch(j.batchId)! }),
  }),
});

builder.queryField('job', (t) =>
  t.field({
    type: JobRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const job = ctx.engine.getJob(String(id));
      return job && visible(ctx.engine.getBatch(job.batchId), ctx.team) ? job : null;
    },
  }),
);

builder.mutationField('cancelJob', (t) =>
  t.field({
    type: JobRef,
    nullable: true,
    description: 'Cancels one queued or running job. Null when there is no such job.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const job = ctx.engine.getJob(String(id));
      return job && visible(ctx.engine.getBatch(job.batchId), ctx.team) ? ctx.engine.cancelJob(String(id)) : null;
    },
  }),
);
