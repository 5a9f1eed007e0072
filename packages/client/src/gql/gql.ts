/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ClientCounts on Counts { queued running succeeded failed cancelled timedOut finished }\n": typeof types.ClientCountsFragmentDoc,
    "\n  fragment ClientError on Error {\n    __typename\n    message\n    ... on UnknownTaskError { task }\n    ... on TooManyItemsError { max got }\n    ... on InvalidFileError { rows { row message } }\n    ... on InvalidItemsError { items { index path message } }\n    ... on InvalidInputError { field issues { path message } }\n  }\n": typeof types.ClientErrorFragmentDoc,
    "\n  fragment ClientBatch on Batch {\n    id name task tag status done total\n    counts { ...ClientCounts }\n    route { executor concurrency rule reason lane }\n    createdAt startedAt finishedAt wallMs throughput etaMs timeoutMs maxAttempts\n    failures { code message count sampleJobId }\n  }\n": typeof types.ClientBatchFragmentDoc,
    "\n  fragment ClientJob on Job {\n    id batchId index status input result attempts executor waitMs runMs startedAt finishedAt\n    error { code message }\n  }\n": typeof types.ClientJobFragmentDoc,
    "\n  fragment ClientComparison on Comparison {\n    id name task tag total status verdict error createdAt finishedAt\n    strategies { executor concurrency }\n    runs {\n      executor concurrency status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors\n      batch { id }\n    }\n    current { id total counts { ...ClientCounts } }\n  }\n": typeof types.ClientComparisonFragmentDoc,
    "\n  mutation ClientSubmitBatch($input: SubmitBatchInput!) {\n    submitBatch(input: $input) {\n      __typename\n      ... on SubmitBatchSuccess { batch { ...ClientBatch } }\n      ...ClientError\n    }\n  }\n": typeof types.ClientSubmitBatchDocument,
    "\n  mutation ClientSubmitBatchFile($input: SubmitBatchFileInput!, $file: File!) {\n    submitBatchFile(input: $input, file: $file) {\n      __typename\n      ... on SubmitBatchSuccess { batch { ...ClientBatch } }\n      ...ClientError\n    }\n  }\n": typeof types.ClientSubmitBatchFileDocument,
    "\n  query ClientBatch($id: ID!) { batch(id: $id) { ...ClientBatch } }\n": typeof types.ClientBatchDocument,
    "\n  query ClientBatchJobs($id: ID!, $first: Int!, $after: String, $status: JobStatus) {\n    batch(id: $id) {\n      jobs(first: $first, after: $after, status: $status) {\n        pageInfo { hasNextPage endCursor }\n        edges { node { ...ClientJob } }\n      }\n    }\n  }\n": typeof types.ClientBatchJobsDocument,
    "\n  subscription ClientBatchProgress($id: ID!) {\n    batchProgress(id: $id) {\n      seq batchId status total done throughput wallMs etaMs\n      counts { ...ClientCounts }\n    }\n  }\n": typeof types.ClientBatchProgressDocument,
    "\n  subscription ClientJobsFinished($batchId: ID!, $after: String) {\n    jobsFinished(batchId: $batchId, after: $after) { cursor done jobs { ...ClientJob } }\n  }\n": typeof types.ClientJobsFinishedDocument,
    "\n  mutation ClientCancelBatch($id: ID!) { cancelBatch(id: $id) { ...ClientBatch } }\n": typeof types.ClientCancelBatchDocument,
    "\n  mutation ClientRetryFailed($batchId: ID!) { retryFailed(batchId: $batchId) { ...ClientBatch } }\n": typeof types.ClientRetryFailedDocument,
    "\n  mutation ClientCompareStrategies($input: CompareStrategiesInput!) {\n    compareStrategies(input: $input) {\n      __typename\n      ... on CompareStrategiesSuccess { comparison { ...ClientComparison } }\n      ...ClientError\n    }\n  }\n": typeof types.ClientCompareStrategiesDocument,
    "\n  query ClientComparison($id: ID!) { comparison(id: $id) { ...ClientComparison } }\n": typeof types.ClientComparisonDocument,
    "\n  subscription ClientComparisonProgress($id: ID!) { comparisonProgress(id: $id) { ...ClientComparison } }\n": typeof types.ClientComparisonProgressDocument,
    "\n  query ClientTasks { tasks { name kind description timeoutMs inputSchema example } }\n": typeof types.ClientTasksDocument,
};
const documents: Documents = {
    "\n  fragment ClientCounts on Counts { queued running succeeded failed cancelled timedOut finished }\n": types.ClientCountsFragmentDoc,
    "\n  fragment ClientError on Error {\n    __typename\n    message\n    ... on UnknownTaskError { task }\n    ... on TooManyItemsError { max got }\n    ... on InvalidFileError { rows { row message } }\n    ... on InvalidItemsError { items { index path message } }\n    ... on InvalidInputError { field issues { path message } }\n  }\n": types.ClientErrorFragmentDoc,
    "\n  fragment ClientBatch on Batch {\n    id name task tag status done total\n    counts { ...ClientCounts }\n    route { executor concurrency rule reason lane }\n    createdAt startedAt finishedAt wallMs throughput etaMs timeoutMs maxAttempts\n    failures { code message count sampleJobId }\n  }\n": types.ClientBatchFragmentDoc,
    "\n  fragment ClientJob on Job {\n    id batchId index status input result attempts executor waitMs runMs startedAt finishedAt\n    error { code message }\n  }\n": types.ClientJobFragmentDoc,
    "\n  fragment ClientComparison on Comparison {\n    id name task tag total status verdict error createdAt finishedAt\n    strategies { executor concurrency }\n    runs {\n      executor concurrency status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors\n      batch { id }\n    }\n    current { id total counts { ...ClientCounts } }\n  }\n": types.ClientComparisonFragmentDoc,
    "\n  mutation ClientSubmitBatch($input: SubmitBatchInput!) {\n    submitBatch(input: $input) {\n      __typename\n      ... on SubmitBatchSuccess { batch { ...ClientBatch } }\n      ...ClientError\n    }\n  }\n": types.ClientSubmitBatchDocument,
    "\n  mutation ClientSubmitBatchFile($input: SubmitBatchFileInput!, $file: File!) {\n    submitBatchFile(input: $input, file: $file) {\n      __typename\n      ... on SubmitBatchSuccess { batch { ...ClientBatch } }\n      ...ClientError\n    }\n  }\n": types.ClientSubmitBatchFileDocument,
    "\n  query ClientBatch($id: ID!) { batch(id: $id) { ...ClientBatch } }\n": types.ClientBatchDocument,
    "\n  query ClientBatchJobs($id: ID!, $first: Int!, $after: String, $status: JobStatus) {\n    batch(id: $id) {\n      jobs(first: $first, after: $after, status: $status) {\n        pageInfo { hasNextPage endCursor }\n        edges { node { ...ClientJob } }\n      }\n    }\n  }\n": types.ClientBatchJobsDocument,
    "\n  subscription ClientBatchProgress($id: ID!) {\n    batchProgress(id: $id) {\n      seq batchId status total done throughput wallMs etaMs\n      counts { ...ClientCounts }\n    }\n  }\n": types.ClientBatchProgressDocument,
    "\n  subscription ClientJobsFinished($batchId: ID!, $after: String) {\n    jobsFinished(batchId: $batchId, after: $after) { cursor done jobs { ...ClientJob } }\n  }\n": types.ClientJobsFinishedDocument,
    "\n  mutation ClientCancelBatch($id: ID!) { cancelBatch(id: $id) { ...ClientBatch } }\n": types.ClientCancelBatchDocument,
    "\n  mutation ClientRetryFailed($batchId: ID!) { retryFailed(batchId: $batchId) { ...ClientBatch } }\n": types.ClientRetryFailedDocument,
    "\n  mutation ClientCompareStrategies($input: CompareStrategiesInput!) {\n    compareStrategies(input: $input) {\n      __typename\n      ... on CompareStrategiesSuccess { comparison { ...ClientComparison } }\n      ...ClientError\n    }\n  }\n": types.ClientCompareStrategiesDocument,
    "\n  query ClientComparison($id: ID!) { comparison(id: $id) { ...ClientComparison } }\n": types.ClientComparisonDocument,
    "\n  subscription ClientComparisonProgress($id: ID!) { comparisonProgress(id: $id) { ...ClientComparison } }\n": types.ClientComparisonProgressDocument,
    "\n  query ClientTasks { tasks { name kind description timeoutMs inputSchema example } }\n": types.ClientTasksDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ClientCounts on Counts { queued running succeeded failed cancelled timedOut finished }\n"): typeof import('./graphql.ts').ClientCountsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ClientError on Error {\n    __typename\n    message\n    ... on UnknownTaskError { task }\n    ... on TooManyItemsError { max got }\n    ... on InvalidFileError { rows { row message } }\n    ... on InvalidItemsError { items { index path message } }\n    ... on InvalidInputError { field issues { path message } }\n  }\n"): typeof import('./graphql.ts').ClientErrorFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ClientBatch on Batch {\n    id name task tag status done total\n    counts { ...ClientCounts }\n    route { executor concurrency rule reason lane }\n    createdAt startedAt finishedAt wallMs throughput etaMs timeoutMs maxAttempts\n    failures { code message count sampleJobId }\n  }\n"): typeof import('./graphql.ts').ClientBatchFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ClientJob on Job {\n    id batchId index status input result attempts executor waitMs runMs startedAt finishedAt\n    error { code message }\n  }\n"): typeof import('./graphql.ts').ClientJobFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ClientComparison on Comparison {\n    id name task tag total status verdict error createdAt finishedAt\n    strategies { executor concurrency }\n    runs {\n      executor concurrency status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors\n      batch { id }\n    }\n    current { id total counts { ...ClientCounts } }\n  }\n"): typeof import('./graphql.ts').ClientComparisonFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientSubmitBatch($input: SubmitBatchInput!) {\n    submitBatch(input: $input) {\n      __typename\n      ... on SubmitBatchSuccess { batch { ...ClientBatch } }\n      ...ClientError\n    }\n  }\n"): typeof import('./graphql.ts').ClientSubmitBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientSubmitBatchFile($input: SubmitBatchFileInput!, $file: File!) {\n    submitBatchFile(input: $input, file: $file) {\n      __typename\n      ... on SubmitBatchSuccess { batch { ...ClientBatch } }\n      ...ClientError\n    }\n  }\n"): typeof import('./graphql.ts').ClientSubmitBatchFileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientBatch($id: ID!) { batch(id: $id) { ...ClientBatch } }\n"): typeof import('./graphql.ts').ClientBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientBatchJobs($id: ID!, $first: Int!, $after: String, $status: JobStatus) {\n    batch(id: $id) {\n      jobs(first: $first, after: $after, status: $status) {\n        pageInfo { hasNextPage endCursor }\n        edges { node { ...ClientJob } }\n      }\n    }\n  }\n"): typeof import('./graphql.ts').ClientBatchJobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ClientBatchProgress($id: ID!) {\n    batchProgress(id: $id) {\n      seq batchId status total done throughput wallMs etaMs\n      counts { ...ClientCounts }\n    }\n  }\n"): typeof import('./graphql.ts').ClientBatchProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ClientJobsFinished($batchId: ID!, $after: String) {\n    jobsFinished(batchId: $batchId, after: $after) { cursor done jobs { ...ClientJob } }\n  }\n"): typeof import('./graphql.ts').ClientJobsFinishedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientCancelBatch($id: ID!) { cancelBatch(id: $id) { ...ClientBatch } }\n"): typeof import('./graphql.ts').ClientCancelBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientRetryFailed($batchId: ID!) { retryFailed(batchId: $batchId) { ...ClientBatch } }\n"): typeof import('./graphql.ts').ClientRetryFailedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientCompareStrategies($input: CompareStrategiesInput!) {\n    compareStrategies(input: $input) {\n      __typename\n      ... on CompareStrategiesSuccess { comparison { ...ClientComparison } }\n      ...ClientError\n    }\n  }\n"): typeof import('./graphql.ts').ClientCompareStrategiesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientComparison($id: ID!) { comparison(id: $id) { ...ClientComparison } }\n"): typeof import('./graphql.ts').ClientComparisonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ClientComparisonProgress($id: ID!) { comparisonProgress(id: $id) { ...ClientComparison } }\n"): typeof import('./graphql.ts').ClientComparisonProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientTasks { tasks { name kind description timeoutMs inputSchema example } }\n"): typeof import('./graphql.ts').ClientTasksDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
