export const LANE_FIELDS = /* GraphQL */ `
  fragment OverviewStats on EngineStats {
    seq
    at
    lanes {
      lane
      executor
      inFlight
      limit
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
    totals { queued running succeeded failed cancelled timedOut }
    activeBatches {
      id name task tag status total
      counts { queued running succeeded failed cancelled timedOut }
      route { lane executor concurrency }
      throughput
      createdAt
    }
  }
`;

export const ENGINE_STATS_QUERY = /* GraphQL */ `
  query OverviewEngineStats { engineStats { ...OverviewStats } }
  ${LANE_FIELDS}
`;

export const LANE_METRICS_SUBSCRIPTION = /* GraphQL */ `
  subscription OverviewLaneMetrics { laneMetrics { ...OverviewStats } }
  ${LANE_FIELDS}
`;
