'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from 'urql';
import { Loading, QueryError } from '@/components/QueryState';
import { StatusBadge } from '@/components/StatusBadge';
import { fmtAge, fmtInt, fmtMs, fmtTime, strategyLabel } from '@/lib/format';
import { fastestRun } from './exportComparison';
import { COMPARISONS_QUERY } from './queries';

const PAGE = 20;

/** Past comparisons, newest first: task, strategies, status, the fastest strategy, when. */
export function ComparisonsList() {
  const [after, setAfter] = useState<string | undefined>(undefined);
  const [prev, setPrev] = useState<(string | undefined)[]>([]);
  const [result] = useQuery({ query: COMPARISONS_QUERY, variables: { first: PAGE, after: after ?? null } });
  const data = result.data?.comparisons;

  return (
    <section className="panel" aria-labelledby="past-h">
      <div className="lane-head">
        <h2 id="past-h">Past comparisons</h2>
        {data && <span className="muted">{fmtInt(data.totalCount)} in all</span>}
      </div>
      <QueryError error={result.error} />
      {!data ? (
        !result.error && <Loading what="comparisons" />
      ) : data.edges.length === 0 ? (
        <p className="empty">No comparisons yet. Start one above, or load a classic experiment.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="comparisons-table">
            <thead>
              <tr>
                <th>Comparison</th>
                <th>Task</th>
                <th className="num">Items</th>
                <th>Strategies</th>
                <th>Status</th>
                <th>Fastest</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {data.edges.map(({ node: c }) => {
                const best = fastestRun(c.runs);
                return (
                  <tr key={c.id} data-comparison-id={c.id}>
                    <td>
                      <Link href={`/compare/view/?id=${encodeURIComponent(c.id)}`}>{c.name ? `${c.name} (#${c.id})` : `Comparison #${c.id}`}</Link>
                    </td>
                    <td className="mono">{c.task}</td>
                    <td className="num">{fmtInt(c.total)}</td>
                    <td>{c.strategies.map(strategyLabel).join(', ')}</td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td>
                      {best && c.status === 'SUCCEEDED'
                        ? `${strategyLabel(best)} (${fmtMs(best.wallMs)})`
                        : best
                          ? `so far ${strategyLabel(best)}`
                          : '—'}
                    </td>
                    <td title={fmtTime(c.createdAt)}>{fmtAge(c.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {data && (prev.length > 0 || data.pageInfo.hasNextPage) && (
        <nav className="pager" aria-label="Comparison pages">
          {prev.length > 0 && (
            <button
              type="button"
              onClick={() => {
                const stack = [...prev];
                setAfter(stack.pop());
                setPrev(stack);
              }}
            >
              ← Newer
            </button>
          )}
          {data.pageInfo.hasNextPage && data.pageInfo.endCursor && (
            <button
              type="button"
              onClick={() => {
                setPrev([...prev, after]);
                setAfter(data.pageInfo.endCursor ?? undefined);
              }}
            >
              Older →
            </button>
          )}
        </nav>
      )}
    </section>
  );
}
