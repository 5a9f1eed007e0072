import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { dashboardCsp } from '../edge/content-security-policy.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves the dashboard's static export at `/` (everything but the GraphQL endpoint), so one address and one
 * command give both. Paths are resolved inside `dir` only; `/batch/` serves `/batch/index.html`. Each HTML file is
 * served with its own Content-Security-Policy (edge/content-security-policy.ts); nosniff, framing and referrer
 * headers come with every answer (edge/security-headers.ts).
 */
export function useDashboard(dir: string, graphqlPath: string): Plugin {
  const root = normalize(dir);
  return {
    async onRequest(payload) {
      const { url, request } = payload;
      if (url.pathname === graphqlPath || url.pathname.startsWith(`${graphqlPath}/`)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (!existsSync(root)) {
        payload.endResponse(
          new Response('The dashboard is not built. Run `npm run build -w @switchyard/web` (npm start does it), or use /graphql.', {
            status: 404,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
        return;
      }
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        // A malformed escape such as `/%` or `/%E0%A4%A`: the client's mistake, never a 500.
        payload.endResponse(
          new Response('Bad request: malformed URL escape', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
        );
        return;
      }
      const file = resolveFile(root, pathname);
      if (!file) {
        payload.endResponse(new Response('Not found', { status: 404 }));
        return;
      }
      const body = await readFile(file);
      const immutable = file.includes(`${sep}_next${sep}static${sep}`);
      const headers: Record<string, string> = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      };
      // Computed from the file as served, so it always matches what the browser parses, also after a rebuild while the
      // server runs; hashing a few kB of inline script costs microseconds, and an HTML file is loaded once per visit.
      if (extname(file) === '.html') headers['content-security-policy'] = dashboardCsp(body.toString('utf8'));
      payload.endResponse(new Response(request.method === 'HEAD' ? null : body, { headers }));
    },
  };
}

function resolveFile(root: string, pathname: string): string | null {
  const candidate = normalize(join(root, pathname));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null; // no escaping the folder
  for (const path of [candidate, join(candidate, 'index.html'), `${candidate}.html`]) {
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return null;
}
