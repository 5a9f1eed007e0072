import type { BatchProgress, BatchRecord, EngineStats, JobRecord } from '@switchyard/engine';
import { builder } from '../builder.ts';

/** Object refs shared across entity files (Batch ↔ Job refer to each other); each is implemented in its own file. */
export const BatchRef = builder.objectRef<BatchRecord>('Batch');
export const JobRef = builder.objectRef<JobRecord>('Job');
export const BatchProgressRef = builder.objectRef<BatchProgress>('BatchProgress');
export const EngineStatsRef = builder.objectRef<EngineStats & { seq: number }>('EngineStats');
