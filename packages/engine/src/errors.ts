/**
 * The engine's error vocabulary, in one file: the closed set of codes the engine itself gives, the named classes
 * that carry them (each with a `cause` where there is one), the expected failures of a submission (returned as data,
 * never thrown), and the one way anything thrown becomes a job's error: every `catch (e: unknown)` goes through
 * `coerceError`, and every job error is written by `toErrorInfo`.
 *
 * Invariant: the set is closed for the engine, open for tasks. A code the engine gives is always an `ErrorCode`;
 * a task may throw its own code (Node's `ECONNREFUSED` from http.check, a user task's `FLAKY`), and that code passes
 * through to the job error unchanged, so failures group by what really went wrong. `JobErrorCode` says so in the type.
 */
import type { JobErrorInfo } from './types.ts';

/** Every code the engine itself gives: job errors, submission failures and lookups. */
export const ERROR_CODES = [
  /** The task threw without a code of its own (or threw something that is not an Error). */
  'TASK_FAILED',
  /** The attempt ran past its deadline. */
  'TIMEOUT',
  /** Cancelled by a user (job, batch) or by the engine. */
  'CANCELLED',
  /** The engine is shutting down: the attempt is abandoned, the job goes back to the queue. */
  'ENGINE_CLOSING',
  /** Written by crash recovery on an attempt that was running when the server stopped. */
  'INTERRUPTED',
  /** The worker thread or child process died under the job. */
  'WORKER_CRASHED',
  /** A task name that is not registered (on submission, or in a worker that did not load it). */
  'UNKNOWN_TASK',
  /** A batch-level option of a submission is invalid. */
  'INVALID_INPUT',
  /** Submitted items do not match the task's input schema. */
  'INVALID_ITEMS',
  /** More items than the maximum batch size. */
  'TOO_MANY_ITEMS',
  /** An uploaded items file could not be read. */
  'INVALID_FILE',
  /** No such entity (or not visible to the caller's team). */
  'NOT_FOUND',
  /** The server's configuration or a task module is unusable. */
  'CONFIG',
  /** An outbound request to a destination the policy refuses (loopback, private, link-local…; see net/). */
  'DESTINATION_REFUSED',
  /** An outbound response larger than the cap. */
  'BODY_TOO_LARGE',
  /** A team's quota (queued jobs held, submissions per second) would be exceeded. */
  'QUOTA_EXCEEDED',
  /** The server is overloaded (too many queued jobs overall, or its event loop lags): try again later. */
  'QUEUE_FULL',
] as const;

/** A code the engine gives. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The code of a job error: one of the engine's, or a code the task supplied, passed through verbatim.
 * (`string & {}` keeps editor completion for the engine's codes while admitting any string.)
 */
export type JobErrorCode = ErrorCode | (string & {});

const ENGINE_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Whether a code is one the engine gives (as opposed to one a task supplied). */
export function isErrorCode(code: string): code is ErrorCode {
  return ENGINE_CODES.has(code);
}

/** Base of the engine's errors: a stable `code` and, where there is one, the `cause`. */
export abstract class SwitchyardError extends Error {
  abstract readonly code: JobErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A job ran past its deadline. Not retried as a different error: the attempt ends TIMED_OUT. */
export class JobTimeoutError extends SwitchyardError {
  override readonly code = 'TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`Job timed out after ${timeoutMs} ms`);
  }
}

/** A job was cancelled by a user (job or batch cancel) or by engine shutdown. */
export class JobCancelledError extends SwitchyardError {
  override readonly code = 'CANCELLED';
  constructor(reason = 'Job was cancelled') {
    super(reason);
  }
}

/** The engine is closing: the attempt is abandoned and the job goes back to the queue for the next start. */
export class EngineClosingError extends SwitchyardError {
  override readonly code = 'ENGINE_CLOSING';
  constructor() {
    super('Engine is shutting down');
  }
}

/**
 * The task failed. Keeps the task's own error as `cause`, and its code if it had one: the one class whose code is
 * open (`TASK_FAILED` or a task-supplied code such as `ECONNREFUSED`). Also how a failure reported as data by a
 * worker thread or child process is rethrown on the main thread (`fromErrorInfo`).
 */
export class TaskFailedError extends SwitchyardError {
  override readonly code: JobErrorCode;
  constructor(message: string, code: JobErrorCode = 'TASK_FAILED', options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A worker thread or child process died under a job (crash, out of memory, process.exit in a task). */
export class WorkerCrashedError extends SwitchyardError {
  override readonly code = 'WORKER_CRASHED';
}

/** A task name that is not registered where the job was sent. */
export class UnknownTaskError extends SwitchyardError {
  override readonly code = 'UNKNOWN_TASK';
  constructor(
    readonly task: string,
    message = `Task ${task} is not loaded in this worker`,
  ) {
    super(message);
  }
}

/**
 * An outbound request to a destination the policy refuses. It says nothing about the destination itself (whether
 * anything listens there): it is refused before any connection is made.
 */
export class OutboundRefusedError extends SwitchyardError {
  override readonly code = 'DESTINATION_REFUSED';
  constructor(readonly host: string) {
    super(
      `Refused to connect to ${host}: loopback, private, link-local and metadata addresses are closed to tasks (allow them with SWITCHYARD_HTTP_ALLOW)`,
    );
  }
}

/** An outbound response body over the size cap; reading stopped there. */
export class ResponseTooLargeError extends SwitchyardError {
  override readonly code = 'BODY_TOO_LARGE';
  constructor(
    readonly url: string,
    readonly maxBytes: number,
  ) {
    super(`The response from ${url} is larger than ${maxBytes} bytes; reading stopped there`);
  }
}

/** No such entity, or one the caller's team may not see (the two are not told apart). */
export class NotFoundError extends SwitchyardError {
  override readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`No ${entity} ${id}`);
  }
}

