'use client';

import Link from 'next/link';
import { useState } from 'react';
import { BatchProgressBar } from '@/components/BatchProgressBar';
import { LiveBadge } from '@/components/LiveBadge';
import { Loading, QueryError } from '@/components/QueryState';
import { StatusBadge } from '@/components/StatusBadge';
import { ThroughputChart } from '@/components/ThroughputChart';
import { batchLabel, fmtInt, fmtMs, fmtPct, fmtRate } from '@/lib/format';
import type { BatchCountsFragment, OverviewStatsFragment } from '@/gql/graphql';
import type { RatePoint } from '@/components/ThroughputChart';
import { useAllowed, useSession } from '@/lib/session';
import { StoragePanel } from './StoragePanel';
import { useEngineStats } from './useEngineStats';
import { RANGES, useLaneHistory } from './useLaneHistory';
import type { HistoryRange } from '@/gql/graphql';

type EngineStats = OverviewStatsFragment;
type LaneMetrics = EngineStats['lanes'][number];

const TOTALS: { key: Exclude<keyof BatchCountsFragment, 'finished'>; status: string }[] = [
  { key: 'queued', status: 'QUEUED' },
  { key: 'running', status: 'RUNNING' },
  { key: 'succeeded', status: 'SUCCEEDED' },
  { key: 'failed', status: 'FAILED' },
  { key: 'timedOut', status: 'TIMED_OUT' },
  { key: 'cancelled', status: 'CANCELLED' },
];

export function OverviewView() {
  const s = useSession();
  // The engine-wide view is for admins of a server with teams; in open local mode there is only one team anyway.
  const mayViewAll = s.status === 'signedIn' && s.authRequired && s.role === 'admin';
  const [allTeams, setAllTeams] = useState(false);
  const scope = mayViewAll && allTeams;
  return <Overview key={String(scope)} allTeams={scope} onAllTeams={mayViewAll ? setAllTeams : null} />;
}

function Overview({ allTeams, onAllTeams }: { allTeams: boolean; onAllTeams: ((all: boolean) => void) | null }) {
  const { stats, live, error, fetching, historyOf } = useEngineStats(allTeams);
  const canSubmit = useAllowed('submitter');
  const [range, setRange] = useState<HistoryRange | 'LIVE'>('LIVE');
  const stored = useLaneHistory(range, stats?.at);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted" style={{ margin: 0 }}>
            Lanes, their executors and what is running now{allTeams ? ', for every team' : ''}.
          </p>
        </div>
        <div className="actions">
          {onAllTeams && (
            <label className="checkbox" style={{ margin: 0 }}>
              <input type="checkbox" checked={allTeams} onChange={(e) => onAllTeams(e.target.checked)} />
              All teams (engine-wide)
            </label>
          )}
          <LiveBadge state={live.state} error={live.error} />
          {canSubmit && (
            <Link className="button" href="/submit/">
              Submit a batch
            </Link>
          )}
        </div>
      </div>
      <QueryError error={error} />
      {!stats && fetching && <Loading what="engine stats" />}
      {stats && (
        <>
          <Totals stats={stats} />
          <div className="lane-head">
            <h2>Lanes</h2>
            <div>
              <label htmlFor="history-range">Throughput over </label>
              <select id="history-range" value={range} onChange={(e) => setRange(e.target.value as HistoryRange | 'LIVE')}>
                {RANGES.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <QueryError error={stored.error} />
          {stats.lanes.length === 0 && <p className="empty">No lanes reported yet.</p>}
          <div className="grid">
            {stats.lanes.map((lane) => (
              <LaneCard key={lane.lane} lane={lane} history={stored.seriesOf(lane.lane) ?? historyOf(lane.lane, lane.history)} />
            ))}
          </div>
          <ActiveBatches batches={stats.activeBatches} />
          <StoragePanel storage={stats.storage} />
        </>
      )}
    </>
  );
}

/** Loop delay worth a warning: well past what timers and GC cost on an idle server. */
const BLOCKED_P99_MS = 100;
const MAIN_THREAD_EXECUTORS = new Set(['ASYNC', 'SEQUENTIAL']);

/**
 * The warning needs evidence of both halves: jobs running on a main-thread lane now, and a high loop delay in the
 * same second. A delay alone (start-up, a big GraphQL response) says nothing about the async lane.
 */
function blockedByAsyncWork(stats: EngineStats): boolean {
  const running = stats.lanes.some((l) => MAIN_THREAD_EXECUTORS.has(l.executor) && l.inFlight > 0);
  return running && stats.eventLoop.delayP99Ms > BLOCKED_P99_MS;
}

/**
 * How busy a lane is against its work. A pool's busy threads are a real share; a queue lane's ceiling (e.g. 10,000
 * slots) is not something its batches ask for, so its in-flight jobs are measured against what they asked for.
 */
