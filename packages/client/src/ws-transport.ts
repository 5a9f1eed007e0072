/**
 * GraphQL over WebSocket (graphql-ws's protocol) on one persistent connection: a query or mutation is one message
 * out and one back, with no HTTP request per call. The socket (`ws`, Nagle's algorithm off, as ws sets it) opens on
 * the first operation, carries the key as `Authorization: Bearer` on the upgrade, and stays open between operations
 * until it has been idle for IDLE_CLOSE_MS or the client is closed. Every failure is a SwitchyardClientError of the
 * same kinds the HTTP transport uses.
 */
import { createClient, type Client, type FormattedExecutionResult as ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { SwitchyardClientError, fromGraphQLErrors, fromHttpStatus } from './errors.ts';
import type { Document } from './transport.ts';

/** How long an idle connection stays open for the next operation. */
const IDLE_CLOSE_MS = 30_000;
/** The server's refusal at connection_init (a missing, unknown or revoked key), and graphql-ws's "forbidden". */
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;

interface GraphQLErrorLike {
  readonly message: string;
  readonly extensions?: { readonly [key: string]: unknown } | undefined;
}

/** `http://host:4000/graphql` → `ws://host:4000/graphql` (https → wss). */
export function webSocketUrl(endpoint: URL): string {
  const url = new URL(endpoint);
  url.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

export class WsTransport {
  readonly url: string;
  private readonly client: Client;

  constructor(endpoint: URL, apiKey: string | undefined) {
    this.url = webSocketUrl(endpoint);
    const headers = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
    // graphql-ws constructs the socket as `new impl(url, protocol)`; this subclass adds the upgrade's headers.
    class KeyedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers, perMessageDeflate: false });
      }
    }
    this.client = createClient({
      url: this.url,
      webSocketImpl: KeyedWebSocket,
      lazy: true,
      lazyCloseTimeout: IDLE_CLOSE_MS,
      // A failure is the caller's to see (and the client's follow() resubscribes); no silent reconnect loops.
      retryAttempts: 0,
    });
  }

  /** One query or mutation; resolves with `data`, throws a SwitchyardClientError otherwise. */
  execute<TResult, TVariables>(document: Document<TResult, TVariables>, variables?: TVariables): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      let result: ExecutionResult<TResult, unknown> | undefined;
      this.client.subscribe<TResult>(
        { query: document.toString(), variables: variables ?? {} },
        {
          next: (value) => (result = value),
          error: (error: unknown) => reject(fromWsFailure(error)),
          complete: () => {
            if (result?.errors?.length) return reject(fromGraphQLErrors(result.errors));
            if (result?.data == null) return reject(new SwitchyardClientError('PROTOCOL', 'The server answered without data'));
            resolve(result.data);
          },
        },
      );
    });
  }

  /**
   * A subscription's results, failures thrown as SwitchyardClientErrors. graphql-ws's own iterator underneath, so
   * `throw(reason)` ends a pending `next()` at once (an abort) and `return()` completes the operation on the server.
   */
  iterate<TResult>(payload: { query: string; variables?: Record<string, unknown> }): AsyncIterableIterator<ExecutionResult<TResult, unknown>> {
    const inner = this.client.iterate<TResult>(payload);
    const done = { done: true as const, value: undefined };
    const iterator: AsyncIterableIterator<ExecutionResult<TResult, unknown>> = {
      next: () =>
        inner.next().catch((error: unknown) => {
          throw fromWsFailure(error);
        }),
      return: async () => (await inner.return?.()) ?? done,
      throw: async (reason?: unknown) => (await inner.throw?.(reason)) ?? done,
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Closes the connection; operations in flight fail. */
  dispose(): void {
    void this.client.dispose();
  }
}

/**
 * What graphql-ws rejects with, as a client error: the operation's GraphQL errors (an `error` message), a close
 * event (4401 when the key is refused at connection_init), or the socket's error event (the upgrade refused with an
 * HTTP status, a refused connection).
 */
export function fromWsFailure(error: unknown): SwitchyardClientError {
  if (error instanceof SwitchyardClientError) return error;
  if (Array.isArray(error)) return fromGraphQLErrors(error as GraphQLErrorLike[]);
  const event = error as { code?: unknown; reason?: unknown; message?: unknown; error?: unknown } | null;
  if (event && typeof event.code === 'number' && 'reason' in event) {
    const reason = typeof event.reason === 'string' && event.reason ? `: ${event.reason}` : '';
    if (event.code === CLOSE_UNAUTHORIZED)
      return new SwitchyardClientError('UNAUTHENTICATED', `The server refused the API key (WebSocket close ${event.code}${reason})`, {
        code: 'UNAUTHENTICATED',
      });
    if (event.code === CLOSE_FORBIDDEN)
      return new SwitchyardClientError('FORBIDDEN', `The server refused the connection (WebSocket close ${event.code}${reason})`);
    return new SwitchyardClientError('UNREACHABLE', `The WebSocket connection closed (${event.code}${reason})`);
  }
  const message = event && typeof event.message === 'string' ? event.message : String(error);
  // ws's words when the upgrade is answered with an HTTP status instead of 101.
  const refused = /Unexpected server response: (\d{3})/.exec(message);
  if (refused) return fromHttpStatus(Number(refused[1]), '');
  return new SwitchyardClientError('UNREACHABLE', `Cannot reach the Switchyard server over WebSocket: ${message}`, { cause: event?.error ?? error });
}
