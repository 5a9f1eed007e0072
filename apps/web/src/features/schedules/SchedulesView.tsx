'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { LiveBadge } from '@/components/LiveBadge';
import { Loading, QueryError } from '@/components/QueryState';
import { StatusBadge } from '@/components/StatusBadge';
import { fmtAge, fmtInt, fmtTime } from '@/lib/format';
import { useAllowed } from '@/lib/session';
import { useLive } from '@/lib/useLive';
import { DELETE_SCHEDULE_MUTATION, PAUSE_SCHEDULE_MUTATION, RESUME_SCHEDULE_MUTATION, SCHEDULES_LIVE_SUBSCRIPTION, SCHEDULES_QUERY } from './queries';
import { ScheduleForm } from './ScheduleForm';

const PAGE_SIZE = 50;
const NO_VARS = {};

/** The team's schedules: next run, last run, recent batches, pause/resume/delete; and a form to create one. */
export function SchedulesView() {
  const [result, reexecute] = useQuery({ query: SCHEDULES_QUERY, variables: { first: PAGE_SIZE, after: null } });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  // Live: each lane-metrics snapshot (≤ 1/s, only while something changes) means batches started or moved on.
  const live = useLive(SCHEDULES_LIVE_SUBSCRIPTION, NO_VARS, { onData: refresh });
  const [, pause] = useMutation(PAUSE_SCHEDULE_MUTATION);
  const [, resume] = useMutation(RESUME_SCHEDULE_MUTATION);
  const [, remove] = useMutation(DELETE_SCHEDULE_MUTATION);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  // A viewer sees the schedules; creating, pausing and deleting them need the submitter role.
  const canChange = useAllowed('submitter');
  const [actionError, setActionError] = useState<string | null>(null);

  async function act(run: () => Promise<{ error?: { message: string } | undefined }>) {
    const r = await run();
    setActionError(r.error ? r.error.message : null);
    refresh();
  }

  const conn = result.data?.schedules;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Schedules</h1>
          <p className="muted" style={{ margin: 0 }}>
            Batches submitted on a cron. After a restart, missed runs are not replayed: one run starts at once, then the cron goes on.
          </p>
        </div>
        <div className="actions">
          <LiveBadge state={live.state} error={live.error} />
        </div>
      </div>

      {canChange && <ScheduleForm tasks={result.data?.tasks ?? []} onCreated={refresh} />}

      <QueryError error={result.error} />
      {actionError && (
        <p className="error-box" role="alert">
          {actionError}
        </p>
      )}
      {!conn && result.fetching && <Loading what="schedules" />}
      {conn && (
        <section className="panel" aria-label="Schedules">
          {conn.edges.length === 0 ? (
            <p className="empty">No schedules yet. Create one above.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="schedules-table">
                <thead>
                  <tr>
                    <th>Schedule</th>
                    <th>Cron</th>
                    <th>Task</th>
                    <th>State</th>
                    <th>Next run</th>
                    <th>Last run</th>
                    <th className="num">Runs</th>
                    <th className="num">Skipped</th>
                    <th>Recent batches</th>
                    <th>Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {conn.edges.map(({ node: s }) => (
                    <tr key={s.id} data-schedule-id={s.id}>
                      <td>
                        {s.name} <span className="muted">#{s.id}</span>
                      </td>
                      <td>
                        <span className="mono">{s.cron}</span>
                        <br />
                        <span className="muted" style={{ fontSize: '0.82rem' }}>
                          {s.timezone} · {s.overlap.toLowerCase().replace('_', ' ')}
                        </span>
                      </td>
                      <td className="mono">
                        {s.task} × {fmtInt(s.itemCount)}
                      </td>
                      <td data-testid="schedule-state">{s.paused ? 'Paused' : 'Active'}</td>
                      <td data-testid="schedule-next" title={s.nextRunAt ?? undefined}>
                        {s.nextRunAt ? fmtTime(s.nextRunAt) : '—'}
                      </td>
                      <td title={s.lastRunAt ?? undefined}>{fmtAge(s.lastRunAt)}</td>
                      <td className="num" data-testid="schedule-runs">
                        {fmtInt(s.batches.totalCount)}
                      </td>
                      <td className="num">{fmtInt(s.skippedRuns)}</td>
                      <td>
                        {s.batches.edges.map(({ node: b }) => (
                          <Link key={b.id} href={`/batch/?id=${encodeURIComponent(b.id)}`} title={`Batch #${b.id}, run at ${fmtTime(b.runAt)}`}>
                            <StatusBadge status={b.status} />{' '}
                          </Link>
                        ))}
                      </td>
                      <td>
                        {canChange && (
                          <div className="actions">
                            {s.paused ? (
                              <button type="button" onClick={() => act(() => resume({ id: s.id }))}>
                                Resume
                              </button>
                            ) : (
                              <button type="button" onClick={() => act(() => pause({ id: s.id }))}>
                                Pause
                              </button>
                            )}
                            {confirmDelete === s.id ? (
                              <>
                                <button
                                  type="button"
                                  className="danger"
                                  onClick={() => {
                                    setConfirmDelete(null);
                                    void act(() => remove({ id: s.id }));
                                  }}
                                >
                                  Yes, delete
                                </button>
                                <button type="button" onClick={() => setConfirmDelete(null)}>
                                  Keep
                                </button>
                              </>
                            ) : (
                              <button type="button" className="danger" onClick={() => setConfirmDelete(s.id)}>
                                Delete
                              </button>
                            )}
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
