import { pbkdf2Sync } from 'node:crypto';
import { z } from 'zod';
import { defineTask } from '../define.ts';

/** Password hashing: the standard CPU workload. Synchronous on purpose: it keeps its thread busy. */
export const pbkdf2 = defineTask({
  name: 'cpu.pbkdf2',
  kind: 'cpu',
  description: 'PBKDF2 key derivation (password hashing); returns {hex}.',
  input: z.object({
    password: z.string().max(1024),
    salt: z.string().max(1024),
    iterations: z.number().int().min(1).max(10_000_000),
    keylen: z.number().int().min(1).max(1024).default(32),
    digest: z.enum(['sha1', 'sha256', 'sha384', 'sha512']).default('sha256'),
  }),
  timeoutMs: 60_000,
  example: { password: 'hunter2', salt: 'NaCl', iterations: 100_000, keylen: 32, digest: 'sha256' },
  run: ({ password, salt, iterations, keylen, digest }) => ({
    hex: pbkdf2Sync(password, salt, iterations, keylen, digest).toString('hex'),
  }),
});

function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

/** Naive recursive Fibonacci: exponential time, a runaway job when n is large (n = 60 never ends). */
export const fib = defineTask({
  name: 'cpu.fib',
  kind: 'cpu',
  description: 'Recursive Fibonacci of n (exponential: n = 40 takes about a second); returns {value}.',
  input: z.object({ n: z.number().int().min(0).max(90) }),
  timeoutMs: 60_000,
  example: { n: 30 },
  run: ({ n }) => ({ value: fibonacci(n) }),
});

const PRIMES_PROGRESS_STEPS = 20;

/** Sieve of Eratosthenes; reports progress as it sieves. */
export const primes = defineTask({
  name: 'cpu.primes',
  kind: 'cpu',
  description: 'Counts the primes up to `limit` with a sieve; returns {count}.',
  input: z.object({ limit: z.number().int().min(2).max(200_000_000) }),
  timeoutMs: 60_000,
  example: { limit: 1_000_000 },
  run: ({ limit }, ctx) => {
    const composite = new Uint8Array(limit + 1);
    const root = Math.floor(Math.sqrt(limit));
    const step = Math.max(1, Math.floor(root / PRIMES_PROGRESS_STEPS));
    for (let i = 2; i <= root; i++) {
      if (i % step === 0) ctx.progress(i / root);
      if (composite[i]) continue;
      for (let j = i * i; j <= limit; j += i) composite[j] = 1;
    }
    let count = 0;
    for (let i = 2; i <= limit; i++) if (!composite[i]) count++;
    ctx.progress(1, 'sieved; counted the primes');
    ctx.log.info({ count }, 'primes counted');
    return { count };
  },
});
