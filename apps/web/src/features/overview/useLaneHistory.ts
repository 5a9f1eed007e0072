'use client';

import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import type { HistoryRange } from '@/gql/graphql';
import type { RatePoint } from '@/components/ThroughputChart';
import { LANE_HISTORY_QUERY } from './queries';

export const RANGES: { value: HistoryRange | 'LIVE'; label: string }[] = [
  { value: 'LIVE', label: '5 min (live)' },
  { value: 'HOUR', label: '1 h' },
  { value: 'DAY', label: '24 h' },
  { value: 'WEEK', label: '7 d' },
];

/**
 * The lanes' stored history over a range (laneHistory: it survives restarts). Not fetched for the live range, which
 * the subscription draws; otherwise fetched again when a new snapshot arrives and a bucket has ended since the last
 * fetch — driven by the subscription, never by a timer.
 */
export function useLaneHistory(range: HistoryRange | 'LIVE', snapshotAt: string | undefined) {
  const [result, reexecute] = useQuery({
    query: LANE_HISTORY_QUERY,
    variables: { range: range === 'LIVE' ? 'HOUR' : range },
    pause: range === 'LIVE',
  });
  const fetchedAt = useRef(0);
  const history = result.data?.laneHistory;
  useEffect(() => {
    if (range === 'LIVE' || !history || !snapshotAt) return;
    if (fetchedAt.current === 0) fetchedAt.current = Date.now();
    if (Date.now() - fetchedAt.current < history.resolutionMs) return;
    fetchedAt.current = Date.now();
    reexecute({ requestPolicy: 'network-only' });
  }, [range, history, snapshotAt, reexecute]);

  function seriesOf(lane: string): RatePoint[] | null {
    if (range === 'LIVE' || !history) return null;
    const seconds = history.resolutionMs / 1_000;
    // Cancelled jobs are not throughput: only jobs that ran to an end count.
    return history.buckets.filter((b) => b.lane === lane).map((b) => ({ t: Date.parse(b.at), v: (b.succeeded + b.failed + b.timedOut) / seconds }));
  }

  return { seriesOf, resolutionMs: history?.resolutionMs ?? 1_000, error: result.error };
}
