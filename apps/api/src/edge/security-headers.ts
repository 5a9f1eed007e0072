/**
 * Headers every answer carries, whoever produced it (GraphQL, the exports, health, the dashboard): no MIME sniffing,
 * no framing, no referrer, and `Vary: Origin` since CORS headers depend on it. Answers that did not say how to cache
 * them (GraphQL results, exports, errors) are `no-store`: they hold a team's data. The dashboard's files set their own
 * caching and Content-Security-Policy (plugins/dashboard.ts).
 */
import type { Plugin } from 'graphql-yoga';

const ALWAYS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function useSecurityHeaders(): Plugin {
  return {
    onResponse({ response }) {
      const headers = response.headers;
      for (const [name, value] of Object.entries(ALWAYS)) headers.set(name, value);
      if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
      const vary = headers.get('vary');
      if (!vary) headers.set('vary', 'Origin');
      else if (!/(^|,)\s*origin\s*(,|$)/i.test(vary)) headers.set('vary', `${vary}, Origin`);
    },
  };
}
