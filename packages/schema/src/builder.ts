import SchemaBuilder from '@pothos/core';
import type { Engine, Role } from '@switchyard/engine';
import type { IdCodec } from './ids.ts';

/**
 * What every resolver sees: the engine, who the request acts for (its team and role, from its API key, or the
 * default team as admin in open mode), and the codec of the API's opaque ids. Every record a resolver returns or
 * acts on must be the team's own (schema/access.ts).
 */
export interface Context {
  readonly engine: Engine;
  readonly team: string;
  readonly role: Role;
  /** Whether requests need a key (false in open local mode). */
  readonly authRequired: boolean;
  readonly ids: IdCodec;
  /** Counts a submission against the caller's rate; throws (HTTP 429) when over it. */
  readonly admitSubmission: () => Promise<void>;
}

/** Only sets up the builder; each entity's types and fields live in ./schema/<entity>.ts. */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date };
    /** A multipart upload (GraphQL multipart request spec; yoga parses it into a web File). */
    File: { Input: File; Output: never };
    ID: { Input: string; Output: string | number };
  };
}>({ defaultFieldNullability: false });

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

/** The builder's resolved type parameters, for helpers that take a field builder. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
