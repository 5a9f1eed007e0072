import type { BatchRecord, SubmitBatchInput as EngineSubmitInput } from '@switchyard/engine';
import { builder, type BuilderTypes, type Context } from '../builder.ts';
import { formatOf, invalidFile, parseItems } from '../upload/parse-items.ts';
import { ExecutorKindEnum, JobTagEnum } from './enums.ts';
import { SubmitErrorResult } from './errors.ts';
import { BatchRef } from './refs.ts';

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
});

const SubmitBatchInput = builder.inputType('SubmitBatchInput', {
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

/** The largest items file accepted by submitBatchFile. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

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
    resolve: (_, { input }, ctx) => submit(ctx, input),
  }),
);

builder.mutationField('submitBatchFile', (t) =>
  t.field({
    type: SubmitBatchResult,
    description: `Like submitBatch, with the items in an uploaded file (multipart; JSON lines, a JSON array or CSV; at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB).`,
    args: { input: t.arg({ type: SubmitBatchFileInput, required: true }), file: t.arg({ type: 'File', required: true }) },
    resolve: async (_, { input, file }, ctx) => {
      if (file.size > MAX_UPLOAD_BYTES) {
        return invalidFile(`The file is ${file.size} bytes; the limit is ${MAX_UPLOAD_BYTES}`);
      }
      const { format, ...options } = input;
      const parsed = parseItems(await file.text(), formatOf(file.name, format));
      if (!parsed.ok) return parsed.error;
      return submit(ctx, { ...options, items: parsed.items });
    },
  }),
);
