'use client';

import { useQuery } from 'urql';
import { Loading, QueryError } from '@/components/QueryState';
import { useAllowed } from '@/lib/session';
import { CompareForm } from './CompareForm';
import { ComparisonsList } from './ComparisonsList';
import { COMPARE_SETUP_QUERY } from './queries';

/** /compare/: start a comparison (form + presets) and the past comparisons. */
export function CompareView() {
  // Starting a comparison submits batches: a viewer sees the past comparisons only.
  const canCompare = useAllowed('submitter');
  const [setup] = useQuery({ query: COMPARE_SETUP_QUERY, pause: !canCompare });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Compare strategies</h1>
          <p className="muted" style={{ margin: 0 }}>
            The same items under each strategy, one after another, measured alike: wall time, throughput, speedup against the ideal, CPU, memory,
            event-loop delay.
          </p>
        </div>
      </div>
      {!canCompare ? null : setup.error ? (
        <QueryError error={setup.error} />
      ) : !setup.data ? (
        <Loading what="tasks" />
      ) : (
        <CompareForm tasks={setup.data.tasks} />
      )}
      <ComparisonsList />
    </>
  );
}
