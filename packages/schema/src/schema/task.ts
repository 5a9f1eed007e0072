import type { DecisionRuleInfo, TaskInfo } from '@switchyard/engine';
import { builder } from '../builder.ts';
import { ExecutorKindEnum, JobTagEnum } from './enums.ts';

const KIND_TAG = { io: 'IO', cpu: 'CPU', mixed: 'MIXED' } as const;

const TaskRef = builder.objectRef<TaskInfo>('Task').implement({
  description: 'A task registered on the server. Submissions carry data for it, never code.',
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.field({ type: JobTagEnum, resolve: (task) => KIND_TAG[task.kind] }),
    description: t.exposeString('description'),
    timeoutMs: t.exposeInt('timeoutMs'),
    inputSchema: t.field({ type: 'JSON', description: 'The input schema as JSON Schema.', resolve: (task) => task.inputSchema }),
    example: t.field({ type: 'JSON', nullable: true, resolve: (task) => task.example }),
  }),
});

const DecisionRuleRef = builder.objectRef<DecisionRuleInfo>('DecisionRule').implement({
  description: 'One row of the decision table, with how many batches it routed.',
  fields: (t) => ({
    id: t.exposeString('id'),
    tag: t.field({ type: JobTagEnum, nullable: true, resolve: (r) => r.tag ?? null }),
    when: t.exposeString('when'),
    executor: t.field({ type: ExecutorKindEnum, resolve: (r) => r.executor }),
    concurrency: t.exposeInt('concurrency'),
    lane: t.exposeString('lane'),
    why: t.exposeString('why'),
    batchesRouted: t.exposeInt('batchesRouted'),
  }),
});

builder.queryFields((t) => ({
  tasks: t.field({ type: [TaskRef], resolve: (_, __, ctx) => ctx.engine.tasks() }),
  decisionTable: t.field({
    type: [DecisionRuleRef],
    description: 'The rules in order; `batchesRouted` counts the caller’s team’s batches.',
    resolve: (_, __, ctx) => ctx.engine.decisionTable(ctx.team),
  }),
}));
