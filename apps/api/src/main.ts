/** `npm start`: the API and the dashboard on one port, the database created and migrated on start. */
import { coerceError, ConfigError } from '@switchyard/engine';
import { configFromEnv } from './config.ts';
import { limitHeapGrowth } from './heap-growth.ts';
import { startServer } from './server.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;

/** A configuration the server refuses (a bad variable, a non-loopback HOST without keys) is a message, not a stack. */
async function start() {
  try {
    const config = configFromEnv();
    return { config, server: await startServer(config) };
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Switchyard did not start. ${error.message}\n`);
    process.exit(1);
  }
}

limitHeapGrowth();
const { config, server } = await start();
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
