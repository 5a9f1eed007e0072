'use client';

import { useEffect } from 'react';
import { useQuery } from 'urql';
import { useLive } from '@/lib/useLive';
import { COMPARISON_FULL_QUERY, COMPARISON_PROGRESS_SUBSCRIPTION, COMPARISON_QUERY, type Comparison } from './queries';

/** The server sets finishedAt exactly when a comparison leaves RUNNING, whatever the reason. */
export function hasEnded(c: { finishedAt: string | null }): boolean {
  return c.finishedAt !== null;
}

/**
 * One comparison, kept live: the query answers first, then `comparisonProgress` snapshots (one subscription,
 * opened only while the comparison runs) replace it. Once it has ended, the timelines (up to 5,000 jobs a run)
 * are fetched once with a query — never pushed through the subscription.
 */
export function useComparison(id: string) {
  const [base, reexecute] = useQuery({ query: COMPARISON_QUERY, variables: { id } });
  const fromQuery = base.data?.comparison ?? null;
  const endedAtLoad = fromQuery ? hasEnded(fromQuery) : false;

  const live = useLive(COMPARISON_PROGRESS_SUBSCRIPTION, { id }, { pause: !fromQuery || endedAtLoad });
  const snapshot = live.data?.comparisonProgress ?? null;
  const comparison: Comparison | null = snapshot ?? fromQuery;
  const ended = comparison ? hasEnded(comparison) : false;

  // A stream that ends without a final snapshot (server restart, lost connection): ask once more.
  useEffect(() => {
    if ((live.state === 'ended' || live.state === 'error') && !ended) reexecute({ requestPolicy: 'network-only' });
  }, [live.state, ended, reexecute]);

  const [full] = useQuery({
    query: COMPARISON_FULL_QUERY,
    variables: { id },
    pause: !ended,
    requestPolicy: 'network-only',
  });
  const withTimelines: Comparison | null = ended ? (full.data?.comparison ?? null) : null;

  return {
    comparison: withTimelines ?? comparison,
    timelinesLoaded: withTimelines !== null,
    timelinesFetching: ended && full.fetching,
    timelinesError: full.error,
    loading: !base.data && base.fetching,
    error: base.error,
    notFound: base.data !== undefined && fromQuery === null,
    // Once the comparison has ended the stream has nothing more to say, whether or not it has closed yet.
    live: endedAtLoad || ended ? { state: 'ended' as const, error: undefined } : { state: live.state, error: live.error },
    refetch: () => reexecute({ requestPolicy: 'network-only' }),
  };
}
