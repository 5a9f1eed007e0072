import type { Engine, Role } from '@switchyard/engine';
import { IdCodec, type Context } from '@switchyard/schema';

/** A GraphQL context for running the schema in-process, as the server builds one for a request of `team`. */
export function contextFor(engine: Engine, team: string, role: Role = 'admin'): Context {
  return { engine, team, role, authRequired: true, ids: new IdCodec(engine.idSecret), admitSubmission: () => Promise.resolve() };
}
