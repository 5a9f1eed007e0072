'use client';

import { useMemo } from 'react';
import { useQuery } from 'urql';
import { Loading, QueryError } from '@/components/QueryState';
import { EXECUTOR_KINDS } from '@/lib/types';
import { CompareForm } from './CompareForm';
import { ComparisonsList } from './ComparisonsList';
import { COMPARE_SETUP_QUERY, type CompareSetup } from './queries';

/** /compare/: start a comparison (form + presets) and the past comparisons. */
export function CompareView() {
  const [setup] = useQuery<CompareSetup>({ query: COMPARE_SETUP_QUERY });
  const tasks = useMemo(() => setup.data?.tasks ?? [], [setup.data]);
  // The executors come from the server's ExecutorKind enum, so a new one (PROCESSES) shows up without a change here.
  const executors = useMemo(() => {
    const fromSchema = setup.data?.executorKind?.enumValues.map((v) => v.name) ?? [];
    const order = (k: string) => {
      const i = (EXECUTOR_KINDS as readonly string[]).indexOf(k);
      return i === -1 ? EXECUTOR_KINDS.length : i;
    };
    return (fromSchema.length > 0 ? fromSchema : [...EXECUTOR_KINDS]).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  }, [setup.data]);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Compare strategies</h1>
          <p className="muted" style={{ margin: 0 }}>
            The same items under each strategy, one after another, measured alike: wall time, throughput, speedup against the ideal, CPU, memory, event-loop delay.
          </p>
        </div>
      </div>
      {setup.error ? <QueryError error={setup.error} /> : !setup.data ? <Loading what="tasks" /> : <CompareForm tasks={tasks} executors={executors} />}
      <ComparisonsList />
    </>
  );
}
