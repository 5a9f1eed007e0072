import { graphql } from '@/gql';

export const TASKS_QUERY = graphql(`
  query SubmitTasks { tasks { ...TaskDetail } }
`);

/** The task as both forms show it: its kind, schema and example item. */
export const TASK_DETAIL_FRAGMENT = graphql(`
  fragment TaskDetail on Task { name kind description timeoutMs inputSchema example }
`);

/** Expected failures come back as data, in the SubmitFailure fragment shared with the Compare form. */
export const SUBMIT_BATCH_MUTATION = graphql(`
  mutation SubmitBatch($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      __typename
      ... on SubmitBatchSuccess { batch { id } }
      ...SubmitFailure
    }
  }
`);
