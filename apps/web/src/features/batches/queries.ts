export const BATCH_SUMMARY_FIELDS = /* GraphQL */ `
  fragment BatchSummary on Batch {
    id name task tag status total
    counts { queued running succeeded failed cancelled timedOut }
    route { executor concurrency rule reason lane phases { phase executor concurrency } }
    createdAt startedAt finishedAt wallMs throughput
  }
`;

export const BATCHES_QUERY = /* GraphQL */ `
  query BatchesList($first: Int, $after: String, $status: BatchStatus, $task: String, $tag: JobTag, $search: String) {
    batches(first: $first, after: $after, status: $status, task: $task, tag: $tag, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...BatchSummary } }
    }
    tasks { name }
  }
  ${BATCH_SUMMARY_FIELDS}
`;

/** Only what the list needs to stay live: which batches run now and their counts. */
export const ACTIVE_BATCHES_SUBSCRIPTION = /* GraphQL */ `
  subscription BatchesLive {
    laneMetrics {
      seq
      activeBatches { id status total throughput counts { queued running succeeded failed cancelled timedOut } }
    }
  }
`;
