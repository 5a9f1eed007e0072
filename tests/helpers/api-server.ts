import { join } from 'node:path';
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
export async function startTestServer(options: { maxBatchSize?: number; metricsToken?: string } = {}): Promise<TestServer> {
  const dir = tempDir();
  try {
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dbPath: join(dir.path, 'api.db'),
      taskModules: [TEST_TASKS],
      maxBatchSize: options.maxBatchSize ?? 50,
      webDir: join(dir.path, 'no-dashboard'),
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
