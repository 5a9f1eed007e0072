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
    ID: { Input: string; Output: string | number };
  };
}>({ defaultFieldNullability: false });

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
