import { z } from 'zod';
import { defineTask } from '../define.ts';
import { coerceError, SwitchyardError, TaskFailedError } from '../../errors.ts';
import { guardedFetch } from '../../net/guarded-fetch.ts';

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
    await ctx.sleep(ms);
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
  description:
    'Requests `url` (HEAD or GET) and returns {status, ok, ms}. Fails when the host cannot be reached. Loopback, private and ' +
    'link-local destinations are refused unless SWITCHYARD_HTTP_ALLOW names them.',
  input: z.object({
    url: httpUrl,
    method: z.enum(['HEAD', 'GET']).default('GET'),
    timeoutMs: z.number().int().min(1).max(120_000).optional(),
  }),
  timeoutMs: 30_000,
  example: { url: 'https://example.com/', method: 'GET' },
  run: async ({ url, method, timeoutMs }, ctx) => {
    const started = performance.now();
    try {
      // The body is drained up to the cap and dropped: an uptime check never holds a large body in memory.
      const response = await guardedFetch({ url, method, signal: ctx.signal, timeoutMs, readBody: false, maxRedirects: 0 });
      return { status: response.status, ok: response.ok, ms: Math.round((performance.now() - started) * 100) / 100 };
    } catch (error: unknown) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      throw httpFailure(error, url);
    }
  },
});

/**
 * Names a network failure by its system code (ECONNREFUSED, ENOTFOUND…) so failures group well. The guard's own
 * refusals (DESTINATION_REFUSED, BODY_TOO_LARGE) pass through as they are.
 */
export function httpFailure(thrown: unknown, url: string): Error {
  if (thrown instanceof SwitchyardError) return thrown;
  const error = coerceError(thrown);
  // A system error carries its code itself or as `cause`; a time cap (AbortSignal.timeout) shows as a TimeoutError.
  const source = [error, error.cause].find(
    (e): e is { code: string; message?: unknown } => typeof (e as { code?: unknown } | undefined)?.code === 'string',
  );
  const timedOut = error.name === 'TimeoutError' || (error.cause as Error | undefined)?.name === 'TimeoutError';
  const code = source?.code ?? (timedOut ? 'HTTP_TIMEOUT' : 'HTTP_ERROR');
  const detail = typeof source?.message === 'string' ? source.message : error.message;
  return new TaskFailedError(`${code}: ${url} could not be fetched (${detail})`, code, { cause: thrown });
}
