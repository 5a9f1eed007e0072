import { graphql } from '@/gql';

export const OVERVIEW_STATS_FRAGMENT = graphql(`
  fragment OverviewStats on EngineStats {
    seq
    at
    lanes {
      lane
      executor
      inFlight
      limit
      demand
      queued
      throughput
      history { at completed }
      waitP50
      waitP95
      runP50
      runP95
      utilization
    }
    eventLoop { delayP50Ms delayP99Ms delayMaxMs utilization }
    totals { ...BatchCounts }
    storage { bytes oldestBatchAt retention }
    activeBatches {
      id name task tag status total
      counts { ...BatchCounts }
      route { lane executor concurrency }
      throughput
      createdAt
    }
  }
`);

export const ENGINE_STATS_QUERY = graphql(`
  query OverviewEngineStats($allTeams: Boolean) { engineStats(allTeams: $allTeams) { ...OverviewStats } }
`);

export const LANE_METRICS_SUBSCRIPTION = graphql(`
  subscription OverviewLaneMetrics($allTeams: Boolean) { laneMetrics(allTeams: $allTeams) { ...OverviewStats } }
`);

export const LANE_HISTORY_QUERY = graphql(`
  query OverviewLaneHistory($range: HistoryRange!) {
    laneHistory(range: $range) { resolutionMs buckets { lane at succeeded failed timedOut } }
  }
`);
