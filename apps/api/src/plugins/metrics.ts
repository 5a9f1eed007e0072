import { createHash, timingSafeEqual } from 'node:crypto';
import { createPrometheusMetrics, type Engine } from '@switchyard/engine';
import type { Plugin } from 'graphql-yoga';

export const METRICS_PATH = '/metrics';

export interface MetricsOptions {
  /** When set, a scrape must send `Authorization: Bearer <token>` (SWITCHYARD_METRICS_TOKEN). */
  readonly token?: string | undefined;
  /**
   * Further access check, run when no scrape token matched: the hook for "protected like the API" (an admin API key).
   * Without a token and without it, /metrics is open, as on loopback today.
   */
  readonly authorize?: ((request: Request) => boolean | Promise<boolean>) | undefined;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests, so neither the token's length nor its content leaks through timing. */
function bearerMatches(request: Request, token: string): boolean {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match !== null && timingSafeEqual(digest(match[1]!.trim()), digest(token));
}

const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

/**
 * GET /metrics: the engine's figures in the Prometheus text format (packages/engine/src/prometheus.ts). Registered
 * by the server with the engine; `close()` stops the collector listening to the engine's events.
 */
export function useMetrics(engine: Engine, options: MetricsOptions = {}): Plugin & { close(): void } {
  const metrics = createPrometheusMetrics(engine);
  const allowed = async (request: Request): Promise<boolean> => {
    if (options.token !== undefined && bearerMatches(request, options.token)) return true;
    if (options.authorize) return options.authorize(request);
    return options.token === undefined;
  };
  return {
    close: () => metrics.close(),
    async onRequest(payload) {
      const { url, request } = payload;
      if (url.pathname !== METRICS_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        payload.endResponse(text('Method not allowed: GET /metrics\n', 405, { allow: 'GET, HEAD' }));
        return;
      }
      if (!(await allowed(request))) {
        payload.endResponse(
          text('Unauthorized: send Authorization: Bearer <SWITCHYARD_METRICS_TOKEN>\n', 401, { 'www-authenticate': 'Bearer realm="metrics"' }),
        );
        return;
      }
      const body = await metrics.metrics();
      payload.endResponse(
        new Response(request.method === 'HEAD' ? null : body, { headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' } }),
      );
    },
  };
}
