'use client';

import { useState, type ReactNode } from 'react';
import { Client, Provider, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createSseClient } from 'graphql-sse';

/**
 * Same origin by default: the API server serves this static export at `/` and GraphQL at `/graphql`
 * (and `next dev` proxies /graphql). NEXT_PUBLIC_API_URL points the dashboard at another origin instead.
 */
export const GRAPHQL_URL = `${process.env.NEXT_PUBLIC_API_URL ?? ''}/graphql`;

function makeClient(): Client {
  // Distinct-connections mode: one SSE stream per subscription, which graphql-yoga serves at /graphql.
  const sse = createSseClient({ url: GRAPHQL_URL, retryAttempts: 10 });
  return new Client({
    url: GRAPHQL_URL,
    // Queries are re-fetched explicitly when a live snapshot says something changed; no polling.
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          return {
            subscribe(sink) {
              const dispose = sse.subscribe({ query: request.query ?? '', variables: request.variables, operationName: request.operationName }, sink);
              return { unsubscribe: dispose };
            },
          };
        },
      }),
    ],
  });
}

export function UrqlProvider({ children }: { children: ReactNode }) {
  // One client for the provider's lifetime: a lazy initial state is made once (useMemo is only a cache).
  const [client] = useState(makeClient);
  return <Provider value={client}>{children}</Provider>;
}
