/**
 * The bench's GraphQL-over-WebSocket client: the same `request` / `subscribe` shape as GraphQLClient (HTTP), on one
 * persistent graphql-ws connection (`ws`, no-delay sockets). No client library beyond the protocol's own: the bench
 * should measure the server and the transport, not a client's caching.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { GraphQLRequestError, type GraphQLErrorEntry } from './graphql-client.ts';

/** Long enough that the connection stays open between one run's submissions. */
const IDLE_CLOSE_MS = 60_000;

/** `http://host:port/graphql` → `ws://host:port/graphql`. */
export function wsEndpoint(httpEndpoint: string): string {
  return httpEndpoint.replace(/^http/, 'ws');
}

export class WsGraphQLClient {
  private readonly client: Client;

  constructor(readonly endpoint: string) {
    class NoDeflateWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { perMessageDeflate: false });
      }
    }
    this.client = createClient({ url: wsEndpoint(endpoint), webSocketImpl: NoDeflateWebSocket, lazyCloseTimeout: IDLE_CLOSE_MS, retryAttempts: 0 });
  }

  /** One query or mutation; throws on GraphQL errors and on a refused or dropped connection. */
  request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      signal?.throwIfAborted();
      let result: { data?: T | null; errors?: readonly GraphQLErrorEntry[] } | undefined;
      const dispose = this.client.subscribe<T>(
        { query, variables },
        {
          next: (value) => (result = value as typeof result),
          error: (error: unknown) => reject(failure(error, query)),
          complete: () => {
            if (result?.errors?.length) return reject(failure(result.errors, query));
            if (result?.data == null) return reject(new GraphQLRequestError('graphql-ws: no data', { query }));
            resolve(result.data);
          },
        },
      );
      signal?.addEventListener('abort', () => (dispose(), reject(signal.reason)), { once: true });
    });
  }

  /** A subscription: each `next` payload's data, until the server completes it or the consumer stops. */
  async *subscribe<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): AsyncGenerator<T, void, undefined> {
    signal?.throwIfAborted();
    const iterator = this.client.iterate<T>({ query, variables });
    const onAbort = () => void iterator.throw?.(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        let next: IteratorResult<{ data?: T | null; errors?: readonly GraphQLErrorEntry[] }>;
        try {
          next = await iterator.next();
        } catch (error: unknown) {
          throw failure(error, query);
        }
        if (next.done) return;
        if (next.value.errors?.length) throw failure(next.value.errors, query);
        if (next.value.data != null) yield next.value.data;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await iterator.return?.();
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function failure(error: unknown, query: string): GraphQLRequestError {
  if (error instanceof GraphQLRequestError) return error;
  if (Array.isArray(error)) {
    const errors = error as GraphQLErrorEntry[];
    return new GraphQLRequestError(`GraphQL error: ${errors.map((e) => e.message).join('; ')}`, { errors, query });
  }
  const event = error as { code?: unknown; reason?: unknown; message?: unknown } | null;
  const reason = typeof event?.reason === 'string' ? event.reason : '';
  const message = typeof event?.message === 'string' ? event.message : String(error);
  const what = typeof event?.code === 'number' ? `closed ${event.code} ${reason}` : message;
  return new GraphQLRequestError(`graphql-ws: ${what}`, { query });
}
