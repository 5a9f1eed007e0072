import { graphql } from '@/gql';

export const FAILURES_QUERY = graphql(`
  query Failures($filter: FailedJobsFilter, $first: Int, $after: String) {
    failureGroups(filter: $filter) { code message count sampleJobId examples }
    failedJobs(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        task
        node { id batchId index status attempts finishedAt error { code message } }
      }
    }
    tasks { name }
  }
`);

export const RETRY_JOBS_MUTATION = graphql(`
  mutation RetryJobs($filter: FailedJobsFilter!) { retryJobs(filter: $filter) { jobs batches } }
`);

export const CANCEL_JOBS_MUTATION = graphql(`
  mutation CancelJobs($filter: FailedJobsFilter!) { cancelJobs(filter: $filter) { jobs batches } }
`);
