/**
 * The HTTP and GraphQL edge of the server, in one place: what a request must look like to be served (CSRF, CORS,
 * limits on an operation's shape and size), what an answer may reveal (masked errors, the schema), and the headers
 * every answer carries. server.ts spreads `yogaOptions` into createYoga and puts `plugins` first.
 */
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import { corsPolicy } from './cors.ts';
import { CSRF_HEADER, useCsrf } from './csrf.ts';
import { useGraphQLLimits, type GraphQLLimits } from './limits.ts';
import { useSchemaExposure } from './schema-exposure.ts';
import { useSecurityHeaders } from './security-headers.ts';

export interface EdgeOptions {
  /** Origins besides the server's own whose pages may call the API, with credentials (SWITCHYARD_CORS_ORIGINS). */
  readonly corsOrigins: readonly string[];
  /** GraphiQL, introspection and "Did you mean…" suggestions: on in open local mode or with SWITCHYARD_GRAPHIQL=1. */
  readonly exposeSchema: boolean;
  readonly limits?: GraphQLLimits;
}

type EdgeYogaOptions = Pick<YogaServerOptions<object, object>, 'cors' | 'graphiql' | 'maskedErrors' | 'batching' | 'landingPage'>;

export interface Edge {
  readonly yogaOptions: EdgeYogaOptions;
  readonly plugins: Plugin[];
}

export function createEdge(options: EdgeOptions): Edge {
  return {
    yogaOptions: {
      cors: corsPolicy(options.corsOrigins),
      // GraphiQL's own requests carry the CSRF header, whichever method and subscription transport it picks.
      graphiql: options.exposeSchema ? { additionalHeaders: { [CSRF_HEADER]: '1' } } : false,
      // Unexpected errors become "Unexpected error." with code INTERNAL_SERVER_ERROR (and are logged in full). Never
      // the dev mode that would copy the original message and stack into the answer, whatever NODE_ENV says.
      maskedErrors: { isDev: false },
      // One operation per request: a JSON array of operations is refused (400 "Batching is not supported"), so the
      // limits above bound a request, not just one of its operations. No client of ours batches.
      batching: false,
      landingPage: false,
    },
    plugins: [useSecurityHeaders(), useCsrf(), ...useGraphQLLimits(options.limits), ...useSchemaExposure(options.exposeSchema)],
  };
}

export { GRAPHQL_LIMITS } from './limits.ts';
export { CSRF_HEADER } from './csrf.ts';
export { parseCorsOrigins } from './cors.ts';
export { isLoopbackHost } from './loopback.ts';
