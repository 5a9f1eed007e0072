import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.ts';

interface GeneratedFile {
  filename: string;
  content: string;
}

// Runs the same config as `npm run codegen`, in memory, against the committed schema.graphql and sources.
describe('the generated GraphQL client code', () => {
  it('is committed and up to date with schema.graphql (npm run codegen)', async () => {
    const files = (await generate({ ...config, cwd: process.cwd() }, false)) as GeneratedFile[];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const committed = await readFile(file.filename, 'utf8').catch(() => `(no committed ${file.filename})`);
      expect(committed, `${file.filename} is stale: run npm run codegen`).toBe(file.content);
    }
  });
});
