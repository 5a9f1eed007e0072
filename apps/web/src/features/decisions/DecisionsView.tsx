'use client';

import Link from 'next/link';
import { useQuery } from 'urql';
import { Loading, QueryError } from '@/components/QueryState';
import { fmtInt } from '@/lib/format';
import { DECISION_TABLE_QUERY } from './queries';

export function DecisionsView() {
  const [result, reexecute] = useQuery({ query: DECISION_TABLE_QUERY });
  const rules = result.data?.decisionTable;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Decision table</h1>
          <p className="muted" style={{ margin: 0 }}>
            How a batch's tag and volume pick its lane, executor and concurrency. A submission may override it.
          </p>
        </div>
        <div className="actions">
          <button type="button" onClick={() => reexecute({ requestPolicy: 'network-only' })} disabled={result.fetching}>
            Refresh counts
          </button>
        </div>
      </div>
      <QueryError error={result.error} />
      {!rules && result.fetching && <Loading what="the decision table" />}
      {rules && (
        <section className="panel" aria-label="Routing rules">
          <div className="table-wrap">
            <table className="decision-table">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>Tag</th>
                  <th>When</th>
                  <th>Executor</th>
                  <th className="num">Concurrency</th>
                  <th>Lane</th>
                  <th>Why</th>
                  <th className="num">Batches routed</th>
                </tr>
              </thead>
              <tbody>
                {rules.map((r) => (
                  <tr key={r.id} id={`rule-${r.id}`}>
                    <td className="mono">{r.id}</td>
                    <td>{r.tag ? <span className="tag">{r.tag}</span> : <span className="muted">any</span>}</td>
                    <td>{r.when}</td>
                    <td>{r.executor}</td>
                    <td className="num">{fmtInt(r.concurrency)}</td>
                    <td>{r.lane}</td>
                    <td className="why">{r.why}</td>
                    <td className="num">{fmtInt(r.batchesRouted)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted" style={{ marginTop: 12 }}>
            See every batch on the <Link href="/batches/">batches</Link> page; each shows the rule that routed it and why.
          </p>
        </section>
      )}
    </>
  );
}
