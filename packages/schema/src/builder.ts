import SchemaBuilder from '@pothos/core';
import type { Engine } from '@switchyard/engine';

/** What every resolver sees: the engine, and the team the request acts for. */
export interface Context {
  readonly engine: Engine;
  readonly team: string;
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
