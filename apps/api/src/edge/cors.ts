/**
 * CORS: same-origin by default. A page served by this server (the dashboard) needs no CORS at all; a page of another
 * origin may call the API only if that exact origin is on the allowlist (`SWITCHYARD_CORS_ORIGINS`). An origin not on
 * it gets no CORS headers (so the browser withholds the answer), and never an `Access-Control-Allow-Origin` that
 * echoes it: yoga's default reflects any origin with credentials, which would let every site act for a signed-in user.
 */
import { ConfigError } from '@switchyard/engine';
import type { YogaServerOptions } from 'graphql-yoga';
import { CSRF_HEADERS } from './csrf.ts';

type CorsOption = NonNullable<YogaServerOptions<Record<string, never>, Record<string, never>>['cors']>;

const PREFLIGHT_MAX_AGE_S = 600;

/** The yoga `cors` option for an allowlist of origins (`https://app.example.com`, no path). */
export function corsPolicy(allowedOrigins: readonly string[]): CorsOption {
  const allowed = new Set(allowedOrigins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      // One origin, the request's own and on the list: yoga then answers with exactly it (the `Vary: Origin` that
      // keeps caches from mixing answers is set by the security headers).
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'accept', ...CSRF_HEADERS],
      maxAge: PREFLIGHT_MAX_AGE_S,
    };
  };
}

/** Parses `SWITCHYARD_CORS_ORIGINS` (comma-separated origins), refusing anything that is not a bare origin. */
export function parseCorsOrigins(value: string | undefined, variable = 'SWITCHYARD_CORS_ORIGINS'): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    const origin = url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : undefined;
    // `*` or a URL with a path would widen or blur the list: an origin is scheme, host and port, nothing else.
    if (!origin || entry.replace(/\/$/, '').toLowerCase() !== origin) {
      throw new ConfigError(
        `Invalid configuration:\n  ${variable}: "${entry}" is not an origin (scheme://host[:port], e.g. https://app.example.com)`,
      );
    }
    return origin;
  });
}