/** The server's configuration or a task module is unusable: raised at start, never for a job. */
export class ConfigError extends SwitchyardError {
  override readonly code = 'CONFIG';
}

/**
 * Turns anything thrown into an Error, without losing what was thrown. An Error is returned as it is (so
 * `instanceof` and its `code` still hold); a string becomes the message; an object with a string `message` keeps
 * it and its string `code`; anything else is described, and kept as `cause`.
 */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  if (typeof thrown === 'object' && thrown !== null) {
    const { message, code } = thrown as { message?: unknown; code?: unknown };
    if (typeof message === 'string') {
      const error = new Error(message, { cause: thrown });
      if (typeof code === 'string' && code.length > 0) Object.assign(error, { code });
      return error;
    }
  }
  return new Error(`Non-error thrown: ${describe(thrown)}`, { cause: thrown });
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Circular or a BigInt: JSON cannot say it.
    return String(value);
  }
}

/** The code of what was thrown: its own non-empty string `code` (an engine's or a task's), else TASK_FAILED. */
export function codeOf(thrown: unknown): JobErrorCode {
  const code = (coerceError(thrown) as { code?: unknown }).code;
  return typeof code === 'string' && code.length > 0 ? code : 'TASK_FAILED';
}

/**
 * The job error (the wire format on a job and its attempts, and what crosses a thread or process boundary) for
 * anything thrown. The one place it is written.
 */
export function toErrorInfo(thrown: unknown): JobErrorInfo {
  const error = coerceError(thrown);
  return { code: codeOf(error), message: error.message, stack: error.stack };
}

/** A job error reported as data (by a worker thread or child process) thrown again, with its code and stack. */
export function fromErrorInfo(info: JobErrorInfo): TaskFailedError {
  const failure = new TaskFailedError(info.message, info.code);
  if (info.stack) failure.stack = info.stack;
  return failure;
}

/** A message for a log line or a wrapping error's text, from anything thrown. */
export function messageOf(thrown: unknown): string {
  return coerceError(thrown).message;
}

// ---- Expected failures of a submission: data, not exceptions. The API maps each `kind` to a GraphQL type. ----

export interface ValidationIssue {
  readonly path: string[];
  readonly message: string;
}

export interface ItemIssue extends ValidationIssue {
  readonly index: number;
}

/** A malformed row of an uploaded file. */
export interface RowIssue {
  /** 1-based line (JSONL, CSV: the header is line 1) or array index + 1 (JSON). */
  readonly row: number;
  readonly message: string;
}

/** One expected failure of a submission: its `kind` is the engine's code for it. */
interface Failure<K extends ErrorCode> {
  readonly kind: K;
  readonly message: string;
}

export interface UnknownTaskFailure extends Failure<'UNKNOWN_TASK'> {
  readonly task: string;
}
export interface InvalidInputFailure extends Failure<'INVALID_INPUT'> {
  readonly field: string;
  readonly issues: ValidationIssue[];
}
export interface InvalidItemsFailure extends Failure<'INVALID_ITEMS'> {
  readonly items: ItemIssue[];
}
export interface TooManyItemsFailure extends Failure<'TOO_MANY_ITEMS'> {
  readonly max: number;
  readonly got: number;
}
/** An uploaded items file that could not be read (the API parses files; the engine never sees them). */
export interface InvalidFileFailure extends Failure<'INVALID_FILE'> {
  readonly rows: RowIssue[];
}

/** Over one of the team's quotas: `quota` names it, `limit` is its value. Nothing was written. */
export interface QuotaExceededFailure extends Failure<'QUOTA_EXCEEDED'> {
  readonly quota: 'queuedJobs' | 'submissionsPerSecond';
  readonly limit: number;
  readonly retryAfterMs: number;
}
/** The whole server is too busy to take more work now. Nothing was written. */
export interface QueueFullFailure extends Failure<'QUEUE_FULL'> {
  readonly retryAfterMs: number;
}

/** Why the engine refused a submission. */
export type SubmitError =
  UnknownTaskFailure | InvalidInputFailure | InvalidItemsFailure | TooManyItemsFailure | QuotaExceededFailure | QueueFullFailure;

/** Every expected failure of a submission, the engine's and the upload's. */
export type SubmissionFailure = SubmitError | InvalidFileFailure;

export { redactStack } from './redact-stack.ts';
