import { graphql } from '@/gql';

export const BATCH_SUMMARY_FRAGMENT = graphql(`
  fragment BatchSummary on Batch {
    id name task tag status done total
    counts { ...BatchCounts }
    route { executor concurrency rule reason lane phases { phase executor concurrency } }
    createdAt startedAt finishedAt wallMs throughput
  }
`);

export const BATCHES_QUERY = graphql(`
  query BatchesList($first: Int, $after: String, $status: BatchStatus, $task: String, $tag: JobTag, $search: String, $includeComparisonRuns: Boolean) {
    batches(
      first: $first
      after: $after
      status: $status
      task: $task
      tag: $tag
      search: $search
      includeComparisonRuns: $includeComparisonRuns
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...BatchSummary } }
    }
    tasks { name }
  }
`);

/** Only what the list needs to stay live: which batches run now and their counts. */
export const ACTIVE_BATCHES_SUBSCRIPTION = graphql(`
  subscription BatchesLive {
    laneMetrics {
      seq
      activeBatches { id status total throughput counts { ...BatchCounts } }
    }
  }
`);
