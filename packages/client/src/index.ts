/** @switchyard/client: the typed client of the Switchyard GraphQL API (the `switchyard` CLI is built on it). */
export { SwitchyardClient, graphqlEndpoint, PAGE_SIZE } from './client.ts';
export type {
  Batch,
  BatchProgress,
  CompareResult,
  Comparison,
  Job,
  ResultsOptions,
  SubmitError,
  SubmitFileOptions,
  SubmitResult,
  SwitchyardClientOptions,
  Task,
  WaitOptions,
} from './client.ts';
export { SwitchyardClientError, type SwitchyardClientErrorKind } from './errors.ts';
export type {
  BatchStatus,
  CompareStrategiesInput,
  ExecutorKind,
  ItemsFormat,
  JobStatus,
  JobTag,
  StrategyInput,
  SubmitBatchFileInput,
  SubmitBatchInput,
} from './gql/graphql.ts';
