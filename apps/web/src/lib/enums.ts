/** The GraphQL enums as lists, for selects and URL filters. The values come from the generated schema types. */
import { BatchStatus, ExecutorKind, JobStatus, JobTag } from '@/gql/graphql';

export const EXECUTOR_KINDS: readonly ExecutorKind[] = Object.values(ExecutorKind);
export const JOB_TAGS: readonly JobTag[] = Object.values(JobTag);
export const JOB_STATUSES: readonly JobStatus[] = Object.values(JobStatus);
export const BATCH_STATUSES: readonly BatchStatus[] = Object.values(BatchStatus);

/** A guard for a string from the URL or a form against one enum's values. */
function memberOf<T extends string>(values: readonly T[]) {
  return (v: string | null | undefined): v is T => v != null && (values as readonly string[]).includes(v);
}

export const isBatchStatus = memberOf(BATCH_STATUSES);
export const isJobStatus = memberOf(JOB_STATUSES);
export const isJobTag = memberOf(JOB_TAGS);
