import type { Principal } from '@switchyard/engine';
import type { Plugin } from 'graphql-yoga';
import { namesLoopback, OPEN_TO_LOOPBACK_ONLY } from '../edge/loopback.ts';
import type { Authenticator } from './credentials.ts';

/** Who each request acts for, set by useAuth before anything else reads the request. */
const principals = new WeakMap<Request, Principal>();

/** The principal useAuth found for this request. Throws if useAuth did not run: a wiring bug must not open the door. */
export function principalOf(request: Request): Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error('No principal for this request: useAuth must run before the API');
  return principal;
}

/** A GraphQL-shaped 401, so clients that only read `errors[0].extensions.code` see UNAUTHENTICATED. */
export function unauthenticated(message: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] },
    { status: 401, headers: { 'www-authenticate': 'Bearer realm="switchyard"', 'cache-control': 'no-store' } },
  );
}

/**
 * Paths anyone may reach: the health check, the sign-in endpoint and the dashboard's static files (the dashboard
 * asks for a key itself). Everything else, GraphQL, exports and metrics included, needs a principal.
 */
function isPublic(request: Request, pathname: string, graphqlPath: string): boolean {
  if (pathname === '/healthz' || pathname === '/auth/session') return true;
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return pathname !== graphqlPath && !pathname.startsWith('/batches/') && pathname !== '/metrics';
}

/** Open mode answers only requests that name the server by a loopback Host (DNS rebinding; see namesLoopback). */
export function openToOtherHost(): Response {
  return Response.json(
    {
      errors: [
        {
          message: OPEN_TO_LOOPBACK_ONLY,
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    },
    { status: 403, headers: { 'cache-control': 'no-store' } },
  );
}

/** Authenticates every non-public request: 401 without a valid key once auth is required. */
export function useAuth(auth: Authenticator, graphqlPath: string): Plugin {
  return {
    onRequest(payload) {
      const { request, url } = payload;
      if (isPublic(request, url.pathname, graphqlPath)) return;
      if (!auth.mode.required && !namesLoopback(request.headers.get('host') ?? undefined)) {
        payload.endResponse(openToOtherHost());
        return;
      }
      const principal = auth.principalOf(request);
      if (!principal) {
        payload.endResponse(unauthenticated('Authentication required: send Authorization: Bearer <key> (create one with `npm run keys -- create`).'));
        return;
      }
      principals.set(request, principal);
    },
  };
}
