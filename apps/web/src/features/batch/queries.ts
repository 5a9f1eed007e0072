import { BATCH_SUMMARY_FIELDS } from '../batches/queries';

export const BATCH_QUERY = /* GraphQL */ `
  query BatchDetail($id: ID!, $first: Int, $after: String, $status: JobStatus) {
    batch(id: $id) {
      ...BatchSummary
      timeoutMs
      maxAttempts
      etaMs
      autoReroute
      diagnosis { mistagged suggestedTag verdict blockedMsPerJob workerBusyRatio measuredJobs }
      failures { code message count sampleJobId }
      jobs(first: $first, after: $after, status: $status) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id index status attempts executor waitMs runMs error { code message } } }
      }
    }
  }
  ${BATCH_SUMMARY_FIELDS}
`;

export const BATCH_PROGRESS_SUBSCRIPTION = /* GraphQL */ `
  subscription BatchDetailProgress($id: ID!) {
    batchProgress(id: $id) {
      seq batchId status total throughput wallMs etaMs done
      counts { queued running succeeded failed cancelled timedOut }
    }
  }
`;

export const CANCEL_BATCH_MUTATION = /* GraphQL */ `
  mutation CancelBatch($id: ID!) {
    cancelBatch(id: $id) { id status counts { queued running succeeded failed cancelled timedOut } }
  }
`;

export const RETRY_FAILED_MUTATION = /* GraphQL */ `
  mutation RetryFailed($batchId: ID!) {
    retryFailed(batchId: $batchId) { id status counts { queued running succeeded failed cancelled timedOut } }
  }
`;
