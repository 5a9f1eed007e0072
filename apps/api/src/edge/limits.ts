/**
 * Limits on what one GraphQL request may ask for, enforced by GraphQL Armor's rules at parse and validation time, so
 * a refused operation never reaches a resolver. Each limit is far above what the dashboard's and the client's own
 * documents need (tests/system/edge.test.ts runs every generated document through them) and far below what would
 * hurt the server: the `Job.batch → Batch.jobs` cycle lets a query nest without end, and 1,000 aliases of one field
 * would run its resolver 1,000 times.
 */
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface GraphQLLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  readonly maxCost: number;
}

export const GRAPHQL_LIMITS: GraphQLLimits = {
  /**
   * Nesting of fields, fragments flattened (a spread adds no level of its own). The deepest real document has 6
   * (`batch → jobs → edges → node → error → code`); at 8, `job → batch → jobs → edges → node → batch → jobs → edges → …`
   * (one page of jobs inside another) is refused.
   */
  maxDepth: 8,
  /** Aliased fields in one operation. The real documents use none; 1,000 aliases of a field are 1,000 resolver runs. */
  maxAliases: 15,
  /**
   * Lexical tokens in one document, counted while it is parsed, so a huge document stops early. The real documents
   * have at most about 150; 2,000 leaves room for items written inline instead of in variables (variables are JSON and
   * not counted).
   */
  maxTokens: 2_000,
  /** Directives (`@include`, `@skip`, …) in one operation. The real documents use none. */
  maxDirectives: 20,
  /**
   * Armor's cost estimate: 1 per scalar, 2 per object, each level below weighted 1.5, a literal `first: n` multiplying
   * its connection. The costliest real document is about 220; one literal page of 500 jobs with a dozen fields is
   * about 30,000; a page of batches each with a page of jobs is millions.
   */
  maxCost: 50_000,
};

/**
 * A limit crossed at validation is reported as a validation error (code GRAPHQL_VALIDATION_FAILED, with its location)
 * instead of Armor's default of throwing out of graphql-js's validate(), which reached the client without a code. The
 * token limit acts while parsing and can only throw: the parse error is the answer.
 */
const reported = { propagateOnRejection: false, onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)] };

/**
 * The Armor plugins. Their errors are GraphQLErrors, so yoga does not mask them: they say which limit was crossed and
 * by how much (`exposeLimits`, Armor's default). The limits are no secret: they are in the README.
 */
export function useGraphQLLimits(limits: GraphQLLimits = GRAPHQL_LIMITS): Plugin[] {
  return [
    maxTokensPlugin({ n: limits.maxTokens }),
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...reported }),
    maxAliasesPlugin({ n: limits.maxAliases, ...reported }),
    maxDirectivesPlugin({ n: limits.maxDirectives, ...reported }),
    costLimitPlugin({ maxCost: limits.maxCost, flattenFragments: true, ignoreIntrospection: true, ...reported }),
  ] as Plugin[];
}
