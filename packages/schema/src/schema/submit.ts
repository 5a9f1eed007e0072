import { MAX_CHUNK_SIZE, type BatchRecord, type SubmitBatchInput as EngineSubmitInput } from '@switchyard/engine';
import { builder, type BuilderTypes, type Context } from '../builder.ts';
import { formatBytes, UPLOAD_LIMITS } from '../upload/limits.ts';
import { formatOf, invalidFile, parseItems } from '../upload/parse-items.ts';
import { ExecutorKindEnum, JobTagEnum } from './enums.ts';
import { SubmitErrorResult } from './errors.ts';
import { PRIORITY_DESCRIPTION, RateLimitInput } from './flow-control.ts';
import { BatchRef } from './refs.ts';
import { need } from './access.ts';

const SubmitBatchSuccessRef = builder
  .objectRef<{ kind: 'SUCCESS'; batch: BatchRecord; replayed?: boolean | undefined }>('SubmitBatchSuccess')
  .implement({
    fields: (t) => ({
      batch: t.field({ type: BatchRef, resolve: (s) => s.batch }),
      replayed: t.boolean({
        description: 'True when the idempotencyKey was used by this team within 24 h: `batch` is that first batch, and nothing new was written.',
        resolve: (s) => s.replayed ?? false,
      }),
    }),
  });

const SubmitBatchResult = builder.unionType('SubmitBatchResult', {
  types: [SubmitBatchSuccessRef, ...SubmitErrorResult.members],
  resolveType: (value) => (value.kind === 'SUCCESS' ? SubmitBatchSuccessRef : SubmitErrorResult.resolve(value)),
});

export const StrategyInput = builder.inputType('StrategyInput', {
  description: 'Forces an executor (and a concurrency) instead of the decision table: how strategies are compared.',
  fields: (t) => ({
    executor: t.field({ type: ExecutorKindEnum, required: true }),
    concurrency: t.int(),
    chunkSize: t.int({
      description: `Jobs per message to a worker, 1 to ${MAX_CHUNK_SIZE} (THREADS, PROCESSES, REMOTE; ASYNC and SEQUENTIAL take only 1). Default: as the decision table would, chunks of the data-batch size for a data batch, else 1 (one job per message).`,
    }),
  }),
});

/** The longest a submission may wait for its batch to finish before answering. */
export const MAX_WAIT_MS = 30_000;

/** The batch options both submission forms share (everything but where the items come from). */
const batchOptionFields = (t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>) => ({
  task: t.string({ required: true }),
  tag: t.field({ type: JobTagEnum, description: 'Defaults to the kind the task declares.' }),
  strategy: t.field({ type: StrategyInput }),
  timeoutMs: t.int({ description: 'Per-job timeout; defaults to the task’s.' }),
  maxAttempts: t.int({ description: 'Attempts per job, retries included. Default 1.' }),
  backoffMs: t.int({ description: 'Base of the exponential retry backoff (full jitter). Default 200.' }),
  name: t.string(),
  background: t.boolean({ description: 'Fire and forget: lowest-priority lane.' }),
  waitMs: t.int({
    description: `Answer only once the batch has finished, or after this many ms (at most ${MAX_WAIT_MS}), whichever is first: one round trip for short batches.`,
  }),
  isolate: t.boolean({ description: 'Run each job in a child process (crashy or leaky work): the decision table’s `isolated` rule.' }),
  runAt: t.field({
    type: 'DateTime',
    description:
      'Hold the batch until this time: it is SCHEDULED (and may be cancelled) until then, also across restarts. A time already past starts it at once; at most 366 days ahead.',
  }),
  failFast: t.boolean({
    description:
      'All or nothing (asyncio TaskGroup semantics): the first job that fails or times out, its retries spent, cancels the rest of the batch, and the batch ends FAILED. Default false.',
  }),
  idempotencyKey: t.string({
    description:
      'At most 200 characters. The same key from the same team within 24 h returns the first batch (`replayed: true`) and writes nothing; another team’s same key is its own.',
  }),
  autoReroute: t.boolean({
    description:
      'Opt in: if the jobs behave like the other kind of work (CPU tagged IO, or waits tagged CPU), the rest of the batch is rerouted once.',
  }),
  priority: t.int({ description: PRIORITY_DESCRIPTION }),
  rateLimit: t.field({ type: RateLimitInput, description: 'Start at most `jobs` jobs in any window of `perMs`, whatever the concurrency.' }),
});

