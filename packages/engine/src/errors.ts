/**
 * The engine's error vocabulary: named classes with a stable `code`, a `cause` where there is one.
 * Every `catch (e: unknown)` goes through `coerceError`.
 */

export class SwitchyardError extends Error {
  readonly code: string = 'INTERNAL';
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

/** The task threw. Keeps the task's own error as `cause` and its code if it had one. */
export class TaskFailedError extends SwitchyardError {
  override readonly code: string;
  constructor(message: string, code = 'TASK_FAILED', options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A worker thread died under a job (crash, out of memory, process.exit in a task). */
export class WorkerCrashedError extends SwitchyardError {
  override readonly code = 'WORKER_CRASHED';
}

/** The job's input failed the task's schema at run time (stored input that no longer matches). */
export class InvalidJobInputError extends SwitchyardError {
  override readonly code = 'INVALID_INPUT';
}

export class ConfigError extends SwitchyardError {
  override readonly code = 'CONFIG';
}

/** Turns anything thrown into an Error, without losing what was thrown. */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  try {
    return new Error(`Non-error thrown: ${JSON.stringify(thrown)}`, { cause: thrown });
  } catch {
    return new Error(`Non-error thrown: ${String(thrown)}`, { cause: thrown });
  }
}

/** The stable code of an error: its own `code` when it is a string, else TASK_FAILED. */
export function errorCode(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.length > 0 ? code : 'TASK_FAILED';
}
