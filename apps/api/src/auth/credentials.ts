import { allows, type KeyStore, type Principal, type Role } from '@switchyard/engine';
import type { AuthMode } from './mode.ts';

/** The dashboard's session cookie: it holds the key the user signed in with (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'switchyard_session';

/** Open mode: every request acts for the default team, with every right (one person on their own machine). */
export const OPEN_PRINCIPAL: Principal = { team: 'default', role: 'admin', keyId: null };

/** The key a request carries: `Authorization: Bearer <key>`, else the session cookie. */
export function presentedKey(request: Request): string | null {
  return keyOf(request.headers.get('authorization'), request.headers.get('cookie'));
}

/** The key in an `Authorization` header value (`Bearer <key>`), else in a `Cookie` header value; null for none. */
export function keyOf(header: string | null | undefined, cookies: string | null | undefined): string | null {
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1]! : null;
  }
  if (!cookies) return null;
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** Turns a request into who it acts for: the open principal, a key's, or null (refuse with 401). */
export class Authenticator {
  constructor(
    readonly mode: AuthMode,
    readonly keys: KeyStore,
  ) {}

  principalOf(request: Request): Principal | null {
    return this.mode.required ? this.principalOfKey(presentedKey(request)) : OPEN_PRINCIPAL;
  }

  /** The same for a key presented some other way (a WebSocket's connection_init), checked now: revocation counts. */
  principalOfKey(key: string | null): Principal | null {
    if (!this.mode.required) return OPEN_PRINCIPAL;
    return key ? this.keys.verify(key) : null;
  }
}

export { allows };
export type { Principal, Role };
