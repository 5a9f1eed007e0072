'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Pager, useCursorPages } from '@/components/Pager';
import { useMutation, useQuery } from 'urql';
import { Loading, QueryError } from '@/components/QueryState';
import { StatusBadge } from '@/components/StatusBadge';
import { fmtAge, fmtInt } from '@/lib/format';
import { CANCEL_JOBS_MUTATION, FAILURES_QUERY, RETRY_JOBS_MUTATION } from './queries';
import { useFailureFilters, WINDOWS } from './useFailureFilters';
import { useAllowed } from '@/lib/session';

const PAGE_SIZE = 50;

type Bulk = 'retry' | 'cancel';

/** Failed and timed-out jobs across the team's batches: groups, a filtered list, and bulk retry or cancel by filter. */
export function FailuresView() {
  const { filters, setFilters } = useFailureFilters();
  // A viewer sees the failures; retrying and cancelling need the submitter role.
  const canAct = useAllowed('submitter');
  const pages = useCursorPages(filters.after, (after) => setFilters({ after }));
  // The window is measured from when the page (or its last refresh) was opened: variables stay stable between renders.
  const [now, setNow] = useState(() => Date.now());
  const windowMs = WINDOWS.find((w) => w.value === filters.window)?.ms ?? null;
  const filter = {
    task: filters.task ?? null,
    code: filters.code ?? null,
    since: windowMs === null ? null : new Date(now - windowMs).toISOString(),
  };
  const [result, reexecute] = useQuery({ query: FAILURES_QUERY, variables: { filter, first: PAGE_SIZE, after: filters.after ?? null } });
  const [confirming, setConfirming] = useState<Bulk | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [retryState, retryJobs] = useMutation(RETRY_JOBS_MUTATION);
  const [cancelState, cancelJobs] = useMutation(CANCEL_JOBS_MUTATION);

  const refresh = () => {
    setNow(Date.now());
    reexecute({ requestPolicy: 'network-only' });
  };

  async function runBulk(kind: Bulk) {
    setConfirming(null);
    const bulkFilter = { task: filter.task, code: filter.code, since: filter.since };
    if (kind === 'retry') {
      const r = await retryJobs({ filter: bulkFilter });
      if (r.data) setDone(`Retried ${fmtInt(r.data.retryJobs.jobs)} jobs in ${fmtInt(r.data.retryJobs.batches)} batches.`);
    } else {
      const r = await cancelJobs({ filter: bulkFilter });
      if (r.data) setDone(`Cancelled ${fmtInt(r.data.cancelJobs.jobs)} queued or running jobs in ${fmtInt(r.data.cancelJobs.batches)} batches.`);
    }
    refresh();
  }

  const conn = result.data?.failedJobs;
  const groups = result.data?.failureGroups ?? [];
  const tasks = result.data?.tasks ?? [];
  const total = conn?.totalCount ?? 0;
  const filtered = Boolean(filters.task || filters.code || filters.window !== '24h');

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Failures</h1>
          <p className="muted" style={{ margin: 0 }} data-testid="failures-total">
            {conn ? `${fmtInt(total)} failed or timed-out jobs` : ' '}
          </p>
        </div>
        <div className="actions">
          <button type="button" onClick={refresh}>
            Refresh
          </button>
          {canAct && (
            <>
              <button type="button" disabled={total === 0 || retryState.fetching} onClick={() => setConfirming('retry')}>
                Retry matching jobs…
              </button>
              <button type="button" className="danger" disabled={total === 0 || cancelState.fetching} onClick={() => setConfirming('cancel')}>
                Cancel their batches…
              </button>
            </>
          )}
        </div>
      </div>

      {confirming && (
        <div className="panel" role="alertdialog" aria-labelledby="confirm-h">
          <h2 id="confirm-h">{confirming === 'retry' ? `Retry ${fmtInt(total)} jobs?` : 'Cancel what is still running?'}</h2>
          <p>
            {confirming === 'retry'
              ? 'Each failed or timed-out job that matches the filters runs again with a fresh attempt budget; its history is kept.'
              : 'The queued and running jobs of every unfinished batch with failures matching the filters are cancelled.'}
          </p>
          <div className="actions">
            <button type="button" className={confirming === 'cancel' ? 'danger' : undefined} onClick={() => void runBulk(confirming)}>
              {confirming === 'retry' ? 'Retry them' : 'Cancel them'}
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              Back
            </button>
          </div>
        </div>
      )}
      {done && (
        <p className="panel" role="status" data-testid="bulk-outcome">
          {done}
        </p>
      )}
      <QueryError error={retryState.error ?? cancelState.error} />

      <form className="filters panel" role="search" aria-label="Filter failures" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="f-task">Task</label>
          <select
            id="f-task"
            value={filters.task ?? ''}
            onChange={(e) => {
              pages.reset();
              setFilters({ task: e.target.value || undefined });
            }}
          >
            <option value="">Any</option>
            {filters.task && !tasks.some((t) => t.name === filters.task) && <option value={filters.task}>{filters.task}</option>}
            {tasks.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-code">Error code</label>
          <input
            id="f-code"
            defaultValue={filters.code ?? ''}
            key={filters.code ?? ''}
            placeholder="e.g. ECONNREFUSED"
            onBlur={(e) => {
              const code = e.target.value.trim() || undefined;
              if (code === filters.code) return;
              pages.reset();
              setFilters({ code });
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.currentTarget.blur();
            }}
          />
        </div>
        <div>
          <label htmlFor="f-window">Failed</label>
          <select
            id="f-window"
            value={filters.window}
            onChange={(e) => {
              pages.reset();
              setNow(Date.now());
              setFilters({ window: e.target.value as typeof filters.window });
            }}
          >
            {WINDOWS.map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </select>
        </div>
        {filtered && (
          <button
            type="button"
            onClick={() => {
              pages.reset();
              setFilters({ task: undefined, code: undefined, window: '24h' });
            }}
          >
            Clear filters
          </button>
        )}
      </form>

      <QueryError error={result.error} />
      {!conn && result.fetching && <Loading what="failures" />}
      {conn && (
        <>
          <section className="panel" aria-labelledby="groups-h">
            <h2 id="groups-h">Grouped by error</h2>
            {groups.length === 0 ? (
              <p className="empty">No failures match these filters.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>Code</th>
                      <th>Message (numbers, ids and addresses masked)</th>
                      <th className="num">Jobs</th>
                      <th>Example</th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((g) => (
                      <tr key={`${g.code}:${g.message}`} data-testid="failure-group">
                        <td className="mono">
                          <button type="button" className="link" title={`Show only ${g.code}`} onClick={() => setFilters({ code: g.code })}>
                            {g.code}
                          </button>
                        </td>
                        <td>
                          {g.message}
                          {g.examples[0] && (
                            <div className="muted mono" style={{ fontSize: '0.85em' }}>
                              e.g. {g.examples[0]}
                            </div>
                          )}
                        </td>
                        <td className="num">{fmtInt(g.count)}</td>
                        <td>
                          <Link href={`/job/?id=${encodeURIComponent(g.sampleJobId)}`}>Job #{g.sampleJobId}</Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="panel" aria-labelledby="failed-h">
            <h2 id="failed-h">Failed jobs</h2>
            {conn.edges.length === 0 ? (
              <p className="empty">No failed jobs match these filters.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>Job</th>
                      <th>Batch</th>
                      <th>Task</th>
                      <th>Status</th>
                      <th>Error</th>
                      <th className="num">Attempts</th>
                      <th>Failed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {conn.edges.map(({ node, task }) => (
                      <tr key={node.id} data-testid="failed-job">
                        <td>
                          <Link href={`/job/?id=${encodeURIComponent(node.id)}`}>Job #{node.id}</Link>
                        </td>
                        <td>
                          <Link href={`/batch/?id=${encodeURIComponent(node.batchId)}`}>Batch #{node.batchId}</Link>
                        </td>
                        <td className="mono">{task}</td>
                        <td>
                          <StatusBadge status={node.status} />
                        </td>
                        <td>
                          <span className="mono">{node.error?.code}</span> {node.error?.message}
                        </td>
                        <td className="num">{node.attempts}</td>
                        <td>{fmtAge(node.finishedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager pages={pages} pageInfo={conn.pageInfo} shown={conn.edges.length} total={total} />
          </section>
        </>
      )}
    </>
  );
}