function laneUse(lane: LaneMetrics): { value: number; of: number; label: string } {
  if (!MAIN_THREAD_EXECUTORS.has(lane.executor)) return { value: lane.utilization, of: 1, label: 'busy workers' };
  return { value: lane.demand > 0 ? Math.min(1, lane.inFlight / lane.demand) : 0, of: lane.demand, label: 'of what its batches asked for' };
}

function Totals({ stats }: { stats: EngineStats }) {
  const el = stats.eventLoop;
  return (
    <div className="two-col">
      <section className="panel" aria-labelledby="totals-h">
        <h2 id="totals-h">Jobs by status</h2>
        <dl className="stats">
          {TOTALS.map((t) => (
            <div key={t.key}>
              <dt>
                <StatusBadge status={t.status} />
              </dt>
              <dd data-total={t.key}>{fmtInt(stats.totals[t.key])}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel" aria-labelledby="el-h">
        <h2 id="el-h">Main thread event loop</h2>
        <dl className="stats">
          <div>
            <dt>Delay p50</dt>
            <dd>{fmtMs(el.delayP50Ms)}</dd>
          </div>
          <div>
            <dt>Delay p99</dt>
            <dd data-testid="el-p99">{fmtMs(el.delayP99Ms)}</dd>
          </div>
          <div>
            <dt>Delay max</dt>
            <dd>{fmtMs(el.delayMaxMs)}</dd>
          </div>
          <div>
            <dt>Utilisation</dt>
            <dd>{fmtPct(el.utilization)}</dd>
          </div>
        </dl>
        {blockedByAsyncWork(stats) && (
          <p className="notice" role="note">
            The main thread is being blocked (p99 delay {fmtMs(el.delayP99Ms)}) while jobs run on the event loop. Is CPU work running on the async
            lane?
          </p>
        )}
      </section>
    </div>
  );
}

function LaneCard({ lane, history }: { lane: LaneMetrics; history: RatePoint[] }) {
  const headingId = `lane-${lane.lane}`;
  const use = laneUse(lane);
  return (
    <section className="panel" aria-labelledby={headingId} data-lane={lane.lane}>
      <div className="lane-head">
        <h3 id={headingId}>{lane.lane}</h3>
        <span className="tag">{lane.executor}</span>
      </div>
      <dl className="stats">
        <div>
          <dt>In flight</dt>
          <dd data-testid="lane-in-flight">
            {fmtInt(lane.inFlight)} <small>/ {fmtInt(lane.demand)} asked</small>
          </dd>
        </div>
        <div>
          <dt>Queue depth</dt>
          <dd>{fmtInt(lane.queued)}</dd>
        </div>
        <div>
          <dt>Throughput</dt>
          <dd data-testid="lane-throughput">{fmtRate(lane.throughput)}</dd>
        </div>
        <div>
          <dt>Utilisation</dt>
          <dd data-testid="lane-utilisation" title={use.label}>
            {fmtPct(use.value)}
          </dd>
        </div>
        <div>
          <dt>Wait p50 / p95</dt>
          <dd>
            {fmtMs(lane.waitP50)} <small>/ {fmtMs(lane.waitP95)}</small>
          </dd>
        </div>
        <div>
          <dt>Run p50 / p95</dt>
          <dd>
            {fmtMs(lane.runP50)} <small>/ {fmtMs(lane.runP95)}</small>
          </dd>
        </div>
      </dl>
      <div className="meter">
        <span>Slots</span>
        <progress
          max={Math.max(1, lane.demand)}
          value={Math.min(lane.inFlight, lane.demand)}
          aria-label={`${lane.lane}: jobs in flight of the ${lane.demand} its batches asked for`}
        />
        <span className="muted">limit {fmtInt(lane.limit)}</span>
      </div>
      <ThroughputChart data={history} label={`${lane.lane} lane throughput, jobs per second`} height={140} />
    </section>
  );
}

function ActiveBatches({ batches }: { batches: EngineStats['activeBatches'] }) {
  return (
    <section className="panel" aria-labelledby="active-h">
      <h2 id="active-h">Running now</h2>
      {batches.length === 0 ? (
        <p className="empty">No batches are running.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Batch</th>
                <th>Task</th>
                <th>Lane</th>
                <th>Status</th>
                <th>Progress</th>
                <th className="num">Throughput</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td>
                    <Link href={`/batch/?id=${encodeURIComponent(b.id)}`}>{batchLabel(b)}</Link>
                  </td>
                  <td className="mono">{b.task}</td>
                  <td>
                    {b.route.lane} <span className="tag">{b.tag}</span>
                  </td>
                  <td>
                    <StatusBadge status={b.status} />
                  </td>
                  <td>
                    <BatchProgressBar label={batchLabel(b)} total={b.total} counts={b.counts} compact />
                  </td>
                  <td className="num">{fmtRate(b.throughput)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
