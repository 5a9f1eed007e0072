/**
 * Who may do what. Each request acts for one team with one role (viewer < submitter < admin); every entity is
 * reached through the helpers below, which decode the opaque API id and hand back the record only if it is the
 * caller's team's. Another team's batch, job or comparison is exactly as absent as one that never existed.
 */
import {
  allows,
  ROLES,
  type BatchRecord,
  type ComparisonRecord,
  type JobRecord,
  type KeyInfo,
  type Role,
  type ScheduleRecord,
} from '@switchyard/engine';
import { GraphQLError } from 'graphql';
import { builder, type Context } from '../builder.ts';

/** Refuses the operation unless the caller's role includes `role` (HTTP 403, `extensions.code` FORBIDDEN). */
export function need(ctx: Context, role: Role, what: string): void {
  if (allows(ctx.role, role)) return;
  throw new GraphQLError(`Forbidden: ${what} needs the ${role} role; this key is ${ctx.role}`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}

export function ownBatch(ctx: Context, apiId: string | number): BatchRecord | null {
  const id = ctx.ids.decode('batch', String(apiId));
  return id === null ? null : ctx.engine.teamBatch(id, ctx.team);
}

export function ownJob(ctx: Context, apiId: string | number): JobRecord | null {
  const id = ctx.ids.decode('job', String(apiId));
  const job = id === null ? null : ctx.engine.getJob(id);
  return job && ctx.engine.teamBatch(job.batchId, ctx.team) ? job : null;
}

export function ownComparison(ctx: Context, apiId: string | number): ComparisonRecord | null {
  const id = ctx.ids.decode('comparison', String(apiId));
  const comparison = id === null ? null : ctx.engine.getComparison(id);
  return comparison && comparison.team === ctx.team ? comparison : null;
}

export function ownSchedule(ctx: Context, apiId: string | number): ScheduleRecord | null {
  const id = ctx.ids.decode('schedule', String(apiId));
  const schedule = id === null ? null : ctx.engine.getSchedule(id);
  return schedule && schedule.team === ctx.team ? schedule : null;
}

/** The row id in an `after` cursor made by rowCursor, or undefined (the start) for none or a foreign one. */
export function rowAfter(ctx: Context, cursor: string | null | undefined): string | undefined {
  return cursor ? (ctx.ids.decode('cursor', cursor) ?? undefined) : undefined;
}

export const RoleEnum = builder.enumType('Role', {
  description:
    'viewer: read. submitter: read, submit, cancel and retry its team’s work. admin: as submitter, plus the team’s keys and engine-wide views.',
  values: Object.fromEntries(ROLES.map((r) => [r.toUpperCase(), { value: r }])) as Record<Uppercase<Role>, { value: Role }>,
});

const ViewerRef = builder.objectRef<Pick<Context, 'team' | 'role' | 'authRequired'>>('Viewer').implement({
  description: 'Who this request acts for.',
  fields: (t) => ({
    team: t.exposeString('team'),
    role: t.field({ type: RoleEnum, resolve: (v) => v.role }),
    authRequired: t.exposeBoolean('authRequired', {
      description: 'False in open local mode (loopback, no keys): everyone is the default team’s admin.',
    }),
  }),
});

const ApiKeyRef = builder.objectRef<KeyInfo>('ApiKey').implement({
  description: 'An API key of the team. The key itself is shown once, when created, and never stored.',
  fields: (t) => ({
    id: t.exposeID('id'),
    role: t.field({ type: RoleEnum, resolve: (k) => k.role }),
    label: t.exposeString('label', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, description: 'To the minute.', resolve: (k) => k.lastUsedAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.revokedAt }),
  }),
});

const CreatedApiKeyRef = builder.objectRef<{ key: string; info: KeyInfo }>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key: store it now, it is not shown again.' }),
    apiKey: t.field({ type: ApiKeyRef, resolve: (c) => c.info }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({ type: ViewerRef, resolve: (_, __, ctx) => ({ team: ctx.team, role: ctx.role, authRequired: ctx.authRequired }) }),
  apiKeys: t.field({
    type: [ApiKeyRef],
    description: 'The team’s keys, newest first (admin).',
    resolve: (_, __, ctx) => {
      need(ctx, 'admin', 'listing keys');
      return ctx.engine.keys.list(ctx.team);
    },
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKeyRef,
    description: 'A new key for the caller’s team (admin). In open local mode this switches the server to requiring keys.',
    args: { role: t.arg({ type: RoleEnum, required: true }), label: t.arg.string() },
    resolve: (_, { role, label }, ctx) => {
      need(ctx, 'admin', 'creating keys');
      if (label && label.length > 100) {
        throw new GraphQLError(`Invalid label: expected at most 100 characters, got ${label.length}`, {
          extensions: { code: 'BAD_USER_INPUT', field: 'label' },
        });
      }
      return ctx.engine.keys.create({ team: ctx.team, role, label: label ?? undefined });
    },
  }),
  revokeApiKey: t.field({
    type: 'Boolean',
    description: 'Revokes one of the team’s keys (admin); it stops working at once. False when the team has no such active key.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      need(ctx, 'admin', 'revoking keys');
      return ctx.engine.keys.revoke(String(id), ctx.team);
    },
  }),
}));
