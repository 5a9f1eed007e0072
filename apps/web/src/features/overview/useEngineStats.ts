'use client';

import { useMemo, useRef } from 'react';
import { useQuery } from 'urql';
import { useLive } from '@/lib/useLive';
import type { OverviewStatsFragment } from '@/gql/graphql';
import type { RatePoint } from '@/components/ThroughputChart';
import { ENGINE_STATS_QUERY, LANE_METRICS_SUBSCRIPTION } from './queries';

const FALLBACK_HISTORY = 300;

/**
 * The overview's data: one query for the first paint, then the `laneMetrics` subscription (one snapshot a
 * second). Per-lane throughput history comes from the server's 1 s buckets; only if a lane has none yet
 * do we keep the snapshots' throughput figures ourselves. `allTeams` (admins): the whole engine's figures instead of
 * the team's own; the caller remounts on a change so no history mixes the two.
 */
export function useEngineStats(allTeams: boolean) {
  const variables = useMemo(() => ({ allTeams }), [allTeams]);
  const [initial] = useQuery({ query: ENGINE_STATS_QUERY, variables });
  const fallback = useRef(new Map<string, RatePoint[]>());
  const live = useLive(LANE_METRICS_SUBSCRIPTION, variables, {
    onData(d) {
      const t = Date.parse(d.laneMetrics.at) || Date.now();
      for (const lane of d.laneMetrics.lanes) {
        // A new array each time: recharts freezes the data it is given.
        const arr = [...(fallback.current.get(lane.lane) ?? []), { t, v: lane.throughput }];
        fallback.current.set(lane.lane, arr.slice(-FALLBACK_HISTORY));
      }
    },
  });
  const stats = live.data?.laneMetrics ?? initial.data?.engineStats;

  function historyOf(lane: string, buckets: OverviewStatsFragment['lanes'][number]['history']): RatePoint[] {
    if (buckets.length > 0) return buckets.map((b) => ({ t: Date.parse(b.at), v: b.completed }));
    return fallback.current.get(lane) ?? [];
  }

  return { stats, live, error: initial.error, fetching: initial.fetching, historyOf };
}
