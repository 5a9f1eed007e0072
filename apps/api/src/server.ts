import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngine, type Engine } from '@switchyard/engine';
import { buildSchema, type Context } from '@switchyard/schema';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga } from 'graphql-yoga';
import type { ServerConfig } from './config.ts';
import { useDashboard } from './plugins/dashboard.ts';
import { useHealth } from './plugins/health.ts';
import { useMetrics } from './plugins/metrics.ts';
import { useResultsExport } from './plugins/results-export.ts';

export const GRAPHQL_PATH = '/graphql';
const DEFAULT_TEAM = 'default';
const KEEP_ALIVE_MS = 65_000;

export interface RunningServer {
  /** Base URL, ending in `/`; GraphQL is at `${url}graphql`. */
  readonly url: string;
  readonly engine: Engine;
  /** Closes open connections (SSE subscriptions would otherwise hold the server open), then the engine. */
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
    ...(config.retentionMs !== undefined ? { retention: { retentionMs: config.retentionMs } } : {}),
  });
  // AUTH: the lead makes /metrics "protected like the API" here: pass `authorize` (e.g. an admin API key).
  const metrics = useMetrics(engine, { token: config.metricsToken });
  const yoga = createYoga<Record<string, never>, Context>({
    schema: buildSchema(),
    graphqlEndpoint: GRAPHQL_PATH,
    // GraphiQL with its assets bundled: the default loads them from a CDN, and the server may run offline.
    renderGraphiQL,
    // Teams arrive with API keys (planned); until then every request acts for the default team.
    context: () => ({ engine, team: DEFAULT_TEAM }),
    // The export before the dashboard: the dashboard answers every other GET.
    plugins: [useHealth(engine), metrics, useResultsExport(engine, () => DEFAULT_TEAM), useDashboard(config.webDir, GRAPHQL_PATH)],
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
