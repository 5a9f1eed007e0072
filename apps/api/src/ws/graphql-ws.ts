/**
 * GraphQL over WebSocket (the graphql-transport-ws protocol of graphql-ws) on the API's own HTTP server and path.
 * One persistent connection carries queries, mutations and subscriptions, so a submit-and-wait costs one message
 * each way instead of an HTTP request. Everything an operation meets over HTTP it meets here too: the same schema,
 * the same Context (built by yoga's own context factory), yoga's envelop (parse and validation caches, GraphQL Armor
 * limits, masked errors, the schema-exposure rules), the same key check per operation, and the same submission rate
 * (ctx.admitSubmission). What HTTP's plugins do to the request itself is done at the upgrade: the path, the Origin
 * (no cross-site WebSocket hijacking) and the key.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { coerceError, type Principal } from '@switchyard/engine';
import type { Context } from '@switchyard/schema';
import { GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type FormattedExecutionResult } from 'graphql-ws';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticator } from '../auth/credentials.ts';
import { connectionKeyOf, operationPrincipal, upgradeKeyOf, type UpgradeKey } from './credentials.ts';
import { serveSocket, type SocketExtra } from './socket.ts';
import { namesLoopback, OPEN_TO_LOOPBACK_ONLY } from '../edge/loopback.ts';
import { isPath, originAllowed, refuseUpgrade } from './upgrade-guard.ts';

/** Largest message a client may send (a frame over it closes the socket with 1009). Bigger batches go over HTTP. */
export const WS_MAX_PAYLOAD_BYTES = 1024 * 1024;
/** How long a socket may stay open without connection_init (then 4408). */
const CONNECTION_INIT_WAIT_MS = 3_000;
/** How long close() lets clients answer the close frame before their sockets are cut. */
const CLOSE_GRACE_MS = 1_000;

/**
 * The server context yoga's context factory sees for an operation over WebSocket: the principal checked for this
 * operation. HTTP requests never carry it (their principal is useAuth's, found from the request).
 */
export interface WsServerContext {
  readonly wsPrincipal?: Principal;
}

export interface GraphQLWsOptions {
  readonly server: HttpServer;
  readonly yoga: YogaServerInstance<WsServerContext, Context>;
  /** The plugins yoga was given: their per-request result hooks (onExecutionResult) are run per operation here. */
  readonly plugins: readonly Plugin[];
  readonly auth: Authenticator;
  readonly path: string;
  /** Origins besides the server's own whose pages may connect (SWITCHYARD_CORS_ORIGINS). */
  readonly corsOrigins: readonly string[];
  readonly log: Logger;
}

export interface GraphQLWs {
  /** Refuses new upgrades, closes every socket (1001 Going Away; cut after a grace period) and resolves once all are gone. */
  close(deadlineMs: number): Promise<void>;
}

/** Per-connection state, owned here: what the upgrade presented, then the key connection_init settled on. */
interface Connection {
  readonly upgradeKey: UpgradeKey;
  key: string | null;
  /** A Fetch Request standing for the upgrade, for yoga's initial context (plugins may read its headers). */
  readonly request: Request;
}

type Enveloped = ReturnType<YogaServerInstance<WsServerContext, Context>['getEnveloped']>;

