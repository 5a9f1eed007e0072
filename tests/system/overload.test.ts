import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { gql, gqlResponse } from '../helpers/graphql.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/temp.ts';
import { TEST_TASKS } from '../helpers/engine.ts';

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      __typename
      ... on QueueFullError { retryAfterMs }
    }
  }
`;

let server: ServerProcess | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await server?.stop(5_000);
  dir?.remove();
  server = undefined;
});

it('refuses a flood of submissions at once with QueueFullError once the server holds its limit, stays healthy, and writes only what it accepted', async () => {
  const JOBS = 100;
  dir = tempDir();
  // A real server process, so the flood's client and the server do not share an event loop.
  server = await startServerProcess(
    {
      SWITCHYARD_DB: join(dir.path, 'flood.db'),
      SWITCHYARD_TASKS: TEST_TASKS,
      SWITCHYARD_MAX_QUEUED_JOBS: '2000',
      SWITCHYARD_MAX_LOOP_DELAY_MS: '60000',
    },
    { timeoutMs: 60_000 },
  );
  const { url } = server;
  const items = Array.from({ length: JOBS }, () => ({ ms: 60_000 }));

  let flooding = true;
  const healthMs: number[] = [];
  const health = (async () => {
    while (flooding) {
      const t0 = performance.now();
      const res = await fetch(`${url}healthz`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      healthMs.push(performance.now() - t0);
    }
  })();
  const answers = await Promise.all(
    Array.from({ length: 200 }, () =>
      gqlResponse<{ submitBatch: { __typename: string } }>(url, SUBMIT, { input: { task: 'io.sleep', tag: 'IO', items } }),
    ),
  );
  flooding = false;
  await health;

  const kinds = answers.map((a) => a.body.data?.submitBatch.__typename ?? `HTTP ${a.status}`);
  const accepted = kinds.filter((k) => k === 'SubmitBatchSuccess').length;
  const refused = kinds.filter((k) => k === 'QueueFullError').length;
  // Every request got an answer, and each was one of the two; at most 2,000 jobs were taken.
  expect(accepted + refused).toBe(answers.length);
  expect(accepted).toBeGreaterThan(0);
  expect(accepted * JOBS).toBeLessThanOrEqual(2_000);
  // What was accepted is all there; what was refused left nothing.
  const { data } = await gql<{ batches: { totalCount: number }; engineStats: { totals: { queued: number; running: number } } }>(
    url,
    '{ batches { totalCount } engineStats { totals { queued running } } }',
  );
  expect(data!.batches.totalCount).toBe(accepted);
  expect(data!.engineStats.totals.queued + data!.engineStats.totals.running).toBe(accepted * JOBS);
  // The health check kept answering while the flood was being answered: at least two health checks completed
  // before the last submission's answer. (Absolute times belong to the bench: this host is shared with the suite.)
  expect(healthMs.length).toBeGreaterThan(1);
});
