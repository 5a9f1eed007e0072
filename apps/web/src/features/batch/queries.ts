import { graphql } from '@/gql';

export const BATCH_QUERY = graphql(`
  query BatchDetail($id: ID!, $first: Int, $after: String, $status: JobStatus) {
    batch(id: $id) {
      ...BatchSummary
      timeoutMs
      maxAttempts
      etaMs
      autoReroute
      runAt
      schedule { id name }
      ...BatchFlow
      diagnosis { mistagged suggestedTag verdict blockedMsPerJob workerBusyRatio measuredJobs }
      failures { code message count sampleJobId examples }
      jobs(first: $first, after: $after, status: $status) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id index status attempts executor waitMs runMs result error { code message } } }
      }
    }
  }
`);

export const BATCH_PROGRESS_SUBSCRIPTION = graphql(`
  subscription BatchDetailProgress($id: ID!) {
    batchProgress(id: $id) {
      seq batchId status total throughput wallMs etaMs done
      counts { ...BatchCounts }
      batch { ...BatchFlow }
    }
  }
`);

export const CANCEL_BATCH_MUTATION = graphql(`
  mutation CancelBatch($id: ID!) {
    cancelBatch(id: $id) { id status done counts { ...BatchCounts } }
  }
`);

export const RETRY_FAILED_MUTATION = graphql(`
  mutation RetryFailed($batchId: ID!) {
    retryFailed(batchId: $batchId) { id status done counts { ...BatchCounts } }
  }
`);

export const DELETE_BATCH_MUTATION = graphql(`
  mutation DeleteBatch($id: ID!) {
    deleteBatch(id: $id) {
      __typename
      ... on DeleteBatchSuccess { batchId }
      ... on BatchNotFinishedError { message status }
    }
  }
`);

export const BATCH_THROUGHPUT_QUERY = graphql(`
  query BatchThroughput($id: ID!) {
    batch(id: $id) { id throughputSeries { widthMs points { at completed } } }
  }
`);
