'use client';

import { useQuery } from 'urql';
import { LiveBadge } from '@/components/LiveBadge';
import { Loading, QueryError } from '@/components/QueryState';
import { fmtAge, fmtInt, fmtMs, fmtNum, fmtTime } from '@/lib/format';
import { useClock } from '@/lib/connection';
import { useLive } from '@/lib/useLive';
import type { WorkerFieldsFragment } from '@/gql/graphql';
import { WORKERS_QUERY, WORKERS_SUBSCRIPTION } from './queries';

const NO_VARS = {};

/** The remote workers (npm run worker), live from their heartbeats: the REMOTE lane's capacity. */
export function WorkersView() {
  const [initial] = useQuery({ query: WORKERS_QUERY });
  const live = useLive(WORKERS_SUBSCRIPTION, NO_VARS);
  const workers = live.data?.workersChanged ?? initial.data?.workers;
  const alive = workers?.filter((w) => !w.gone) ?? [];
  const slots = alive.filter((w) => w.state === 'alive').reduce((sum, w) => sum + w.slots, 0);
  const busy = alive.reduce((sum, w) => sum + w.busy, 0);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Workers</h1>
          <p className="muted" style={{ margin: 0 }}>
            Remote worker processes taking jobs of the REMOTE lane through Redis. A worker that misses three heartbeats is shown as gone and its slots
            leave the lane.
          </p>
        </div>
        <div className="actions">
          <LiveBadge state={live.state} error={live.error} />
        </div>
      </div>
      <QueryError error={initial.error} />
      {!workers && initial.fetching && <Loading what="the workers" />}
      {workers && (
        <>
          <section className="panel" aria-label="Remote lane capacity">
            <p style={{ margin: 0 }} data-testid="workers-summary">
              <strong>{fmtInt(alive.length)}</strong> live worker{alive.length === 1 ? '' : 's'}, <strong>{fmtInt(busy)}</strong> of{' '}
              <strong>{fmtInt(slots)}</strong> slots busy
            </p>
          </section>
          {workers.length === 0 ? (
            <p className="empty">
              No remote workers. Start the API with <code>SWITCHYARD_REDIS_URL</code> and run <code>npm run worker</code> on each machine.
            </p>
          ) : (
            <WorkersTable workers={workers} />
          )}
        </>
      )}
    </>
  );
}

function WorkersTable({ workers }: { workers: readonly WorkerFieldsFragment[] }) {
  const now = useClock(true);
  return (
    <section className="panel" aria-label="Workers">
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Worker</th>
              <th>State</th>
              <th className="num">Busy / slots</th>
              <th className="num">Jobs done</th>
              <th className="num">Memory (RSS)</th>
              <th className="num">Loop delay p99</th>
              <th>Version</th>
              <th>Last heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.id} data-worker={w.id} data-gone={w.gone ? 'true' : 'false'} className={w.gone ? 'muted' : undefined}>
                <td className="mono">
                  {w.host} <span className="muted">pid {w.pid}</span>
                </td>
                <td>
                  <span className={`badge ${w.gone ? 'badge-failed' : w.state === 'draining' ? 'badge-queued' : 'badge-succeeded'}`}>
                    {w.gone ? 'gone' : w.state}
                  </span>
                </td>
                <td className="num">
                  {fmtInt(w.busy)} / {fmtInt(w.slots)}
                </td>
                <td className="num">{fmtInt(w.jobsDone)}</td>
                <td className="num">{fmtNum(w.rssMb, 0)} MiB</td>
                <td className="num">{fmtMs(w.eventLoopDelayMs)}</td>
                <td className="mono">{w.version}</td>
                <td title={w.lastSeenAt}>{now > 0 ? fmtAge(w.lastSeenAt, now) : fmtTime(w.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
