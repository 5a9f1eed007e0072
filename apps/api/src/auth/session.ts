import type { Plugin } from 'graphql-yoga';
import { SESSION_COOKIE, type Authenticator } from './credentials.ts';
import { unauthenticated } from './plugin.ts';

/** A dashboard session lasts as long as this, or until its key is revoked (checked on every request). */
const SESSION_MAX_AGE_S = 30 * 24 * 3600;
const MAX_BODY_BYTES = 4096;

function cookie(value: string, maxAgeS: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;
}

/** HTTPS as the browser sees it: directly, or through a TLS-terminating proxy that says so. */
function isHttps(request: Request, url: URL): boolean {
  return url.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

/**
 * `/auth/session`, the dashboard's sign-in: POST `{ "key": "sy_…" }` checks the key and sets the session cookie
 * (HttpOnly, so page scripts never read it; SameSite=Strict, so no other site's page can send it); GET says who
 * the session is; DELETE signs out. POST takes only JSON, which a cross-site form cannot send without a CORS
 * preflight, so no other site can sign a browser in with a key of its own choosing.
 */
export function useSession(auth: Authenticator): Plugin {
  return {
    async onRequest(payload) {
      const { request, url } = payload;
      if (url.pathname !== '/auth/session') return;
      const noStore = { 'cache-control': 'no-store' };
      if (request.method === 'GET') {
        const principal = auth.principalOf(request);
        payload.endResponse(
          Response.json(
            principal
              ? { signedIn: true, authRequired: auth.mode.required, team: principal.team, role: principal.role, keyId: principal.keyId }
              : { signedIn: false, authRequired: auth.mode.required },
            { headers: noStore },
          ),
        );
        return;
      }
      if (request.method === 'DELETE') {
        payload.endResponse(new Response(null, { status: 204, headers: { ...noStore, 'set-cookie': cookie('', 0, isHttps(request, url)) } }));
        return;
      }
      if (request.method !== 'POST') {
        payload.endResponse(new Response('Method not allowed', { status: 405, headers: { allow: 'GET, POST, DELETE' } }));
        return;
      }
      if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
        payload.endResponse(Response.json({ error: 'Send the key as JSON: {"key":"sy_…"}' }, { status: 415, headers: noStore }));
        return;
      }
      const text = await request.text();
      let key: unknown;
      try {
        key = text.length <= MAX_BODY_BYTES ? (JSON.parse(text) as { key?: unknown }).key : undefined;
      } catch {
        key = undefined;
      }
      if (typeof key !== 'string') {
        payload.endResponse(Response.json({ error: 'Expected a JSON body {"key":"sy_…"}' }, { status: 400, headers: noStore }));
        return;
      }
      if (!auth.mode.required) {
        payload.endResponse(
          Response.json({ signedIn: true, authRequired: false, team: 'default', role: 'admin', keyId: null }, { headers: noStore }),
        );
        return;
      }
      const principal = auth.keys.verify(key);
      if (!principal) {
        payload.endResponse(unauthenticated('Unknown or revoked key'));
        return;
      }
      payload.endResponse(
        Response.json(
          { signedIn: true, authRequired: true, team: principal.team, role: principal.role, keyId: principal.keyId },
          { headers: { ...noStore, 'set-cookie': cookie(key, SESSION_MAX_AGE_S, isHttps(request, url)) } },
        ),
      );
    },
  };
}
