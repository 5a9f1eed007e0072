'use client';

import { useState, type ReactNode } from 'react';
import { Client, Provider, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createSseClient } from 'graphql-sse';
import { connection } from './connection';
import { session } from './session';

/**
 * Same origin by default: the API server serves this static export at `/` and GraphQL at `/graphql`
 * (and `next dev` proxies /graphql). NEXT_PUBLIC_API_URL points the dashboard at another origin instead.
 */
export const GRAPHQL_URL = `${process.env.NEXT_PUBLIC_API_URL ?? ''}/graphql`;

/** Retry a broken stream soon, then every few seconds: the server is usually back within one restart. */
const RETRY_FIRST_MS = 300;
const RETRY_MAX_MS = 3_000;
/** Keep retrying for about an hour: the badge says "Reconnecting…" meanwhile. */
const RETRY_ATTEMPTS = 1_200;

function retryDelay(retries: number): Promise<void> {
  const ms = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** retries) + Math.random() * 200;
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * fetch that tells the connection store whether the server answered (any HTTP status) or could not be reached, and
 * the session store when the server refused the session (401: the key was revoked, or keys became required).
 */
const watchedFetch: typeof fetch = async (input, init) => {
  try {
    const res = await fetch(input, init);
    connection.heard();
    if (res.status === 401) session.refused();
    return res;
  } catch (error: unknown) {
    // An abort is the client's own doing (a torn-down query), not the server being gone.
    if (!(error instanceof DOMException && error.name === 'AbortError')) connection.fetchFailed();
    throw error;
  }
};

let nextSubscriptionId = 0;

function makeClient(): Client {
  // Distinct-connections mode: one SSE stream per subscription, which graphql-yoga serves at /graphql.
  // The session is an HttpOnly cookie: both transports send it because they stay on the page's own origin.
  const sse = createSseClient({
    url: GRAPHQL_URL,
    retryAttempts: RETRY_ATTEMPTS,
    retry: retryDelay,
    fetchFn: watchedFetch,
    credentials: 'same-origin',
  });
  return new Client({
    url: GRAPHQL_URL,
    fetch: watchedFetch,
    // urql sends queries as GET (short enough for a URL); the server refuses a GraphQL GET without this header (CSRF).
    fetchOptions: { credentials: 'same-origin', headers: { 'x-graphql-yoga-csrf': '1' } },
    // Queries are re-fetched explicitly when a live snapshot says something changed; no polling.
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          return {
            subscribe(sink) {
              const id = nextSubscriptionId++;
              const dispose = sse.subscribe<Record<string, unknown>, Record<string, unknown>>(
                { query: request.query ?? '', variables: request.variables, operationName: request.operationName },
                {
                  next(value) {
                    connection.heard();
                    sink.next(value);
                  },
                  error(error: unknown) {
                    connection.subscriptionGone(id);
                    sink.error(error);
                  },
                  complete() {
                    connection.subscriptionGone(id);
                    sink.complete();
                  },
                },
                {
                  connecting(reconnecting) {
                    if (reconnecting) connection.subscriptionBroken(id);
                  },
                  connected() {
                    connection.subscriptionConnected(id);
                  },
                },
              );
              return {
                unsubscribe() {
                  connection.subscriptionGone(id);
                  dispose();
                },
              };
            },
          };
        },
      }),
    ],
  });
}

/** One client per session: the gate remounts this provider (keyed by the session's epoch) on every sign-in. */
export function UrqlProvider({ children }: { children: ReactNode }) {
  // One client for the provider's lifetime: a lazy initial state is made once (useMemo is only a cache).
  const [client] = useState(makeClient);
  return <Provider value={client}>{children}</Provider>;
}
