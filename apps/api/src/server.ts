import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngine, type Engine } from '@switchyard/engine';
import { buildSchema, IdCodec, type Context } from '@switchyard/schema';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga } from 'graphql-yoga';
import { DEFAULT_SUBMISSIONS_PER_SECOND, type ServerConfig } from './config.ts';
import { createEdge } from './edge/edge.ts';
import { useDashboard } from './plugins/dashboard.ts';
import { useHealth } from './plugins/health.ts';
import { withMaskedFailures } from './plugins/masked-failures.ts';
import { useMetrics } from './plugins/metrics.ts';
import { useResultsExport } from './plugins/results-export.ts';
import { Authenticator } from './auth/credentials.ts';
import { AuthMode } from './auth/mode.ts';
import { principalOf, useAuth } from './auth/plugin.ts';
import { useSession } from './auth/session.ts';
import { SubmissionRate } from './auth/rate.ts';
import { uploadLimitedFetchAPI, useUploadLimits } from './plugins/upload-limits.ts';
import { attachGraphQLWs, type WsServerContext } from './ws/graphql-ws.ts';

export const GRAPHQL_PATH = '/graphql';
const KEEP_ALIVE_MS = 65_000;

export interface RunningServer {
  /** Base URL, ending in `/`; GraphQL is at `${url}graphql`. */
  readonly url: string;
  readonly engine: Engine;
  /** Closes open connections (WebSockets, then HTTP with its SSE subscriptions, which would otherwise hold the server open), then the engine. */
  close(deadlineMs?: number): Promise<void>;
}

/** Starts engine + GraphQL + dashboard on one HTTP server. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const engine = await createEngine({
    dbPath: config.dbPath,
    taskModules: config.taskModules,
    ...(config.threads ? { threads: config.threads } : {}),
    ...(config.processes ? { processes: config.processes } : {}),
    limits: { maxBatchSize: config.maxBatchSize },
    ...(config.admission ? { admission: config.admission } : {}),
    ...(config.teamMaxInFlightPerLane ? { teamMaxInFlightPerLane: config.teamMaxInFlightPerLane } : {}),
    ...(config.redisUrl ? { remote: { redisUrl: config.redisUrl } } : {}),
    ...(config.retentionMs !== undefined ? { retention: { retentionMs: config.retentionMs } } : {}),
    ...(config.timeoutGraceMs !== undefined ? { timeoutGraceMs: config.timeoutGraceMs } : {}),
    ...(config.persistHistory === false ? { persistHistory: false } : {}),
  });
  const mode = new AuthMode(config.auth ?? 'auto', config.host, engine.keys);
  try {
    mode.assertSafeToListen(config.host);
  } catch (error: unknown) {
    await engine.close(0);
    throw error;
  }
  const auth = new Authenticator(mode, engine.keys);
  const ids = new IdCodec(engine.idSecret);
  const rate = new SubmissionRate(config.submissionsPerSecond ?? DEFAULT_SUBMISSIONS_PER_SECOND);
  // Decided at start: a key created while the server runs closes the API at once, and the schema on the next start.
  const edge = createEdge({ corsOrigins: config.corsOrigins ?? [], exposeSchema: config.exposeSchema ?? !mode.required });
  // /metrics shows every team's work: a scrape token (SWITCHYARD_METRICS_TOKEN), or, once keys are required, an
  // admin's key. It runs before useAuth, so a scraper needs no API key of its own.
  const metrics = useMetrics(engine, {
    token: config.metricsToken,
    authorize: (request) => (mode.required ? auth.principalOf(request)?.role === 'admin' : config.metricsToken === undefined),
  });
  const yoga = createYoga<WsServerContext, Context>({
    ...edge.yogaOptions,
    schema: buildSchema(),
    graphqlEndpoint: GRAPHQL_PATH,
    // GraphiQL with its assets bundled: the default loads them from a CDN, and the server may run offline.
    renderGraphiQL,
    // One set of upload limits (packages/schema/src/upload/limits.ts): the body, the multipart parts, the file. The
    // body's size is checked by useUploadLimits (plugins/upload-limits.ts says why not by yoga).
    maxRequestBodySize: false,
    fetchAPI: uploadLimitedFetchAPI(),
    // useAuth has found who the request acts for (or answered 401) before GraphQL or any plugin after it runs; an
    // operation over WebSocket brings the principal checked for it (ws/graphql-ws.ts).
    context: ({ request, wsPrincipal }) => {
      const principal = wsPrincipal ?? principalOf(request);
      return {
        engine,
        team: principal.team,
        role: principal.role,
        authRequired: mode.required,
        ids,
        admitSubmission: () => (mode.required ? rate.admit(principal) : Promise.resolve()),
      };
    },
    // Health first (it needs no key), then sign-in and authentication; the export before the dashboard, which
    // answers every other GET.
    plugins: [
      ...edge.plugins,
      ...[
        useHealth(engine, mode),
        metrics,
        useSession(auth),
        useAuth(auth, GRAPHQL_PATH),
        useUploadLimits(),
        useResultsExport(engine, ids, (request) => principalOf(request).team),
        useDashboard(config.webDir, GRAPHQL_PATH),
      ].map((plugin) => withMaskedFailures(plugin, engine.log)),
    ],
    logging: {
      debug: (...args) => engine.log.debug(args),
      info: (...args) => engine.log.info(args),
      warn: (...args) => engine.log.warn(args),
      error: (...args) => engine.log.error(args),
    },
  });
  // yoga answers each request asynchronously and reports its own errors; node's listener ignores the promise.
  const server: Server = createHttpServer((req, res) => void yoga(req, res));
  // Idle keep-alive sockets live longer than node's 5 s default: a batch forced onto SEQUENTIAL can hold the main
  // thread for seconds, and when it lets go the expired timer would close sockets that clients are reusing at that
  // very moment ("fetch failed" in the bench's cpu SEQUENTIAL run). Headers must be allowed a little longer still.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  // GraphQL over WebSocket on the same path: upgrade requests to /graphql.
  const ws = attachGraphQLWs({
    server,
    yoga,
    plugins: edge.plugins,
    auth,
    path: GRAPHQL_PATH,
    corsOrigins: config.corsOrigins ?? [],
    log: engine.log,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error: unknown) {
    metrics.close();
    await engine.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/`,
    engine,
    close(deadlineMs = 10_000) {
      closing ??= (async () => {
        await ws.close(deadlineMs);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        metrics.close();
        await engine.close(deadlineMs);
      })();
      return closing;
    },
  };
}
