import { join } from 'node:path';
import type { ServerConfig } from '../../apps/api/src/config.ts';
import { startServer, type RunningServer } from '../../apps/api/src/server.ts';
import { TEST_TASKS } from './engine.ts';
import { tempDir } from './temp.ts';

export interface TestServer {
  readonly server: RunningServer;
  /** A folder of the test's own for files it writes; removed with the server. */
  readonly dir: string;
  /** Closes the server (open subscriptions first) and removes its database. */
  stop(): Promise<void>;
}

/**
 * A real API server in this process, on a free loopback port and a fresh SQLite file, with the test tasks loaded and
 * no dashboard. Stop it after the test.
 */
export interface TestServerOptions {
  readonly maxBatchSize?: number;
  readonly auth?: 'auto' | 'required';
  readonly submissionsPerSecond?: number;
  readonly admission?: ServerConfig['admission'];
  readonly corsOrigins?: ServerConfig['corsOrigins'];
  readonly exposeSchema?: ServerConfig['exposeSchema'];
  readonly metricsToken?: string;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = tempDir();
  try {
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dbPath: join(dir.path, 'api.db'),
      taskModules: [TEST_TASKS],
      maxBatchSize: options.maxBatchSize ?? 50,
      webDir: join(dir.path, 'no-dashboard'),
      auth: options.auth,
      submissionsPerSecond: options.submissionsPerSecond,
      // The event-loop check would refuse work whenever the shared test host stalls this process for a second;
      // a test that means to exercise it says so.
      admission: { maxLoopDelayMs: 60_000, ...options.admission },
      ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
      ...(options.exposeSchema !== undefined ? { exposeSchema: options.exposeSchema } : {}),
      metricsToken: options.metricsToken,
    });
    return {
      server,
      dir: dir.path,
      stop: async () => {
        try {
          await server.close(2_000);
        } finally {
          dir.remove();
        }
      },
    };
  } catch (error: unknown) {
    dir.remove();
    throw error;
  }
}

export { closedPort } from './ports.ts';
