/**
 * What an HTTP upgrade must look like before it becomes a GraphQL-over-WebSocket connection. A browser sends the
 * user's cookies on a WebSocket upgrade to any site, and WebSockets have no CORS: without this check any page could
 * open a socket with the dashboard's session and act for the user (cross-site WebSocket hijacking). So an upgrade
 * from a page of another origin is refused unless that origin is on SWITCHYARD_CORS_ORIGINS, as over HTTP.
 */
import type { IncomingMessage } from 'node:http';

export interface UpgradeRefusal {
  readonly status: 401 | 403 | 404;
  readonly message: string;
}

/**
 * Same-origin means the page's origin names the host the browser connected to (the Host header). The scheme is not
 * compared: behind a TLS-terminating proxy the page is https and this server sees http. A client that is not a
 * browser sends no Origin at all and is let through (it carries no ambient cookies of a victim).
 */
export function originAllowed(request: IncomingMessage, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.has(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (a sandboxed page, a file) and anything unparsable
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = request.headers.host;
  return host !== undefined && url.host.toLowerCase() === host.toLowerCase();
}

/** Whether the upgrade is for this path (`/graphql`, with or without a query string). */
export function isPath(request: IncomingMessage, path: string): boolean {
  const url = request.url ?? '';
  const end = url.indexOf('?');
  return (end === -1 ? url : url.slice(0, end)) === path;
}

/** Answers a refused upgrade on the raw socket (no WebSocket exists yet) and closes it. */
export function refuseUpgrade(socket: NodeJS.WritableStream & { destroy(): void }, refusal: UpgradeRefusal): void {
  const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: codeOf(refusal.status) } }] });
  const reason = refusal.status === 401 ? 'Unauthorized' : refusal.status === 403 ? 'Forbidden' : 'Not Found';
  const auth = refusal.status === 401 ? 'www-authenticate: Bearer realm="switchyard"\r\n' : '';
  socket.end(
    `HTTP/1.1 ${refusal.status} ${reason}\r\nconnection: close\r\ncontent-type: application/json\r\ncache-control: no-store\r\n${auth}` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function codeOf(status: UpgradeRefusal['status']): string {
  return status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'NOT_FOUND';
}
