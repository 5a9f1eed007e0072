/**
 * The GraphQL side of the engine's error vocabulary (packages/engine/src/errors.ts), written once: each expected
 * failure of a submission (`kind`) is one object type implementing `Error`, returned as data in the result unions;
 * an engine error a client is meant to see while a field throws (NOT_FOUND) becomes a GraphQLError whose
 * `extensions.code` is the error's code. Anything else thrown stays unexpected and is masked by yoga.
 */
import type { ItemIssue, RowIssue, SubmissionFailure, SwitchyardError, ValidationIssue } from '@switchyard/engine';
import { NotFoundError } from '@switchyard/engine';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';

/** Every expected failure implements Error; unexpected ones are masked by yoga. */
export const ErrorInterface = builder.interfaceRef<{ message: string }>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

const ValidationIssueRef = builder.objectRef<ValidationIssue>('ValidationIssue').implement({
  fields: (t) => ({ path: t.exposeStringList('path'), message: t.exposeString('message') }),
});

const ItemErrorRef = builder.objectRef<ItemIssue>('ItemError').implement({
  description: 'A submitted item that does not match the task’s input schema: its index, the path inside it, and why.',
  fields: (t) => ({ index: t.exposeInt('index'), path: t.exposeStringList('path'), message: t.exposeString('message') }),
});

const RowErrorRef = builder.objectRef<RowIssue>('RowError').implement({
  fields: (t) => ({ row: t.exposeInt('row'), message: t.exposeString('message') }),
});

type Failure<K extends SubmissionFailure['kind']> = Extract<SubmissionFailure, { kind: K }>;

const UnknownTaskErrorRef = builder.objectRef<Failure<'UNKNOWN_TASK'>>('UnknownTaskError').implement({
  interfaces: [ErrorInterface],
  fields: (t) => ({ task: t.exposeString('task') }),
});

export const InvalidInputErrorRef = builder.objectRef<Failure<'INVALID_INPUT'>>('InvalidInputError').implement({
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

const InvalidFileErrorRef = builder.objectRef<Failure<'INVALID_FILE'>>('InvalidFileError').implement({
  description: 'An uploaded items file that could not be read: too large, or malformed rows (with their row numbers).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ rows: t.field({ type: [RowErrorRef], resolve: (e) => e.rows }) }),
});

const QuotaExceededErrorRef = builder.objectRef<Failure<'QUOTA_EXCEEDED'>>('QuotaExceededError').implement({
  description: 'Over one of the team’s quotas (`quota` names it, `limit` is its value). Nothing was written; try again after retryAfterMs.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ quota: t.exposeString('quota'), limit: t.exposeInt('limit'), retryAfterMs: t.exposeInt('retryAfterMs') }),
});

const QueueFullErrorRef = builder.objectRef<Failure<'QUEUE_FULL'>>('QueueFullError').implement({
  description: 'The server is overloaded (too many queued jobs overall, or its event loop lags). Nothing was written; try again after retryAfterMs.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterMs: t.exposeInt('retryAfterMs') }),
});

/** Each expected failure's GraphQL type, by its code: adding a kind without a type does not compile. */
const FAILURE_TYPES = {
  UNKNOWN_TASK: UnknownTaskErrorRef,
  INVALID_INPUT: InvalidInputErrorRef,
  INVALID_ITEMS: InvalidItemsErrorRef,
  TOO_MANY_ITEMS: TooManyItemsErrorRef,
  INVALID_FILE: InvalidFileErrorRef,
  QUOTA_EXCEEDED: QuotaExceededErrorRef,
  QUEUE_FULL: QueueFullErrorRef,
} as const satisfies { [K in SubmissionFailure['kind']]: unknown };

/** The expected failures of a submission, shared by every mutation that submits work. */
export const SubmitErrorResult = {
  members: [
    UnknownTaskErrorRef,
    InvalidInputErrorRef,
    InvalidItemsErrorRef,
    TooManyItemsErrorRef,
    InvalidFileErrorRef,
    QuotaExceededErrorRef,
    QueueFullErrorRef,
  ] as const,
  resolve(value: SubmissionFailure) {
    return FAILURE_TYPES[value.kind];
  },
};

/** An engine error a client should see as it is, with its code in `extensions.code` (not masked). */
export function toGraphQLError(error: SwitchyardError): GraphQLError {
  // No `originalError`: yoga masks a GraphQLError that wraps a non-GraphQL error.
  return new GraphQLError(error.message, { extensions: { code: error.code } });
}

/** The error for an entity that does not exist or that the caller's team may not see. */
export function notFound(entity: string, id: string | number): GraphQLError {
  return toGraphQLError(new NotFoundError(entity, String(id)));
}
