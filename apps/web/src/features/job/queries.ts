export const JOB_QUERY = /* GraphQL */ `
  query JobDetail($id: ID!) {
    job(id: $id) {
      id batchId index status input result
      error { code message stack }
      attempts maxAttempts executor
      queuedAt startedAt finishedAt waitMs runMs progress
      history {
        attempt status executor queuedAt startedAt finishedAt waitMs runMs
        error { code message stack }
      }
      batch { id name task tag status route { lane executor concurrency } }
    }
  }
`;

/** Used only while the job is not finished: its batch's snapshots tell us when to look again. */
export const JOB_BATCH_PROGRESS_SUBSCRIPTION = /* GraphQL */ `
  subscription JobBatchProgress($id: ID!) {
    batchProgress(id: $id) { seq done counts { queued running succeeded failed cancelled timedOut } }
  }
`;

export const CANCEL_JOB_MUTATION = /* GraphQL */ `
  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id status } }
`;
