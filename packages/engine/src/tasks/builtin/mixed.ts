import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineTask } from '../define.ts';
import { guardedFetch } from '../../net/guarded-fetch.ts';
import { httpFailure } from './io.ts';

/**
 * Fetch a body (I/O phase, async lane), then hash it `iterations` times (CPU phase, worker pool).
 * The body crosses to the worker as an ArrayBuffer.
 */
export const fetchHash = defineTask({
  name: 'mixed.fetchHash',
  kind: 'mixed',
  description: 'Fetches `url`, then SHA-256 hashes the body `iterations` times; returns {bytes, sha256}.',
  input: z.object({
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), { message: 'Expected an http:// or https:// URL' }),
    iterations: z.number().int().min(1).max(10_000_000),
  }),
  timeoutMs: 60_000,
  example: { url: 'https://example.com/', iterations: 10_000 },
  io: async ({ url, iterations }, ctx) => {
    let body: ArrayBuffer;
    try {
      // Capped while reading (16 MiB by default), and every redirect hop checked against the outbound policy.
      const response = await guardedFetch({ url, signal: ctx.signal });
      body = response.body.buffer.slice(response.body.byteOffset, response.body.byteOffset + response.body.byteLength) as ArrayBuffer;
    } catch (error: unknown) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      throw httpFailure(error, url);
    }
    return { body, iterations };
  },
  cpu: ({ body, iterations }: { body: ArrayBuffer; iterations: number }) => {
    let digest = createHash('sha256').update(new Uint8Array(body)).digest();
    for (let i = 1; i < iterations; i++) digest = createHash('sha256').update(digest).digest();
    return { bytes: body.byteLength, sha256: digest.toString('hex') };
  },
});
