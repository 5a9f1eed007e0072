import type { Comparison, Connection, Task } from '@/lib/types';

/** The tasks (with their examples) and the executors the server knows, read from its ExecutorKind enum. */
export const COMPARE_SETUP_QUERY = /* GraphQL */ `
  query CompareSetup {
    tasks { name kind description timeoutMs inputSchema example }
    executorKind: __type(name: "ExecutorKind") { enumValues { name description } }
  }
`;

export interface CompareSetup {
  tasks: Task[];
  executorKind: { enumValues: { name: string; description: string | null }[] } | null;
}

const RUN_FIELDS = /* GraphQL */ `
  executor concurrency status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors
  batch { id }
`;

const COMPARISON_FIELDS = /* GraphQL */ `
  id name task tag total status verdict error createdAt finishedAt
  strategies { executor concurrency }
  runs { ${RUN_FIELDS} }
  current { id total counts { queued running succeeded failed cancelled timedOut } }
`;

export const COMPARE_STRATEGIES_MUTATION = /* GraphQL */ `
  mutation CompareStrategies($input: CompareStrategiesInput!) {
    compareStrategies(input: $input) {
      __typename
      ... on CompareStrategiesSuccess { comparison { id } }
      ... on UnknownTaskError { message task }
      ... on InvalidInputError { message field issues { path message } }
      ... on InvalidItemsError { message items { index path message } }
      ... on TooManyItemsError { message max got }
      ... on InvalidFileError { message rows { row message } }
    }
  }
`;

export type CompareStrategiesResult =
  | { __typename: 'CompareStrategiesSuccess'; comparison: { id: string } }
  | { __typename: 'UnknownTaskError'; message: string; task: string }
  | { __typename: 'InvalidInputError'; message: string; field: string; issues: { path: string[]; message: string }[] }
  | { __typename: 'InvalidItemsError'; message: string; items: { index: number; path: string[]; message: string }[] }
  | { __typename: 'TooManyItemsError'; message: string; max: number; got: number }
  | { __typename: 'InvalidFileError'; message: string; rows: { row: number; message: string }[] };

/** The comparison without timelines: cheap, and what the live view needs. */
export const COMPARISON_QUERY = /* GraphQL */ `
  query Comparison($id: ID!) {
    comparison(id: $id) { ${COMPARISON_FIELDS} }
  }
`;

/** The full comparison with every run's task-stream timeline (up to 5,000 jobs a run): fetched once it has ended. */
export const COMPARISON_FULL_QUERY = /* GraphQL */ `
  query ComparisonFull($id: ID!) {
    comparison(id: $id) {
      ${COMPARISON_FIELDS}
      runs { ${RUN_FIELDS} timeline { index slot startMs endMs status } }
    }
  }
`;

/** Live snapshots (≤ 4/s) until the comparison ends; no timelines here. */
export const COMPARISON_PROGRESS_SUBSCRIPTION = /* GraphQL */ `
  subscription ComparisonProgress($id: ID!) {
    comparisonProgress(id: $id) { ${COMPARISON_FIELDS} }
  }
`;

export const CANCEL_COMPARISON_MUTATION = /* GraphQL */ `
  mutation CancelComparison($id: ID!) {
    cancelComparison(id: $id) { id status }
  }
`;

export const COMPARISONS_QUERY = /* GraphQL */ `
  query Comparisons($first: Int, $after: String) {
    comparisons(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id name task tag total status createdAt finishedAt
          strategies { executor concurrency }
          runs { executor concurrency wallMs throughput status }
        }
      }
    }
  }
`;

export type ComparisonListItem = Pick<Comparison, 'id' | 'name' | 'task' | 'tag' | 'total' | 'status' | 'createdAt' | 'finishedAt' | 'strategies'> & {
  runs: Pick<Comparison['runs'][number], 'executor' | 'concurrency' | 'wallMs' | 'throughput' | 'status'>[];
};

export interface ComparisonsData {
  comparisons: Connection<ComparisonListItem>;
}
