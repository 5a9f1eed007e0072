import { describe, expect, it } from 'vitest';
import {
  codeOf,
  coerceError,
  ConfigError,
  EngineClosingError,
  ERROR_CODES,
  fromErrorInfo,
  isErrorCode,
  JobCancelledError,
  JobTimeoutError,
  messageOf,
  NotFoundError,
  SwitchyardError,
  TaskFailedError,
  toErrorInfo,
  UnknownTaskError,
  WorkerCrashedError,
} from './errors.ts';

describe('coerceError turns anything thrown into an Error without losing it', () => {
  it('returns an Error as it is, so instanceof and its code still hold', () => {
    const timeout = new JobTimeoutError(50);
    expect(coerceError(timeout)).toBe(timeout);
    const plain = new RangeError('out of range');
    expect(coerceError(plain)).toBe(plain);
  });

  it('makes a thrown string the message', () => {
    const error = coerceError('disk on fire');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('disk on fire');
  });

  it('keeps the message and string code of an error-like object, and the object as cause', () => {
    const thrown = { message: 'no route to host', code: 'EHOSTUNREACH' };
    const error = coerceError(thrown);
    expect(error.message).toBe('no route to host');
    expect((error as { code?: unknown }).code).toBe('EHOSTUNREACH');
    expect(error.cause).toBe(thrown);
  });

  it('describes any other value and keeps it as cause', () => {
    expect(coerceError({ answer: 42 }).message).toBe('Non-error thrown: {"answer":42}');
    expect(coerceError(undefined).message).toBe('Non-error thrown: undefined');
    expect(coerceError(7).cause).toBe(7);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(coerceError(circular).message).toBe('Non-error thrown: [object Object]');
  });

  it('gives a message for anything thrown', () => {
    expect(messageOf(new Error('a'))).toBe('a');
    expect(messageOf('b')).toBe('b');
    expect(messageOf(null)).toBe('Non-error thrown: null');
  });
});

describe('toErrorInfo writes the job error for anything thrown', () => {
  it("keeps an engine error's code, message and stack", () => {
    const error = new JobTimeoutError(1_000);
    expect(toErrorInfo(error)).toEqual({ code: 'TIMEOUT', message: 'Job timed out after 1000 ms', stack: error.stack });
  });

  it('passes a task-supplied code through (system errors, user tasks)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toErrorInfo(refused)).toMatchObject({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' });
    expect(toErrorInfo(new TaskFailedError('flaky', 'FLAKY'))).toMatchObject({ code: 'FLAKY', message: 'flaky' });
    expect(toErrorInfo({ message: 'own', code: 'BROKEN' })).toMatchObject({ code: 'BROKEN', message: 'own' });
  });

  it('gives TASK_FAILED to anything without a code of its own', () => {
    expect(toErrorInfo(new Error('boom')).code).toBe('TASK_FAILED');
    expect(toErrorInfo('boom')).toMatchObject({ code: 'TASK_FAILED', message: 'boom' });
    expect(toErrorInfo(Object.assign(new Error('x'), { code: 42 })).code).toBe('TASK_FAILED');
    expect(toErrorInfo(Object.assign(new Error('x'), { code: '' })).code).toBe('TASK_FAILED');
    expect(codeOf(undefined)).toBe('TASK_FAILED');
  });

  it('round-trips through fromErrorInfo, as a failure crossing a thread boundary does', () => {
    const info = toErrorInfo(Object.assign(new Error('bad input'), { code: 'BROKEN' }));
    const rethrown = fromErrorInfo(info);
    expect(rethrown).toBeInstanceOf(TaskFailedError);
    expect(rethrown).toMatchObject({ code: 'BROKEN', message: 'bad input', stack: info.stack });
    expect(toErrorInfo(rethrown)).toEqual(info);
  });
});

describe('the engine gives codes only from its closed set', () => {
  const cause = new Error('underneath');
  const engineErrors: SwitchyardError[] = [
    new JobTimeoutError(10),
    new JobCancelledError(),
    new EngineClosingError(),
    new TaskFailedError('task failed'),
    new WorkerCrashedError('thread died', { cause }),
    new UnknownTaskError('nope.task'),
    new NotFoundError('batch', '7'),
    new ConfigError('bad config', { cause }),
  ];

  it.each(engineErrors.map((e) => [e.name, e] as const))('%s has a code from ERROR_CODES', (_, error) => {
    expect(ERROR_CODES).toContain(error.code);
    expect(isErrorCode(error.code)).toBe(true);
    expect(error).toBeInstanceOf(Error);
  });

  it('names each error after its class and keeps its cause', () => {
    const crashed = new WorkerCrashedError('thread died', { cause });
    expect(crashed.name).toBe('WorkerCrashedError');
    expect(crashed.cause).toBe(cause);
    expect(new NotFoundError('comparison', '3').message).toBe('No comparison 3');
  });

  it('does not count a task-supplied code as its own', () => {
    expect(isErrorCode('ECONNREFUSED')).toBe(false);
    expect(isErrorCode('TIMEOUT')).toBe(true);
  });

  it('lists each code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
