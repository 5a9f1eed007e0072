import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineTask } from '../define.ts';
import { httpFailure } from './io.ts';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

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
  example: { url: 'http://127.0.0.1:4000/healthz', iterations: 10_000 },
  io: async ({ url, iterations }, ctx) => {
    let body: ArrayBuffer;
    try {
      const response = await fetch(url, { signal: ctx.signal });
      body = await response.arrayBuffer();
    } catch (error: unknown) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      throw httpFailure(error, url);
    }
    if (body.byteLength > MAX_BODY_BYTES) throw new Error(`Body of ${body.byteLength} bytes exceeds ${MAX_BODY_BYTES}`);
    return { body, iterations };
  },
  cpu: ({ body, iterations }: { body: ArrayBuffer; iterations: number }) => {
    let digest = createHash('sha256').update(new Uint8Array(body)).digest();
    for (let i = 1; i < iterations; i++) digest = createHash('sha256').update(digest).digest();
    return { bytes: body.byteLength, sha256: digest.toString('hex') };
  },
});
