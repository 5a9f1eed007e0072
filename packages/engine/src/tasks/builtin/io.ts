import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { defineTask } from '../define.ts';
import { coerceError, TaskFailedError } from '../../errors.ts';

/** Does nothing: measures the engine's own overhead per job. */
export const noop = defineTask({
  name: 'noop',
  kind: 'io',
  description: 'Does nothing and returns null: measures the per-job overhead of the engine.',
  input: z.object({}).loose(),
  timeoutMs: 10_000,
  example: {},
  run: () => null,
});

/** Waits without using the CPU: the purest I/O-bound job. */
export const sleep = defineTask({
  name: 'io.sleep',
  kind: 'io',
  description: 'Waits `ms` milliseconds (an async timer), then returns {slept}.',
  input: z.object({ ms: z.number().int().min(0).max(3_600_000) }),
  timeoutMs: 60_000,
  example: { ms: 100 },
  run: async ({ ms }, ctx) => {
    await delay(ms, undefined, { signal: ctx.signal });
    return { slept: ms };
  },
});

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'Expected an http:// or https:// URL' });

/** An uptime check over real HTTP: status, ok, and how long the response took. */
export const httpCheck = defineTask({
  name: 'http.check',
  kind: 'io',
  description: 'Requests `url` (HEAD or GET) and returns {status, ok, ms}. Fails when the host cannot be reached.',
  input: z.object({
    url: httpUrl,
    method: z.enum(['HEAD', 'GET']).default('GET'),
    timeoutMs: z.number().int().min(1).max(120_000).optional(),
  }),
  timeoutMs: 30_000,
  example: { url: 'http://127.0.0.1:4000/healthz', method: 'GET' },
  run: async ({ url, method, timeoutMs }, ctx) => {
    const signal = timeoutMs === undefined ? ctx.signal : AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
    const started = performance.now();
    try {
      const response = await fetch(url, { method, signal, redirect: 'manual' });
      // Drain the body so the connection is released; an uptime check does not need it.
      await response.arrayBuffer();
      return { status: response.status, ok: response.ok, ms: Math.round((performance.now() - started) * 100) / 100 };
    } catch (error: unknown) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      throw httpFailure(error, url);
    }
  },
});

/** Names a network failure by its system code (ECONNREFUSED, ENOTFOUND…) so failures group well. */
export function httpFailure(thrown: unknown, url: string): TaskFailedError {
  const error = coerceError(thrown);
  // fetch() wraps the system error (with its code) as `cause`; an abort by AbortSignal.timeout has none. These codes
  // are the task's own, passed through to the job error (see JobErrorCode).
  const cause = error.cause as { code?: unknown; message?: unknown } | null | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : error.name === 'TimeoutError' ? 'HTTP_TIMEOUT' : 'HTTP_ERROR';
  const detail = typeof cause?.message === 'string' ? cause.message : error.message;
  return new TaskFailedError(`${code}: ${url} could not be fetched (${detail})`, code, { cause: thrown });
}
