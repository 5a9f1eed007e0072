'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { Pager, useCursorPages } from '@/components/Pager';
import { useQuery } from 'urql';
import { BatchProgressBar } from '@/components/BatchProgressBar';
import { LiveBadge } from '@/components/LiveBadge';
import { Loading, QueryError } from '@/components/QueryState';
import { StatusBadge } from '@/components/StatusBadge';
import { batchLabel, fmtAge, fmtRate } from '@/lib/format';
import { useLive } from '@/lib/useLive';
import { useAllowed } from '@/lib/session';
import { BATCH_STATUSES, JOB_TAGS } from '@/lib/enums';
import { ACTIVE_BATCHES_SUBSCRIPTION, BATCHES_QUERY } from './queries';
import { useBatchFilters } from './useBatchFilters';

const PAGE_SIZE = 25;
const NO_VARS = {};

export function BatchesView() {
  const { filters, setFilters } = useBatchFilters();
  const canSubmit = useAllowed('submitter');
  const pages = useCursorPages(filters.after, (after) => setFilters({ after }));
  const [result, reexecute] = useQuery({
    query: BATCHES_QUERY,
    variables: {
      first: PAGE_SIZE,
      after: filters.after ?? null,
      status: filters.status ?? null,
      task: filters.task ?? null,
      tag: filters.tag ?? null,
      search: filters.search ?? null,
      includeComparisonRuns: filters.comparisons,
    },
  });

  // Live: running batches' counts come from the laneMetrics snapshots; when the set of running batches
  // changes (one started or finished), the page is fetched again so statuses and order are right.
  const activeKey = useRef<string | null>(null);
  const live = useLive(ACTIVE_BATCHES_SUBSCRIPTION, NO_VARS, {
    onData(d) {
      const key = d.laneMetrics.activeBatches
        .map((b) => b.id)
        .sort()
        .join(',');
      if (activeKey.current !== null && activeKey.current !== key) reexecute({ requestPolicy: 'network-only' });
      activeKey.current = key;
    },
  });
  const activeById = new Map((live.data?.laneMetrics.activeBatches ?? []).map((b) => [b.id, b]));

  // The search box follows the URL's search when that changes (back/forward, "Clear filters"); adjusted
  // during render rather than in an effect.
  const [search, setSearch] = useState(filters.search ?? '');
  const [searchInUrl, setSearchInUrl] = useState(filters.search);
  if (filters.search !== searchInUrl) {
    setSearchInUrl(filters.search);
    setSearch(filters.search ?? '');
  }

  const conn = result.data?.batches;
  const tasks = result.data?.tasks ?? [];

  function onSearch(e: FormEvent) {
    e.preventDefault();
    pages.reset();
    setFilters({ search: search.trim() || undefined });
  }

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Batches</h1>
          <p className="muted" style={{ margin: 0 }}>
            {conn ? `${conn.totalCount.toLocaleString()} matching` : ' '}
          </p>
        </div>
        <div className="actions">
          <LiveBadge state={live.state} error={live.error} />
          {canSubmit && (
            <Link className="button" href="/submit/">
              Submit a batch
            </Link>
          )}
        </div>
      </div>
      <PurgedNotice />

      <form className="filters panel" role="search" aria-label="Filter batches" onSubmit={onSearch}>
        <div>
          <label htmlFor="f-status">Status</label>
          <select
            id="f-status"
            value={filters.status ?? ''}
            onChange={(e) => {
              pages.reset();
              setFilters({ status: (e.target.value || undefined) as typeof filters.status });
            }}
          >
            <option value="">Any</option>
            {BATCH_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
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
          <label htmlFor="f-tag">Tag</label>
          <select
            id="f-tag"
            value={filters.tag ?? ''}
            onChange={(e) => {
              pages.reset();
              setFilters({ tag: (e.target.value || undefined) as typeof filters.tag });
            }}
          >
            <option value="">Any</option>
            {JOB_TAGS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-q">Search</label>
          <input id="f-q" type="search" value={search} placeholder="name, task or id" onChange={(e) => setSearch(e.target.value)} />
        </div>
        <label className="checkbox" htmlFor="f-comparisons">
          <input
            id="f-comparisons"
            type="checkbox"
            checked={filters.comparisons}
            onChange={(e) => {
              pages.reset();
              setFilters({ comparisons: e.target.checked });
            }}
          />
          Include comparison runs
        </label>
        <button type="submit">Search</button>
        {(filters.status || filters.task || filters.tag || filters.search || filters.comparisons) && (
          <button
            type="button"
            onClick={() => {
              pages.reset();
              setFilters({ status: undefined, task: undefined, tag: undefined, search: undefined, comparisons: false });
            }}
          >
            Clear filters
          </button>
        )}
      </form>

      <QueryError error={result.error} />
      {!conn && result.fetching && <Loading what="batches" />}
      {conn && (
        <section className="panel" aria-label="Batches">
          {conn.edges.length === 0 ? (
            <p className="empty">No batches match these filters.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Batch</th>
                    <th>Status</th>
                    <th>Task</th>
                    <th>Tag</th>
                    <th>Route</th>
                    <th>Progress</th>
                    <th className="num">Throughput</th>
                    <th>Age</th>
                  </tr>
                </thead>
                <tbody>
                  {conn.edges.map(({ node }) => {
                    const a = activeById.get(node.id);
                    const counts = a?.counts ?? node.counts;
                    return (
                      <tr key={node.id} data-batch-id={node.id}>
                        <td>
                          <Link href={`/batch/?id=${encodeURIComponent(node.id)}`}>{batchLabel(node)}</Link>
                        </td>
                        <td>
                          <StatusBadge status={a?.status ?? node.status} />
                        </td>
                        <td className="mono">{node.task}</td>
                        <td>
                          <span className="tag">{node.tag}</span>
                        </td>
                        <td>
                          {node.route.executor.toLowerCase()} × {node.route.concurrency}
                          <br />
                          <span className="muted" style={{ fontSize: '0.82rem' }}>
                            {node.route.rule}
                          </span>
                        </td>
                        <td>
                          <BatchProgressBar label={batchLabel(node)} total={node.total} counts={counts} compact />
                        </td>
                        <td className="num">{fmtRate(a?.throughput ?? node.throughput)}</td>
                        <td title={node.createdAt}>{fmtAge(node.createdAt)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pager pages={pages} pageInfo={conn.pageInfo} shown={conn.edges.length} total={conn.totalCount} />
        </section>
      )}
    </>
  );
}

/** After a purge on the batch page (`?purged=<id>`): says the batch is gone, since the list no longer shows it. */
function PurgedNotice() {
  const purged = useSearchParams().get('purged');
  if (!purged) return null;
  return (
    <p className="ok-box" role="status">
      Batch {purged} was deleted with its jobs.
    </p>
  );
}
