/** `npm start`: the API and the dashboard on one port, the database created and migrated on start. */
import { coerceError } from '@switchyard/engine';
import { configFromEnv } from './config.ts';
import { startServer } from './server.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;

const config = configFromEnv();
const server = await startServer(config);
server.engine.log.info({ db: config.dbPath, graphql: `${server.url}graphql` }, 'started');
// A plain line whatever the log level: people read it, and scripts wait for it.
process.stdout.write(`Switchyard listening on ${server.url} (GraphQL at ${server.url}graphql)\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.engine.log.info({ signal }, 'shutting down: finishing running jobs, the rest stay queued');
    server.close(SHUTDOWN_DEADLINE_MS).then(
      () => process.exit(0),
      (error: unknown) => {
        server.engine.log.error({ err: coerceError(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
