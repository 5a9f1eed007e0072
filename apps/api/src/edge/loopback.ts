import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether a listen address only accepts connections from this machine (`127.0.0.0/8`, `::1`, `localhost`). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return LOOPBACK.check(bare, 'ipv4');
  if (family === 6) return LOOPBACK.check(bare, 'ipv6') || /^::ffff:127\./.test(bare);
  return false;
}

/** What open mode answers a request that names it otherwise (see namesLoopback). */
export const OPEN_TO_LOOPBACK_ONLY = 'This server runs open on loopback: address it as localhost or 127.0.0.1 (or require keys to serve other names)';

/**
 * Whether a request's Host header names this machine by a loopback name or address (port aside). An open server
 * (loopback, no keys) trusts whoever can connect, and a web page can connect too: with DNS rebinding, a page of
 * evil.example re-resolves its own name to 127.0.0.1, and its requests are then same-origin for the browser, with
 * `Host: evil.example`. Refusing any other Host in open mode closes that door; with keys required it does not matter.
 */
export function namesLoopback(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  const host = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.replace(/:\d+$/, '');
  return isLoopbackHost(host) || host.toLowerCase().endsWith('.localhost');
}
