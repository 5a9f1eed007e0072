/** @switchyard/schema — the GraphQL schema (Pothos), split by entity under ./schema. */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './schema/scalars.ts';
import './schema/enums.ts';
import './schema/batch.ts';
import './schema/job.ts';
import './schema/failures.ts';
import './schema/submit.ts';
import './schema/task.ts';
import './schema/progress.ts';
import './schema/metrics.ts';
import './schema/comparison.ts';
import './schema/results.ts';
import './schema/access.ts';
import './schema/schedule.ts';
import './schema/flow-control.ts';
import './schema/workers.ts';
import './schema/retention.ts';
import './schema/history.ts';

export type { Context } from './builder.ts';
export { IdCodec, type IdKind } from './ids.ts';
export { formatBytes, UPLOAD_LIMITS } from './upload/limits.ts';

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema();
  return schema;
}

/** The SDL committed as schema.graphql (sorted, so diffs stay readable). */
export function printSwitchyardSchema(): string {
  return printSchema(lexicographicSortSchema(buildSchema())) + '\n';
}
