import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config, { CLIENT_OUTPUT, WEB_OUTPUT } from '../../codegen.ts';

interface GeneratedFile {
  filename: string;
  content: string;
}

// Runs the same config as `npm run codegen`, in memory, against the committed schema.graphql and sources.
describe('the generated GraphQL client code', () => {
  it('is committed and up to date with schema.graphql (npm run codegen)', async () => {
    const files = (await generate({ ...config, cwd: process.cwd() }, false)) as GeneratedFile[];
    expect(files.length).toBeGreaterThan(0);
    // Every client of the API has its output: the dashboard's and @switchyard/client's (the CLI's documents too).
    for (const output of [WEB_OUTPUT, CLIENT_OUTPUT]) {
      expect(
        files
          .map((f) => f.filename)
          .filter((name) => name.startsWith(output))
          .sort(),
        `no generated code in ${output}`,
      ).toEqual(['gql.ts', 'graphql.ts', 'index.ts'].map((name) => `${output}${name}`));
    }
    for (const file of files) {
      const committed = await readFile(file.filename, 'utf8').catch(() => `(no committed ${file.filename})`);
      expect(committed, `${file.filename} is stale: run npm run codegen`).toBe(file.content);
    }
  });
});
