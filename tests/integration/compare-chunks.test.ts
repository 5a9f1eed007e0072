import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/api-server.ts';
import { gql } from '../helpers/graphql.ts';
import { waitFor } from '../helpers/temp.ts';

/** The engine's data-batch size (the server takes no routing options): the smallest batch a forced THREADS chunks. */
const DATA_BATCH_ITEMS = 10_000;

interface Run {
  label: string;
  executor: string;
  chunkSize: number;
  status: string;
  errors: number;
  batch: { total: number; route: { chunkSize: number; reason: string; phases: Array<{ chunkSize: number }> } };
}
interface Comparison {
  status: string;
  verdict: string | null;
  strategies: Array<{ executor: string; chunkSize: number | null }>;
  runs: Run[];
}

const COMPARISON = `status verdict strategies { executor chunkSize }
  runs { label executor chunkSize status errors batch { total route { chunkSize reason phases { chunkSize } } } }`;

describe('compareStrategies over GraphQL with a strategy’s chunkSize', () => {
  it('chunks a forced THREADS data batch as the table would, beside one job per message, names what each ran, and refuses a chunk on the event loop', async () => {
    const t = await startTestServer({ maxBatchSize: DATA_BATCH_ITEMS });
    try {
      const { url } = t.server;
      const refused = await gql<{ compareStrategies: { __typename: string; field: string; message: string } }>(
        url,
        'mutation($input: CompareStrategiesInput!) { compareStrategies(input: $input) { __typename ... on InvalidInputError { field message } } }',
        {
          input: {
            task: 'cpu.fib',
            items: [{ n: 3 }],
            strategies: [
              { executor: 'THREADS', chunkSize: 4 },
              { executor: 'ASYNC', chunkSize: 4 },
            ],
          },
        },
      );
      expect(refused.data!.compareStrategies).toMatchObject({ __typename: 'InvalidInputError', field: 'strategies.1.chunkSize' });
      expect(refused.data!.compareStrategies.message).toContain('Expected chunkSize of ASYNC to be 1');
      const listed = await gql<{ comparisons: { edges: unknown[] } }>(url, '{ comparisons { edges { node { id } } } }');
      expect(listed.data!.comparisons.edges).toEqual([]); // the refusal wrote nothing

      const started = await gql<{ compareStrategies: { __typename: string; comparison?: { id: string } } }>(
        url,
        'mutation($input: CompareStrategiesInput!) { compareStrategies(input: $input) { __typename ... on CompareStrategiesSuccess { comparison { id } } } }',
        {
          input: {
            task: 'cpu.fib',
            generate: { count: DATA_BATCH_ITEMS, template: { n: 3 } },
            strategies: [{ executor: 'THREADS' }, { executor: 'THREADS', chunkSize: 1 }],
          },
        },
      );
      const id = started.data!.compareStrategies.comparison!.id;
      const c = await waitFor(
        async () => {
          const read = await gql<{ comparison: Comparison }>(url, `query($id: ID!) { comparison(id: $id) { ${COMPARISON} } }`, { id });
          const comparison = read.data!.comparison;
          return comparison.status === 'RUNNING' ? null : comparison;
        },
        { timeoutMs: 120_000, intervalMs: 100, what: 'the comparison to end' },
      );
      expect(c.status).toBe('SUCCEEDED');
      expect(c.strategies).toEqual([
        { executor: 'THREADS', chunkSize: null },
        { executor: 'THREADS', chunkSize: 1 },
      ]);
      const [chunked, perJob] = c.runs;
      expect(chunked).toMatchObject({ executor: 'THREADS', chunkSize: 256, status: 'SUCCEEDED', errors: 0 });
      expect(chunked!.label).toMatch(/^THREADS×\d+, 256 per message$/);
      expect(chunked!.batch.total).toBe(DATA_BATCH_ITEMS);
      expect(chunked!.batch.route.chunkSize).toBe(256);
      expect(chunked!.batch.route.phases[0]!.chunkSize).toBe(256);
      expect(chunked!.batch.route.reason).toContain('256 jobs per message');
      expect(perJob).toMatchObject({ executor: 'THREADS', chunkSize: 1, status: 'SUCCEEDED', errors: 0 });
      expect(perJob!.label).toMatch(/^THREADS×\d+$/);
      expect(perJob!.batch.route.reason).toContain('one job per message (as the strategy asks)');
      expect(c.verdict).toContain(chunked!.label);
    } finally {
      await t.stop();
    }
  });
});
