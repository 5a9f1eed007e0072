/** @switchyard/engine — the one public entry of the package. */
export { createEngine, Engine } from './engine.ts';
export type { CompareStrategiesInput, TimelineEntry } from './compare/types.ts';
export type { EngineOptions, CompareResult, SubmitResult, DecisionRuleInfo } from './engine.ts';
export type { BatchProgress } from './batch-progress.ts';
export type { FinishedJobsChunk, FinishedJobsOptions } from './finished-jobs.ts';
export type { LaneStats, EngineStats } from './stats.ts';
export type { EngineEvents } from './events.ts';
export type { Diagnosis } from './scheduler/diagnosis.ts';
export { defineTask } from './tasks/define.ts';
export type { TaskContext, TaskDefinition, SimpleTaskDefinition, MixedTaskDefinition, TaskKind } from './tasks/define.ts';
export type { TaskInfo } from './tasks/registry.ts';
export { route, buildDecisionTable } from './router/decision-table.ts';
export type { DecisionRule, RoutingFacts, RoutingThresholds } from './router/decision-table.ts';
export type { BatchFilter, FailureGroup, Page } from './store/store.ts';
export { SEARCH_JOBS_LIMIT } from './store/store.ts';
export * from './types.ts';
export * from './errors.ts';
