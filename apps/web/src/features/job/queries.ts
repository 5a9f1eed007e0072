import { graphql } from '@/gql';

export const JOB_QUERY = graphql(`
  query JobDetail($id: ID!) {
    job(id: $id) {
      id batchId index status input result
      error { code message stack }
      attempts attemptsInBudget maxAttempts executor
      queuedAt startedAt finishedAt waitMs runMs progress progressMessage
      logs { at level message }
      logsDropped
      history {
        attempt status executor worker queuedAt startedAt finishedAt waitMs runMs
        error { code message stack }
      }
      batch { id name task tag status route { lane executor concurrency } }
    }
  }
`);

/** Used only while the job is not finished: its batch's snapshots tell us when to look again. */
export const JOB_BATCH_PROGRESS_SUBSCRIPTION = graphql(`
  subscription JobBatchProgress($id: ID!) {
    batchProgress(id: $id) { seq done counts { ...BatchCounts } }
  }
`);

export const RETRY_JOB_MUTATION = graphql(`
  mutation RetryJob($id: ID!) { retryJob(id: $id) { id status attempts attemptsInBudget finishedAt } }
`);

export const CANCEL_JOB_MUTATION = graphql(`
  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id status finishedAt } }
`);