const MASKED: GraphQLFormattedError = { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

export function attachGraphQLWs(options: GraphQLWsOptions): GraphQLWs {
  const { yoga, auth, log } = options;
  const allowedOrigins = new Set(options.corsOrigins);
  const connections = new WeakMap<WebSocket, Connection>();
  // The enveloped functions an operation was parsed with, so execute/subscribe run through the same plugins.
  const envelopedOf = new WeakMap<ExecutionArgs, Enveloped>();
  // yoga's result hooks (onExecutionResult) run per HTTP request, outside envelop; here they run per operation.
  const resultHooks = options.plugins.flatMap((plugin) => {
    const hook = plugin.onExecutionResult as ResultHook | undefined;
    return hook ? [hook.bind(plugin)] : [];
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES, handleProtocols, perMessageDeflate: false });
  let closing = false;

  const graphqlWs = makeServer<Record<string, unknown> | undefined, SocketExtra>({
    connectionInitWaitTimeout: CONNECTION_INIT_WAIT_MS,
    onConnect(ctx) {
      const connection = connections.get(ctx.extra.socket);
      const key = connection ? connectionKeyOf(connection.upgradeKey, ctx.connectionParams) : null;
      if (!connection || auth.principalOfKey(key) === null) {
        ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized');
        return false;
      }
      connection.key = key;
      return true;
    },
    async onSubscribe(ctx, _id, payload) {
      try {
        const connection = connections.get(ctx.extra.socket);
        // Checked per operation, as HTTP checks per request: a key revoked since connect stops here.
        const principal = operationPrincipal(auth, connection?.key ?? null);
        if (!connection || principal instanceof GraphQLError) return [principal instanceof GraphQLError ? principal : unauthorized()];
        const enveloped = yoga.getEnveloped({ request: connection.request, params: payload, wsPrincipal: principal });
        let document;
        try {
          document = enveloped.parse(payload.query);
        } catch (error: unknown) {
          // A syntax error, or Armor's token limit (it counts while parsing): the answer, as over HTTP.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        const args: ExecutionArgs = {
          schema: enveloped.schema,
          document,
          contextValue: await enveloped.contextFactory(),
          variableValues: payload.variables,
          operationName: payload.operationName,
        };
        envelopedOf.set(args, enveloped);
        return args;
      } catch (error: unknown) {
        log.error({ err: coerceError(error) }, 'GraphQL over WebSocket: an operation failed before it ran');
        return [new GraphQLError(MASKED.message, { extensions: MASKED.extensions })];
      }
    },
    execute: (args) => envelopedOf.get(args)!.execute(args),
    subscribe: (args) => envelopedOf.get(args)!.subscribe(args),
    async onOperation(_ctx, _id, _payload, args, result) {
      if (Symbol.asyncIterator in result) return;
      let final = result;
      for (const hook of resultHooks) {
        await hook({ request: requestOf(args), result: final, setResult: (next) => (final = next as ExecutionResult), context: args.contextValue });
      }
      return final;
    },
    onNext: (_ctx, _id, _payload, _args, result) => formatResult(result),
    onError(_ctx, _id, _payload, errors) {
      return errors.map((error) => {
        // A subscription's stream that threw something other than a GraphQLError: its text is not for the client.
        if (error.originalError && !(error.originalError instanceof GraphQLError)) {
          log.error({ err: coerceError(error.originalError) }, 'GraphQL over WebSocket: a subscription failed');
          return MASKED;
        }
        return formatError(error);
      });
    },
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws owns the socket, a reset from the client would otherwise be an unhandled 'error'.
    socket.on('error', (error) => log.debug({ err: coerceError(error) }, 'WebSocket upgrade: socket error'));
    if (!isPath(request, options.path)) return refuseUpgrade(socket, { status: 404, message: `No WebSocket endpoint here; use ${options.path}` });
    if (closing) return socket.destroy();
    if (!auth.mode.required && !namesLoopback(request.headers.host)) {
      return refuseUpgrade(socket, { status: 403, message: OPEN_TO_LOOPBACK_ONLY });
    }
    if (!originAllowed(request, allowedOrigins)) {
      return refuseUpgrade(socket, {
        status: 403,
        message: "Cross-origin WebSocket refused: this origin is neither the server's own nor on SWITCHYARD_CORS_ORIGINS",
      });
    }
    let upgradeKey: UpgradeKey;
    try {
      upgradeKey = upgradeKeyOf(request);
      // A key on the upgrade that lets nobody in is refused now, as HTTP would refuse it; none at all waits for
      // connection_init, which may carry one (browsers cannot set headers on a WebSocket).
      const refused = upgradeKey.kind !== 'none' && auth.principalOfKey(upgradeKey.kind === 'key' ? upgradeKey.key : null) === null;
      if (refused) return refuseUpgrade(socket, { status: 401, message: 'Authentication required: the key is unknown or revoked' });
    } catch (error: unknown) {
      log.error({ err: coerceError(error) }, 'WebSocket upgrade: the key check failed');
      return socket.destroy();
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      connections.set(ws, { upgradeKey, key: null, request: operationRequest(options.path, request) });
      serveSocket(graphqlWs, { socket: ws, request }, log);
    });
  };
  options.server.on('upgrade', onUpgrade);

  return {
    async close(deadlineMs) {
      closing = true;
      const gone = new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const ws of wss.clients) ws.close(1001, 'Server shutting down');
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(CLOSE_GRACE_MS, deadlineMs))));
      await Promise.race([gone, grace]);
      clearTimeout(timer);
      for (const ws of wss.clients) ws.terminate();
      await gone;
      options.server.off('upgrade', onUpgrade);
    },
  };
}

function unauthorized(): GraphQLError {
  return new GraphQLError('Authentication required', { extensions: { code: 'UNAUTHENTICATED' } });
}

/**
 * The Request yoga's initial context gets for the connection's operations: a POST (a mutation over GET is refused by
 * yoga, and an operation on a socket is no cacheable GET), with the upgrade's headers a plugin might read.
 */
function operationRequest(path: string, request: IncomingMessage): Request {
  return new Request(new URL(path, 'http://localhost'), { method: 'POST', headers: forwardedHeaders(request) });
}

/** The upgrade's headers a plugin might read (not the WebSocket handshake's own). */
function forwardedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['origin', 'user-agent', 'x-forwarded-for', 'x-forwarded-proto'] as const) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

type ResultHook = (payload: { request: Request; result: unknown; setResult(result: unknown): void; context: unknown }) => unknown;

function requestOf(args: ExecutionArgs): Request {
  return (args.contextValue as { request: Request }).request;
}

/** As graphql-ws would send it, minus `extensions.http` (an HTTP status and headers mean nothing on a socket). */
function formatResult(result: ExecutionResult): FormattedExecutionResult {
  const { errors, ...rest } = result;
  return errors ? { ...rest, errors: errors.map(formatError) } : rest;
}

function formatError(error: GraphQLError): GraphQLFormattedError {
  const formatted = error.toJSON();
  if (!formatted.extensions || !('http' in formatted.extensions)) return formatted;
  const { http: _http, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