export const SubmitBatchInput = builder.inputType('SubmitBatchInput', {
  fields: (t) => ({
    ...batchOptionFields(t),
    items: t.field({ type: ['JSON'], required: true, description: 'One job per item; each must match the task’s input schema.' }),
  }),
});

const ItemsFormatEnum = builder.enumType('ItemsFormat', {
  values: {
    JSONL: { description: 'One JSON item per line' },
    JSON: { description: 'A JSON array of items' },
    CSV: { description: 'A header row, then one item per row; numbers and booleans are read as such' },
  },
});

const SubmitBatchFileInput = builder.inputType('SubmitBatchFileInput', {
  fields: (t) => ({
    ...batchOptionFields(t),
    format: t.field({ type: ItemsFormatEnum, description: 'Defaults from the file name: .csv, .json, else JSON lines.' }),
  }),
});

/** The role and the rate, checked before anything is read or parsed. */
export async function admit(ctx: Context): Promise<void> {
  need(ctx, 'submitter', 'submitting work');
  await ctx.admitSubmission();
}

/** Submits through the engine (after `admit`), then waits up to waitMs for the batch to end. */
async function submit(ctx: Context, input: Omit<EngineSubmitInput, 'team'> & { waitMs?: number | null }) {
  const { waitMs, ...batch } = input;
  const result = ctx.engine.submitBatch({ ...batch, team: ctx.team });
  if (!result.ok) return result.error;
  const replayed = result.replayed ?? false;
  if (!waitMs || waitMs <= 0) return { kind: 'SUCCESS' as const, batch: result.batch, replayed };
  // Committed already; now wait (bounded) so the answer carries the results.
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    ctx.engine.waitForBatch(result.batch.id),
    new Promise<null>((resolve) => (timer = setTimeout(resolve, Math.min(waitMs, MAX_WAIT_MS), null))),
  ]);
  clearTimeout(timer);
  return { kind: 'SUCCESS' as const, batch: finished ?? ctx.engine.getBatch(result.batch.id) ?? result.batch, replayed };
}

builder.mutationField('submitBatch', (t) =>
  t.field({
    type: SubmitBatchResult,
    description: 'Validates, routes and commits a batch: all its jobs or none. Answers once the batch is durable.',
    args: { input: t.arg({ type: SubmitBatchInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      await admit(ctx);
      return submit(ctx, input);
    },
  }),
);

builder.mutationField('submitBatchFile', (t) =>
  t.field({
    type: SubmitBatchResult,
    description: `Like submitBatch, with the items in an uploaded file (multipart; JSON lines, a JSON array or CSV; at most ${formatBytes(UPLOAD_LIMITS.fileBytes)}, CSV at most ${UPLOAD_LIMITS.csvColumns} columns, rows at most ${formatBytes(UPLOAD_LIMITS.rowBytes)}, cells at most ${formatBytes(UPLOAD_LIMITS.cellBytes)}).`,
    args: { input: t.arg({ type: SubmitBatchFileInput, required: true }), file: t.arg({ type: 'File', required: true }) },
    resolve: async (_, { input, file }, ctx) => {
      await admit(ctx);
      // The server's multipart parser refuses a larger file while it streams in (FILE_TOO_LARGE); this guards a
      // server set up without it.
      if (file.size > UPLOAD_LIMITS.fileBytes) {
        return invalidFile(`The file is ${file.size} bytes; a file holds at most ${formatBytes(UPLOAD_LIMITS.fileBytes)} (the file size limit)`);
      }
      const { format, ...options } = input;
      const parsed = await parseItems(file, formatOf(file.name, format), ctx.engine.maxBatchSize);
      if (!parsed.ok) return parsed.error;
      return submit(ctx, { ...options, items: parsed.items });
    },
  }),
);
