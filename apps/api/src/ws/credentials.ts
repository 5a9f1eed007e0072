/**
 * Which key a WebSocket connection acts with, and who that is for each operation. The key may come three ways, the
 * first present winning: the connection_init payload `{ authorization: "Bearer sy_…" }` (what a browser can send),
 * the upgrade's `Authorization: Bearer` header, or the dashboard's session cookie on the upgrade. Like HTTP, which
 * checks the key on every request, the key is checked again for every operation, so a key revoked while the socket
 * is open stops working at its next operation.
 */
import type { IncomingMessage } from 'node:http';
import type { Principal } from '@switchyard/engine';
import { GraphQLError } from 'graphql';
import { keyOf, type Authenticator } from '../auth/credentials.ts';

/** What the upgrade itself presented: a key, none, or a header that names no key (refused like a wrong key). */
export type UpgradeKey = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'none' } | { readonly kind: 'malformed' };

export function upgradeKeyOf(request: IncomingMessage): UpgradeKey {
  const header = request.headers.authorization;
  const key = keyOf(header, request.headers.cookie);
  if (key) return { kind: 'key', key };
  return header ? { kind: 'malformed' } : { kind: 'none' };
}

/**
 * The key for the connection: connection_init's `authorization` when the payload has one (a value that is not
 * `Bearer <key>` names no key), else the upgrade's.
 */
export function connectionKeyOf(upgrade: UpgradeKey, params: Readonly<Record<string, unknown>> | undefined): string | null {
  const authorization = params?.['authorization'];
  if (authorization !== undefined) return typeof authorization === 'string' ? keyOf(authorization, null) : null;
  return upgrade.kind === 'key' ? upgrade.key : null;
}

/** The operation's principal, or the UNAUTHENTICATED error HTTP would answer with 401. */
export function operationPrincipal(auth: Authenticator, key: string | null): Principal | GraphQLError {
  return (
    auth.principalOfKey(key) ??
    new GraphQLError('Authentication required: the key is missing, unknown or revoked (create one with `npm run keys -- create`).', {
      extensions: { code: 'UNAUTHENTICATED' },
    })
  );
}
