/**
 * Typed GraphQL documents from the committed schema (`npm run codegen`). Each client of the API (the dashboard and
 * packages/client) is one entry of `generates` built by `clientOutput`, so no client copies the contract by
 * hand. tests/integration/generated-client.test.ts fails when an output is stale against schema.graphql.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';
import { preset } from '@graphql-codegen/client-preset';

type OutputConfig = Exclude<CodegenConfig['generates'][string], unknown[]>;

// client-preset 6 is typed against a newer @graphql-codegen/plugin-helpers than the CLI's own (their Profiler
// types differ); the preset interface the CLI calls is the same.
const clientPreset = preset as unknown as NonNullable<OutputConfig['preset']>;

export const SCHEMA_FILE = 'packages/schema/schema.graphql';

/** Where the dashboard's generated code is committed; its documents are the `graphql()` calls in apps/web/src. */
export const WEB_OUTPUT = 'apps/web/src/gql/';

/** Where @switchyard/client's generated code is committed; its documents are in packages/client/src. */
export const CLIENT_OUTPUT = 'packages/client/src/gql/';

export interface ClientOutputOptions {
  /**
   * `'string'`: documents as typed strings, sent as they are (no graphql-js at run time, nothing printed per request);
   * what a Node client wants. The dashboard keeps parsed documents, which urql's cache reads.
   * @default 'documentNode'
   */
  readonly documentMode?: 'documentNode' | 'string';
  /**
   * The extension written into the generated files' relative imports: `'.ts'` for code run by Node (NodeNext
   * resolution, tsx) rather than a bundler.
   * @default ''
   */
  readonly importExtension?: '' | '.ts';
}

/** The client preset over one client's sources (the output directory itself is not scanned for documents). */
export function clientOutput(sourceDir: string, outputDir: string, options: ClientOutputOptions = {}): OutputConfig {
  return {
    // The module itself, not the name 'client': the CLI would resolve a name from wherever it is loaded, and
    // @graphql-codegen/cli carries an older client preset of its own.
    preset: clientPreset,
    documents: [`${sourceDir}/**/*.{ts,tsx}`, `!${outputDir}**`],
    // Views take whole query results as props; masked fragments would need an unmasking call in each of them.
    presetConfig: { fragmentMasking: false },
    config: {
      // Enums as `as const` objects (the client preset's spelling of enumsAsConst), so a form can list every
      // executor, tag or status at run time.
      enumType: 'const',
      useTypeImports: true,
      ...(options.documentMode === 'string' ? { documentMode: 'string' } : {}),
      ...(options.importExtension ? { importExtension: options.importExtension } : {}),
      scalars: {
        DateTime: { input: 'string', output: 'string' },
        JSON: { input: 'unknown', output: 'unknown' },
        File: { input: 'File', output: 'never' },
      },
    },
  };
}

const config: CodegenConfig = {
  schema: SCHEMA_FILE,
  generates: {
    [WEB_OUTPUT]: clientOutput('apps/web/src', WEB_OUTPUT),
    [CLIENT_OUTPUT]: clientOutput('packages/client/src', CLIENT_OUTPUT, { documentMode: 'string', importExtension: '.ts' }),
  },
  silent: true,
};

export default config;
