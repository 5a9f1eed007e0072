/**
 * Every operation the client sends, typed by `npm run codegen` from the committed schema.graphql into ./gql/.
 * The generated documents are strings (documentMode: 'string'), so a request is the document as it is: nothing is
 * parsed or printed per call.
 */
import { graphql } from './gql/index.ts';

export const COUNTS_FRAGMENT = graphql(`
  fragment ClientCounts on Counts { queued running succeeded failed cancelled timedOut finished }
`);

/** Expected failures are data: every result union's error types, matched on `__typename`. */
export const ERROR_FRAGMENT = graphql(`
  fragment ClientError on Error {
    __typename
    message
    ... on UnknownTaskError { task }
    ... on TooManyItemsError { max got }
    ... on InvalidFileError { rows { row message } }
    ... on InvalidItemsError { items { index path message } }
    ... on InvalidInputError { field issues { path message } }
  }
`);

export const BATCH_FRAGMENT = graphql(`
  fragment ClientBatch on Batch {
    id name task tag status done total
    counts { ...ClientCounts }
    route { executor concurrency rule reason lane }
    createdAt startedAt finishedAt wallMs throughput etaMs timeoutMs maxAttempts
    failures { code message count sampleJobId }
  }
`);

export const JOB_FRAGMENT = graphql(`
  fragment ClientJob on Job {
    id batchId index status input result attempts executor waitMs runMs startedAt finishedAt
    error { code message }
  }
`);

export const COMPARISON_FRAGMENT = graphql(`
  fragment ClientComparison on Comparison {
    id name task tag total status verdict error createdAt finishedAt
    strategies { executor concurrency }
    runs {
      executor concurrency status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors
      batch { id }
    }
    current { id total counts { ...ClientCounts } }
  }
`);

export const SUBMIT_BATCH = graphql(`
  mutation ClientSubmitBatch($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      __typename
      ... on SubmitBatchSuccess { batch { ...ClientBatch } }
      ...ClientError
    }
  }
`);

export const SUBMIT_BATCH_FILE = graphql(`
  mutation ClientSubmitBatchFile($input: SubmitBatchFileInput!, $file: File!) {
    submitBatchFile(input: $input, file: $file) {
      __typename
      ... on SubmitBatchSuccess { batch { ...ClientBatch } }
      ...ClientError
    }
  }
`);

export const BATCH = graphql(`
  query ClientBatch($id: ID!) { batch(id: $id) { ...ClientBatch } }
`);

export const BATCH_JOBS = graphql(`
  query ClientBatchJobs($id: ID!, $first: Int!, $after: String, $status: JobStatus) {
    batch(id: $id) {
      jobs(first: $first, after: $after, status: $status) {
        pageInfo { hasNextPage endCursor }
        edges { node { ...ClientJob } }
      }
    }
  }
`);

export const BATCH_PROGRESS = graphql(`
  subscription ClientBatchProgress($id: ID!) {
    batchProgress(id: $id) {
      seq batchId status total done throughput wallMs etaMs
      counts { ...ClientCounts }
    }
  }
`);

export const JOBS_FINISHED = graphql(`
  subscription ClientJobsFinished($batchId: ID!, $after: String) {
    jobsFinished(batchId: $batchId, after: $after) { cursor done jobs { ...ClientJob } }
  }
`);

export const CANCEL_BATCH = graphql(`
  mutation ClientCancelBatch($id: ID!) { cancelBatch(id: $id) { ...ClientBatch } }
`);

export const RETRY_FAILED = graphql(`
  mutation ClientRetryFailed($batchId: ID!) { retryFailed(batchId: $batchId) { ...ClientBatch } }
`);

export const COMPARE_STRATEGIES = graphql(`
  mutation ClientCompareStrategies($input: CompareStrategiesInput!) {
    compareStrategies(input: $input) {
      __typename
      ... on CompareStrategiesSuccess { comparison { ...ClientComparison } }
      ...ClientError
    }
  }
`);

export const COMPARISON = graphql(`
  query ClientComparison($id: ID!) { comparison(id: $id) { ...ClientComparison } }
`);

export const COMPARISON_PROGRESS = graphql(`
  subscription ClientComparisonProgress($id: ID!) { comparisonProgress(id: $id) { ...ClientComparison } }
`);

export const TASKS = graphql(`
  query ClientTasks { tasks { name kind description timeoutMs inputSchema example } }
`);
