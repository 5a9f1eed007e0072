import type { BatchRecord, ItemIssue, SubmitError, ValidationIssue } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { ExecutorKindEnum, JobTagEnum } from './enums.ts';
import { BatchRef } from './refs.ts';

/** Every expected failure implements Error; unexpected ones are masked by yoga. */
const ErrorInterface = builder.interfaceRef<{ message: string }>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

const ValidationIssueRef = builder.objectRef<ValidationIssue>('ValidationIssue').implement({
  fields: (t) => ({ path: t.exposeStringList('path'), message: t.exposeString('message') }),
});

const ItemErrorRef = builder.objectRef<ItemIssue>('ItemError').implement({
  description: 'A submitted item that does not match the task’s input schema: its index, the path inside it, and why.',
  fields: (t) => ({ index: t.exposeInt('index'), path: t.exposeStringList('path'), message: t.exposeString('message') }),
});

type Failure<K extends SubmitError['kind']> = Extract<SubmitError, { kind: K }>;

const UnknownTaskErrorRef = builder.objectRef<Failure<'UNKNOWN_TASK'>>('UnknownTaskError').implement({
  interfaces: [ErrorInterface],
  fields: (t) => ({ task: t.exposeString('task') }),
});

const InvalidInputErrorRef = builder.objectRef<Failure<'INVALID_INPUT'>>('InvalidInputError').implement({
  description: 'A batch-level field is invalid (timeoutMs, maxAttempts, items, strategy…); `field` names it.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.exposeString('field'), issues: t.field({ type: [ValidationIssueRef], resolve: (e) => e.issues }) }),
});

const InvalidItemsErrorRef = builder.objectRef<Failure<'INVALID_ITEMS'>>('InvalidItemsError').implement({
  description: 'Items that fail the task’s input schema (the first 20 issues).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ items: t.field({ type: [ItemErrorRef], resolve: (e) => e.items }) }),
});

const TooManyItemsErrorRef = builder.objectRef<Failure<'TOO_MANY_ITEMS'>>('TooManyItemsError').implement({
  interfaces: [ErrorInterface],
  fields: (t) => ({ max: t.exposeInt('max'), got: t.exposeInt('got') }),
});

const SubmitBatchSuccessRef = builder.objectRef<{ kind: 'SUCCESS'; batch: BatchRecord }>('SubmitBatchSuccess').implement({
  fields: (t) => ({ batch: t.field({ type: BatchRef, resolve: (s) => s.batch }) }),
});

const SubmitBatchResult = builder.unionType('SubmitBatchResult', {
  types: [SubmitBatchSuccessRef, UnknownTaskErrorRef, InvalidInputErrorRef, InvalidItemsErrorRef, TooManyItemsErrorRef],
  resolveType: (value) => {
    switch (value.kind) {
      case 'SUCCESS':
        return SubmitBatchSuccessRef;
      case 'UNKNOWN_TASK':
        return UnknownTaskErrorRef;
      case 'INVALID_INPUT':
        return InvalidInputErrorRef;
      case 'INVALID_ITEMS':
        return InvalidItemsErrorRef;
      case 'TOO_MANY_ITEMS':
        return TooManyItemsErrorRef;
    }
  },
});

const StrategyInput = builder.inputType('StrategyInput', {
  description: 'Forces an executor (and a concurrency) instead of the decision table: how strategies are compared.',
  fields: (t) => ({
    executor: t.field({ type: ExecutorKindEnum, required: true }),
    concurrency: t.int(),
  }),
});

const SubmitBatchInput = builder.inputType('SubmitBatchInput', {
  fields: (t) => ({
    task: t.string({ required: true }),
    tag: t.field({ type: JobTagEnum, description: 'Defaults to the kind the task declares.' }),
    items: t.field({ type: ['JSON'], required: true, description: 'One job per item; each must match the task’s input schema.' }),
    strategy: t.field({ type: StrategyInput }),
    timeoutMs: t.int({ description: 'Per-job timeout; defaults to the task’s.' }),
    maxAttempts: t.int({ description: 'Attempts per job, retries included. Default 1.' }),
    backoffMs: t.int({ description: 'Base of the exponential retry backoff (full jitter). Default 200.' }),
    name: t.string(),
    background: t.boolean({ description: 'Fire and forget: lowest-priority lane.' }),
  }),
});

builder.mutationField('submitBatch', (t) =>
  t.field({
    type: SubmitBatchResult,
    description: 'Validates, routes and commits a batch: all its jobs or none. Answers once the batch is durable.',
    args: { input: t.arg({ type: SubmitBatchInput, required: true }) },
    resolve: (_, { input }, ctx) => {
      const result = ctx.engine.submitBatch({ ...input, items: input.items, team: ctx.team });
      return result.ok ? { kind: 'SUCCESS' as const, batch: result.batch } : result.error;
    },
  }),
);
