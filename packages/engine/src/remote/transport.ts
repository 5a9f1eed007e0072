/**
 * BullMQ and ioredis, imported on first use: an API started without SWITCHYARD_REDIS_URL never loads them.
 * Every connection retries forever (`maxRetriesPerRequest: null`, as BullMQ requires of workers), so a Redis that
 * goes away for a while delays commands instead of failing them.
 */
import type { Redis as RedisClient } from 'ioredis';
import type { Logger } from 'pino';
import { coerceError } from '../errors.ts';
import { untilDeadline } from '../executors/executor.ts';

export type Bullmq = typeof import('bullmq');

export interface Transport {
  readonly bullmq: Bullmq;
  /** A new connection to `url`; its errors (Redis away) are logged, and it keeps trying. */
  readonly connect: (url: string, name: string, log: Logger) => RedisClient;
}

/** Closes connections politely, but never waits on a Redis that is away for more than `deadlineMs`. */
export async function closeConnections(clients: readonly (RedisClient | undefined)[], deadlineMs = 1_000): Promise<void> {
  const open = clients.filter((c): c is RedisClient => c !== undefined && c.status !== 'end');
  await untilDeadline(Promise.allSettled(open.map((c) => c.quit())), deadlineMs);
  for (const client of open) client.disconnect();
}

export async function loadTransport(): Promise<Transport> {
  const [bullmq, { Redis }] = await Promise.all([import('bullmq'), import('ioredis')]);
  return {
    bullmq,
    connect: (url, name, log) => {
      const client = new Redis(url, {
        connectionName: name,
        maxRetriesPerRequest: null,
        // Back off to at most 1 s between tries: a restarted Redis is found again within a second.
        retryStrategy: (times) => Math.min(50 * 2 ** times, 1_000),
      });
      let failing = false; // one line per outage, not one per retry
      client.on('error', (error: unknown) => {
        if (!failing) log.warn({ err: coerceError(error), connection: name }, 'redis connection lost; reconnecting');
        failing = true;
      });
      client.on('ready', () => {
        if (failing) log.info({ connection: name }, 'redis connection back');
        failing = false;
      });
      return client;
    },
  };
}
