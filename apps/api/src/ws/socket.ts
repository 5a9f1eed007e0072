/**
 * One `ws` socket as graphql-ws's transport-neutral WebSocket (graphql-ws's own `use/ws` adapter does the same, but
 * reports every socket error on the console, and a client that sends an oversized frame is no internal error of
 * ours). A message handler that throws closes the socket with 4500 and a generic reason; the details go to the log.
 */
import type { IncomingMessage } from 'node:http';
import { CloseCode, type Server, type WebSocket as GraphQLWsSocket } from 'graphql-ws';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { coerceError } from '@switchyard/engine';

/** The extra graphql-ws hands every hook, as its `use/ws` adapter does. */
export interface SocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/**
 * A ping this often; a socket that has not answered by the next one is dead (a peer that vanished without a FIN) and
 * is terminated, so it does not hold its subscriptions forever.
 */
const KEEP_ALIVE_MS = 12_000;

/** Serves graphql-ws's protocol on one accepted socket until it closes. */
export function serveSocket<E extends SocketExtra>(server: Server<E>, extra: E, log: Logger): void {
  const { socket } = extra;
  let alive = true;
  socket.on('pong', () => (alive = true));
  const keepAlive = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, KEEP_ALIVE_MS);
  keepAlive.unref();
  // An oversized frame, an invalid one, a reset: ws has already closed (1009, 1002…) or will; nothing else to do.
  socket.on('error', (error) => log.debug({ err: coerceError(error) }, 'WebSocket error'));
  const transport: GraphQLWsSocket = {
    protocol: socket.protocol,
    send: (data) =>
      new Promise<void>((resolve, reject) => {
        if (socket.readyState !== socket.OPEN) return resolve();
        socket.send(data, (error) => (error ? reject(error) : resolve()));
      }),
    close: (code, reason) => socket.close(code, reason),
    onMessage: (handle) =>
      socket.on('message', (data, isBinary) => {
        // graphql-transport-ws messages are text; a binary frame is not one of them.
        if (isBinary) return socket.close(CloseCode.BadRequest, 'Invalid message received');
        handle(textOf(data)).catch((error: unknown) => {
          log.error({ err: coerceError(error) }, 'GraphQL over WebSocket: a message failed');
          socket.close(CloseCode.InternalServerError, 'Internal server error');
        });
      }),
  };
  const closed = server.opened(transport, extra);
  socket.once('close', (code, reason) => {
    clearInterval(keepAlive);
    closed(code, String(reason)).catch((error: unknown) => log.error({ err: coerceError(error) }, 'GraphQL over WebSocket: close failed'));
  });
}

/** A text frame's data as ws hands it over (one Buffer, or several for a fragmented message). */
function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}
