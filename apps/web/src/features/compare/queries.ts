import { graphql } from '@/gql';
import type { ComparisonFieldsFragment, ComparisonFullQuery, ComparisonRunFieldsFragment } from '@/gql/graphql';

/** The tasks with their examples; the executors to offer come from the generated ExecutorKind enum. */
export const COMPARE_SETUP_QUERY = graphql(`
  query CompareSetup {
    tasks { ...TaskDetail }
  }
`);

export const COMPARISON_RUN_FRAGMENT = graphql(`
  fragment ComparisonRunFields on ComparisonRun {
    executor concurrency chunkSize label status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors
    mainLoopLongestBlockMs mainLoopUtilization jobsBlockedMs workerUtilization
    batch { id }
  }
`);

export const COMPARISON_FRAGMENT = graphql(`
  fragment ComparisonFields on Comparison {
    id name task tag total status verdict error createdAt finishedAt
    strategies { executor concurrency chunkSize }
    runs { ...ComparisonRunFields }
    current { id total counts { ...BatchCounts } }
  }
`);

/** Expected failures come back as data, in the SubmitFailure fragment shared with the Submit form. */
export const COMPARE_STRATEGIES_MUTATION = graphql(`
  mutation CompareStrategies($input: CompareStrategiesInput!) {
    compareStrategies(input: $input) {
      __typename
      ... on CompareStrategiesSuccess { comparison { id } }
      ...SubmitFailure
    }
  }
`);

/** The comparison without timelines: cheap, and what the live view needs. */
export const COMPARISON_QUERY = graphql(`
  query Comparison($id: ID!) {
    comparison(id: $id) { ...ComparisonFields }
  }
`);

/** The full comparison with every run's task-stream timeline (up to 5,000 jobs a run): fetched once it has ended. */
export const COMPARISON_FULL_QUERY = graphql(`
  query ComparisonFull($id: ID!) {
    comparison(id: $id) {
      ...ComparisonFields
      runs { ...ComparisonRunFields timeline { index slot startMs endMs status } }
    }
  }
`);

/** Live snapshots (≤ 4/s) until the comparison ends; no timelines here. */
export const COMPARISON_PROGRESS_SUBSCRIPTION = graphql(`
  subscription ComparisonProgress($id: ID!) {
    comparisonProgress(id: $id) { ...ComparisonFields }
  }
`);

export const CANCEL_COMPARISON_MUTATION = graphql(`
  mutation CancelComparison($id: ID!) {
    cancelComparison(id: $id) { id status finishedAt }
  }
`);

export const COMPARISONS_QUERY = graphql(`
  query Comparisons($first: Int, $after: String) {
    comparisons(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id name task tag total status createdAt finishedAt
          strategies { executor concurrency chunkSize }
          runs { executor concurrency chunkSize label wallMs throughput status }
        }
      }
    }
  }
`);

type FullRun = NonNullable<ComparisonFullQuery['comparison']>['runs'][number];
export type TimelineEntry = FullRun['timeline'][number];
/** A run as the views show it: `timeline` only once the comparison has ended (COMPARISON_FULL_QUERY). */
export type ComparisonRun = ComparisonRunFieldsFragment & Partial<Pick<FullRun, 'timeline'>>;
export type Comparison = Omit<ComparisonFieldsFragment, 'runs'> & { runs: ComparisonRun[] };
