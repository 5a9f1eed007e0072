import { BATCH_STATUSES, EXECUTOR_KINDS, JOB_STATUSES, JOB_TAGS } from '@switchyard/engine';
import { builder } from '../builder.ts';

export const JobTagEnum = builder.enumType('JobTag', { values: JOB_TAGS });
export const ExecutorKindEnum = builder.enumType('ExecutorKind', { values: EXECUTOR_KINDS });
export const JobStatusEnum = builder.enumType('JobStatus', { values: JOB_STATUSES });
export const BatchStatusEnum = builder.enumType('BatchStatus', {
  values: BATCH_STATUSES,
  description: 'FAILED: finished with at least one job failed or timed out.',
});
