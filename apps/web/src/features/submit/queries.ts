export const TASKS_QUERY = /* GraphQL */ `
  query SubmitTasks { tasks { name kind description timeoutMs inputSchema example } }
`;

export const SUBMIT_BATCH_MUTATION = /* GraphQL */ `
  mutation SubmitBatch($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      __typename
      ... on SubmitBatchSuccess { batch { id } }
      ... on UnknownTaskError { message task }
      ... on InvalidInputError { message field issues { path message } }
      ... on InvalidItemsError { message items { index path message } }
      ... on TooManyItemsError { message max got }
    }
  }
`;

export type SubmitBatchResult =
  | { __typename: 'SubmitBatchSuccess'; batch: { id: string } }
  | { __typename: 'UnknownTaskError'; message: string; task: string }
  | { __typename: 'InvalidInputError'; message: string; field: string; issues: { path: string[]; message: string }[] }
  | { __typename: 'InvalidItemsError'; message: string; items: { index: number; path: string[]; message: string }[] }
  | { __typename: 'TooManyItemsError'; message: string; max: number; got: number };
