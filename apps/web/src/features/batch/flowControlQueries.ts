import { graphql } from '@/gql';

/** What the batch page's flow controls show and change (README "Flow control"). */
export const BATCH_FLOW_FRAGMENT = graphql(`
  fragment BatchFlow on Batch {
    id paused priority concurrency
    rateLimit { jobs perMs }
  }
`);

export const PAUSE_BATCH_MUTATION = graphql(`
  mutation PauseBatch($id: ID!) {
    pauseBatch(id: $id) { ...BatchFlow status done }
  }
`);

export const RESUME_BATCH_MUTATION = graphql(`
  mutation ResumeBatch($id: ID!) {
    resumeBatch(id: $id) { ...BatchFlow status done }
  }
`);

export const SET_BATCH_CONCURRENCY_MUTATION = graphql(`
  mutation SetBatchConcurrency($id: ID!, $concurrency: Int!) {
    setBatchConcurrency(id: $id, concurrency: $concurrency) {
      __typename
      ... on SetBatchConcurrencySuccess { batch { ...BatchFlow } }
      ... on InvalidInputError { field message }
    }
  }
`);
