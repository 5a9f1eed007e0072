/**
 * `npm run worker`: a remote worker process. Needs only SWITCHYARD_REDIS_URL (and SWITCHYARD_TASKS for user task
 * modules, the same as the API's); SWITCHYARD_WORKER_SLOTS overrides one slot per core. SIGTERM or SIGINT drains it.
 */
import { coerceError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { timingsFromEnv } from './protocol.ts';
import { RemoteWorker } from './worker.ts';

const DRAIN_DEADLINE_MS = 30_000;

const log = createLogger(undefined).child({ role: 'worker' });
const env = process.env;
const redisUrl = env.SWITCHYARD_REDIS_URL;
if (!redisUrl) {
  process.stderr.write('SWITCHYARD_REDIS_URL is not set: a worker takes its jobs from Redis (e.g. redis://127.0.0.1:6379)\n');
  process.exit(2);
}
const slotsRaw = env.SWITCHYARD_WORKER_SLOTS;
const slots = slotsRaw ? Number(slotsRaw) : undefined;
if (slots !== undefined && (!Number.isInteger(slots) || slots < 1 || slots > 256)) {
  process.stderr.write(`SWITCHYARD_WORKER_SLOTS: expected a whole number from 1 to 256, got "${slotsRaw}"\n`);
  process.exit(2);
}

const worker = new RemoteWorker({
  redisUrl,
  taskModules: (env.SWITCHYARD_TASKS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  ...(slots ? { slots } : {}),
  timings: timingsFromEnv(env),
  log,
});
try {
  await worker.start();
} catch (error: unknown) {
  log.error({ err: coerceError(error) }, 'worker could not start');
  process.exit(1);
}
// A plain line whatever the log level: people read it, and scripts wait for it.
process.stdout.write(`Switchyard worker ${worker.id} ready: ${worker.slots} slots\n`);

let draining = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (draining) return;
    draining = true;
    log.info({ signal }, 'draining: no new jobs, finishing the running ones');
    worker.drain(Number(env.SWITCHYARD_WORKER_DRAIN_MS) || DRAIN_DEADLINE_MS).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: coerceError(error) }, 'drain failed');
        process.exit(1);
      },
    );
  });
}
