/**
 * BullMQ and ioredis, imported on first use: an API started without SWITCHYARD_REDIS_URL never loads them.
 * Every connection retries forever (`maxRetriesPerRequest: null`, as BullMQ requires of workers), so a Redis that
 * goes away for a while delays commands instead of failing them.
 */
import type { Redis as RedisClient } from 'ioredis';

export type Bullmq = typeof import('bullmq');

export interface Transport {
  readonly bullmq: Bullmq;
  /** A new connection to `url`. */
  connect(url: string, name: string): RedisClient;
}

export async function loadTransport(): Promise<Transport> {
  const [bullmq, { Redis }] = await Promise.all([import('bullmq'), import('ioredis')]);
  return {
    bullmq,
    connect: (url, name) =>
      new Redis(url, {
        connectionName: name,
        maxRetriesPerRequest: null,
        // Back off to at most 1 s between tries: a restarted Redis is found again within a second.
        retryStrategy: (times) => Math.min(50 * 2 ** times, 1_000),
      }),
  };
}
