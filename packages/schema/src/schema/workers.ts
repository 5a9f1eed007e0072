import type { RemoteWorkerInfo } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { abortable } from './iterate.ts';
import { need } from './access.ts';

const MIB = 1024 * 1024;

/** Remote workers are machines, not a team's records: every team's jobs run on them. */
const WorkerRef = builder.objectRef<RemoteWorkerInfo>('Worker').implement({
  description: 'A remote worker process (npm run worker), as its heartbeats describe it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '`host:pid`.' }),
    host: t.exposeString('host'),
    pid: t.exposeInt('pid'),
    version: t.exposeString('version'),
    slots: t.exposeInt('slots', { description: 'Jobs it runs at once (its thread pool).' }),
    busy: t.exposeInt('busy', { description: 'Slots busy at its last heartbeat.' }),
    jobsDone: t.exposeInt('jobsDone'),
    state: t.exposeString('state', { description: 'alive, draining (SIGTERM: takes no new jobs) or stopped.' }),
    gone: t.exposeBoolean('gone', { description: 'Missed three heartbeats or stopped: its slots have left the remote lane.' }),
    lastSeenAt: t.field({ type: 'DateTime', resolve: (w) => w.lastSeenAt }),
    startedAt: t.field({ type: 'DateTime', resolve: (w) => new Date(w.startedAt) }),
    rssMb: t.float({ resolve: (w) => w.rssBytes / MIB }),
    heapUsedMb: t.float({ resolve: (w) => w.heapUsedBytes / MIB }),
    eventLoopDelayMs: t.float({
      description: 'Its main thread’s event-loop delay p99 since the heartbeat before.',
      resolve: (w) => w.eventLoopDelayMs,
    }),
  }),
});

// Admins only: the fleet is shared by every team; which machines run it is the operator's business.
builder.queryField('workers', (t) =>
  t.field({
    type: [WorkerRef],
    description: 'The remote workers heard from (gone ones stay listed for 10 minutes). Empty without SWITCHYARD_REDIS_URL.',
    resolve: (_, __, ctx) => {
      need(ctx, 'admin', 'the workers');
      return ctx.engine.workers();
    },
  }),
);

// Admins only, as `workers`.
builder.subscriptionField('workersChanged', (t) =>
  t.field({
    type: [WorkerRef],
    description: 'The remote workers at once, then on every change (at most once a second).',
    subscribe: (_, __, ctx) => {
      need(ctx, 'admin', 'the workers');
      return abortable((signal) => ctx.engine.watchWorkers({ signal }));
    },
    resolve: (workers) => workers,
  }),
);
