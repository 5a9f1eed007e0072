/**
 * What a caller may learn about the schema beyond the operations it sends: GraphiQL, introspection, and the
 * "Did you mean …?" suggestions of validation errors (which spell out field names one typo at a time). All on in open
 * local mode, where the person at the keyboard owns the server; all off once the server is shared, unless
 * `SWITCHYARD_GRAPHIQL=1` says otherwise. The committed schema.graphql is the public contract either way.
 */
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useDisableIntrospection } from '@envelop/disable-introspection';
import type { Plugin } from 'graphql-yoga';

/** The plugins that hide the schema, or none when it is exposed. GraphiQL itself is yoga's `graphiql` option. */
export function useSchemaExposure(exposeSchema: boolean): Plugin[] {
  if (exposeSchema) return [];
  return [useDisableIntrospection() as Plugin, blockFieldSuggestionsPlugin({ mask: '' }), useNoValueSuggestions()];
}

/** graphql-js's suggestions at execution: `Did you mean the enum value "QUEUED"?` when a variable is coerced. */
const VALUE_SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Armor's plugin masks the suggestions of validation; a wrong enum value in the variables is found later, when they
 * are coerced for execution, and its message suggests the right ones. Same rule, one step later.
 */
function useNoValueSuggestions(): Plugin {
  return {
    onExecutionResult({ result }) {
      if (!result || Symbol.asyncIterator in result) return; // a stream: its events come from resolvers, not coercion
      for (const one of Array.isArray(result) ? result : [result]) {
        for (const error of one.errors ?? []) error.message = error.message.replace(VALUE_SUGGESTION, '');
      }
    },
  };
}
