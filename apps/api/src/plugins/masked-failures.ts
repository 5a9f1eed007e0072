import type { Logger } from 'pino';
import type { Plugin } from 'graphql-yoga';
import { coerceError } from '@switchyard/engine';

/**
 * A plugin whose `onRequest` may throw (a closed database under the auth check, a read that fails): yoga would
 * answer such a failure with the error's text, message and all. Wrapped, the client gets the same masked
 * "Unexpected error." a resolver's failure gets, and the log gets the rest.
 */
export function withMaskedFailures(plugin: Plugin, log: Logger): Plugin {
  const onRequest = plugin.onRequest;
  if (!onRequest) return plugin;
  return {
    ...plugin,
    async onRequest(payload) {
      try {
        await onRequest.call(plugin, payload);
      } catch (error: unknown) {
        log.error({ err: coerceError(error), path: payload.url.pathname }, 'request failed before GraphQL');
        payload.endResponse(
          Response.json(
            { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
            { status: 500, headers: { 'cache-control': 'no-store' } },
          ),
        );
      }
    },
  };
}
