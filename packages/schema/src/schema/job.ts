import { redactStack, type JobAttemptRecord, type JobErrorInfo, type LogLine } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { need, ownJob } from './access.ts';
import { ExecutorKindEnum, JobStatusEnum } from './enums.ts';
import { BatchRef, JobRef } from './refs.ts';

const JobErrorRef = builder.objectRef<JobErrorInfo>('JobError').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    // Redacted when shown, not when stored: the database (and the server's log) keep the full paths for operators, and
    // stacks recorded before redaction existed are covered too.
    stack: t.string({ nullable: true, resolve: (e) => (e.stack ? redactStack(e.stack) : null) }),
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

const JobLogLineRef = builder.objectRef<LogLine>('JobLogLine').implement({
  description: 'A line the task wrote with `ctx.log` (or a `progress` message it passed to `ctx.progress`).',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (l) => new Date(l.at) }),
    level: t.exposeString('level', { description: 'debug, info, warn, error, or progress.' }),
    message: t.exposeString('message'),
  }),
});

JobRef.implement({
  description: 'One item of a batch and what became of it.',
  fields: (t) => ({
    id: t.id({ resolve: (j, _, ctx) => ctx.ids.encode('job', j.id) }),
    batchId: t.id({ resolve: (j, _, ctx) => ctx.ids.encode('batch', j.batchId) }),
    index: t.exposeInt('index'),
    status: t.field({ type: JobStatusEnum, resolve: (j) => j.status }),
    input: t.field({ type: 'JSON', resolve: (j) => j.input }),
    result: t.field({ type: 'JSON', nullable: true, resolve: (j) => j.result }),
    error: t.field({ type: JobErrorRef, nullable: true, resolve: (j) => j.error }),
    attempts: t.exposeInt('attempts', {
      description: 'Every attempt made, across retries by hand (retryFailed, retryJob): as many as `history` has once it started.',
    }),
    attemptsInBudget: t.int({
      description:
        'Attempts made in the current budget: a retry by hand starts a fresh budget of `maxAttempts`, so this is never above `maxAttempts` (`attempts` counts them all).',
      resolve: (j) => j.attempts - j.attemptBase,
    }),
    maxAttempts: t.int({
      description: 'Attempts each budget allows (the batch’s maxAttempts, retries included).',
      resolve: (j, _, ctx) => ctx.engine.getBatch(j.batchId)?.maxAttempts ?? 1,
    }),
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
    progressMessage: t.string({
      nullable: true,
      description: 'The last message the task passed to `ctx.progress(fraction, message)`: live while it runs, kept after.',
      resolve: (j, _, ctx) => ctx.engine.jobProgressMessage(j),
    }),
    logs: t.field({
      type: [JobLogLineRef],
      description: 'What the task’s `ctx.log` said, every attempt, oldest first: the last 200 lines or 64 KiB (see logsDropped).',
      resolve: (j, _, ctx) => [...ctx.engine.jobLogs(j).lines],
    }),
    logsDropped: t.int({ description: 'Log lines dropped to keep the log bounded.', resolve: (j) => j.logsDropped }),
    history: t.field({ type: [JobAttemptRef], description: 'Every attempt, oldest first.', resolve: (j, _, ctx) => ctx.engine.jobHistory(j) }),
    batch: t.field({ type: BatchRef, resolve: (j, _, ctx) => ctx.engine.getBatch(j.batchId)! }),
  }),
});

builder.queryField('job', (t) =>
  t.field({
    type: JobRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => ownJob(ctx, id),
  }),
);

builder.mutationField('retryJob', (t) =>
  t.field({
    type: JobRef,
    nullable: true,
    description:
      'Runs one failed, timed-out or cancelled job again with a fresh attempt budget (its history kept); its batch runs again. A job in another state comes back as it is. Null when there is no such job.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      need(ctx, 'submitter', 'retrying a job');
      const job = ownJob(ctx, id);
      return job && ctx.engine.retryJob(job.id);
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
      need(ctx, 'submitter', 'cancelling a job');
      const job = ownJob(ctx, id);
      return job && ctx.engine.cancelJob(job.id);
    },
  }),
);
