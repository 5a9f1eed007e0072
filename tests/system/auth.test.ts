import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, openKeyStore } from '@switchyard/engine';
import { startServer } from '../../apps/api/src/server.ts';
import { startTestServer, type TestServer } from '../helpers/api-server.ts';
import { TEST_TASKS } from '../helpers/engine.ts';
import { gql, gqlResponse, subscribe } from '../helpers/graphql.ts';
import { REPO_ROOT } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/temp.ts';

const run = promisify(execFile);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      __typename
      ... on SubmitBatchSuccess { batch { id jobs(first: 1) { edges { node { id } } } } }
      ... on QuotaExceededError { quota limit retryAfterMs message }
      ... on QueueFullError { retryAfterMs message }
    }
  }
`;

let api: TestServer | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

/** A server that requires keys, with two teams: alpha (admin, submitter, viewer) and beta (submitter). */
async function twoTeams(options: Parameters<typeof startTestServer>[0] = {}) {
  api = await startTestServer({ auth: 'required', ...options });
  const { keys } = api.server.engine;
  const key = (team: string, role: 'viewer' | 'submitter' | 'admin') => keys.create({ team, role }).key;
  return {
    url: api.server.url,
    alphaAdmin: key('alpha', 'admin'),
    alpha: key('alpha', 'submitter'),
    alphaViewer: key('alpha', 'viewer'),
    beta: key('beta', 'submitter'),
  };
}

async function submit(url: string, key: string, input: Record<string, unknown> = {}) {
  const res = await gqlResponse<{ submitBatch: any }>(
    url,
    SUBMIT,
    { input: { task: 'io.sleep', tag: 'IO', items: [{ ms: 5 }], ...input } },
    bearer(key),
  );
  return { ...res, result: res.body.data?.submitBatch };
}

describe('keys and modes', () => {
  it('npm run keys: create prints only the key, list shows it without the key, revoke stops it', async () => {
    const dir = tempDir();
    try {
      const env = { ...process.env, SWITCHYARD_DB: join(dir.path, 'keys.db') };
      const keysCli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'apps/api/src/keys.ts', ...args], { cwd: REPO_ROOT, env });
      const created = await keysCli('create', '--team', 'ops', '--role', 'viewer');
      expect(created.stdout).toMatch(/^sy_[A-Za-z0-9_-]{43}\n$/);
      const key = created.stdout.trim();
      const listed = JSON.parse((await keysCli('list', '--team', 'ops', '--json')).stdout) as Array<{ id: string; team: string; role: string }>;
      expect(listed).toMatchObject([{ team: 'ops', role: 'viewer' }]);
      expect(JSON.stringify(listed)).not.toContain(key);
      const store = openKeyStore(env.SWITCHYARD_DB);
      try {
        expect(store.keys.verify(key)).toMatchObject({ team: 'ops', role: 'viewer' });
        expect((await keysCli('revoke', listed[0]!.id)).stdout).toContain(`Revoked ${listed[0]!.id}`);
        expect(store.keys.verify(key)).toBeNull();
      } finally {
        store.close();
      }
      await expect(keysCli('revoke', listed[0]!.id)).rejects.toMatchObject({ code: 1 });
      await expect(keysCli('create', '--team', 'Not A Name')).rejects.toMatchObject({ code: 1 });
    } finally {
      dir.remove();
    }
  });

  it('is open on loopback with no keys, and requires one as soon as a key exists', async () => {
    api = await startTestServer();
    const open = await gql<{ viewer: { team: string; role: string; authRequired: boolean } }>(
      api.server.url,
      '{ viewer { team role authRequired } }',
    );
    expect(open.data!.viewer).toEqual({ team: 'default', role: 'ADMIN', authRequired: false });
    const { key } = api.server.engine.keys.create({ team: 'default', role: 'admin' });
    const refused = await gqlResponse(api.server.url, '{ viewer { team } }');
    expect(refused.status).toBe(401);
    expect(refused.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(
      (await gql<{ viewer: { authRequired: boolean } }>(api.server.url, '{ viewer { authRequired } }', {}, bearer(key))).data!.viewer.authRequired,
    ).toBe(true);
  });

  it('refuses to start on a non-loopback HOST without auth, saying why', async () => {
    const dir = tempDir();
    try {
      const config = { port: 0, host: '0.0.0.0', dbPath: join(dir.path, 'x.db'), taskModules: [TEST_TASKS], maxBatchSize: 10, webDir: dir.path };
      const failure = await startServer(config).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ConfigError);
      expect(String(failure)).toMatch(/HOST=0\.0\.0\.0 is not a loopback address.*SWITCHYARD_AUTH=required/);
    } finally {
      dir.remove();
    }
  });
});

describe('two teams on a server that requires keys', () => {
  it('answers 401 UNAUTHENTICATED without a key, with an unknown one and with a revoked one; /healthz needs none', async () => {
    const t = await twoTeams();
    for (const headers of [{}, bearer('sy_unknown'), { authorization: 'Basic abc' }]) {
      const res = await gqlResponse(t.url, '{ tasks { name } }', {}, headers);
      expect(res.status).toBe(401);
      expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    }
    expect((await fetch(`${t.url}healthz`)).status).toBe(200);
    expect((await gqlResponse(t.url, '{ tasks { name } }', {}, bearer(t.beta))).status).toBe(200);
    const [info] = api!.server.engine.keys.list('beta');
    api!.server.engine.keys.revoke(info!.id);
    expect((await gqlResponse(t.url, '{ tasks { name } }', {}, bearer(t.beta))).status).toBe(401);
  });

  it("shows a team nothing of another team's batches, jobs and comparisons, and lets it touch none of them", async () => {
    const t = await twoTeams();
    const mine = await submit(t.url, t.alpha, { items: Array.from({ length: 3 }, () => ({ ms: 2_000 })), name: 'alpha-secret' });
    expect(mine.result.__typename).toBe('SubmitBatchSuccess');
    const batchId: string = mine.result.batch.id;
    const jobId: string = mine.result.batch.jobs.edges[0].node.id;
    expect(batchId).toMatch(/^b_[A-Za-z0-9_-]{22}$/);
    const compared = await gql<{ compareStrategies: any }>(
      t.url,
      `mutation { compareStrategies(input: { task: "io.sleep", tag: IO, items: [{ ms: 1 }], strategies: [{ executor: ASYNC }] }) { ... on CompareStrategiesSuccess { comparison { id } } } }`,
      {},
      bearer(t.alpha),
    );
    const comparisonId: string = compared.data!.compareStrategies.comparison.id;

    const asBeta = (query: string, variables: Record<string, unknown> = {}) => gql<any>(t.url, query, variables, bearer(t.beta));
    expect((await asBeta('query ($id: ID!) { batch(id: $id) { id } }', { id: batchId })).data.batch).toBeNull();
    expect((await asBeta('query ($id: ID!) { job(id: $id) { id } }', { id: jobId })).data.job).toBeNull();
    expect((await asBeta('query ($id: ID!) { comparison(id: $id) { id } }', { id: comparisonId })).data.comparison).toBeNull();
    expect((await asBeta('{ batches(includeComparisonRuns: true) { totalCount } comparisons { totalCount } }')).data).toEqual({
      batches: { totalCount: 0 },
      comparisons: { totalCount: 0 },
    });
    expect((await asBeta('{ batches(search: "alpha-secret") { totalCount } }')).data.batches.totalCount).toBe(0);
    expect((await asBeta('mutation ($id: ID!) { cancelBatch(id: $id) { id } }', { id: batchId })).data.cancelBatch).toBeNull();
    expect((await asBeta('mutation ($id: ID!) { cancelJob(id: $id) { id } }', { id: jobId })).data.cancelJob).toBeNull();
    expect((await asBeta('mutation ($id: ID!) { retryFailed(batchId: $id) { id } }', { id: batchId })).data.retryFailed).toBeNull();
    expect((await asBeta('mutation ($id: ID!) { cancelComparison(id: $id) { id } }', { id: comparisonId })).data.cancelComparison).toBeNull();
    for (const [query, id] of [
      ['subscription ($id: ID!) { batchProgress(id: $id) { seq } }', batchId],
      ['subscription ($id: ID!) { jobsFinished(batchId: $id) { done } }', batchId],
      ['subscription ($id: ID!) { comparisonProgress(id: $id) { id } }', comparisonId],
    ] as const) {
      const [first] = await subscribe<any>(t.url, query, { id }, () => true, 10_000, bearer(t.beta));
      expect(first!.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    }
    // The same not-found as an id that never existed: nothing tells the two apart.
    const missing = await subscribe<any>(
      t.url,
      'subscription ($id: ID!) { batchProgress(id: $id) { seq } }',
      { id: 'b_AAAAAAAAAAAAAAAAAAAAAA' },
      () => true,
      10_000,
      bearer(t.beta),
    );
    expect(missing[0]!.errors![0]!.message.replace(/b_\S+/, 'ID')).toBe(
      (
        await subscribe<any>(t.url, 'subscription ($id: ID!) { batchProgress(id: $id) { seq } }', { id: batchId }, () => true, 10_000, bearer(t.beta))
      )[0]!.errors![0]!.message.replace(/b_\S+/, 'ID'),
    );
    expect((await fetch(`${t.url}batches/${batchId}/results.jsonl`, { headers: bearer(t.beta) })).status).toBe(404);
    expect((await fetch(`${t.url}batches/${batchId}/results.jsonl`, { headers: bearer(t.alpha) })).status).toBe(200);
    expect((await fetch(`${t.url}batches/${batchId}/results.jsonl`)).status).toBe(401);

    // Counts and lanes are the team's own; the engine-wide view is for admins.
    const stats = (key: string, all = false) =>
      gql<any>(
        t.url,
        `{ engineStats(allTeams: ${all}) { totals { queued running } lanes { lane inFlight queued } activeBatches { id } } }`,
        {},
        bearer(key),
      );
    const beta = (await stats(t.beta)).data.engineStats;
    expect(beta.totals).toEqual({ queued: 0, running: 0 });
    expect(beta.activeBatches).toEqual([]);
    expect(beta.lanes.every((l: any) => l.inFlight === 0 && l.queued === 0)).toBe(true);
    const alpha = (await stats(t.alpha)).data.engineStats;
    expect(alpha.totals.queued + alpha.totals.running).toBeGreaterThan(0);
    expect(alpha.activeBatches).toEqual([{ id: batchId }]);
    expect((await stats(t.alpha, true)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(
      (await stats(t.alphaAdmin, true)).data.engineStats.totals.queued + (await stats(t.alphaAdmin, true)).data.engineStats.totals.running,
    ).toBeGreaterThan(0);

    // And the owner still can.
    expect((await gql<any>(t.url, 'mutation ($id: ID!) { cancelBatch(id: $id) { id } }', { id: batchId }, bearer(t.alpha))).data.cancelBatch.id).toBe(
      batchId,
    );
  });

  it('a viewer reads but cannot submit, cancel or manage keys (FORBIDDEN, nothing written); an admin manages its own team’s keys', async () => {
    const t = await twoTeams();
    const refused = await submit(t.url, t.alphaViewer);
    expect(refused.status).toBe(403);
    expect(refused.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await gql<any>(t.url, '{ batches { totalCount } }', {}, bearer(t.alphaViewer))).data.batches.totalCount).toBe(0);
    expect((await gql<any>(t.url, '{ apiKeys { id } }', {}, bearer(t.alpha))).errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const created = await gql<any>(
      t.url,
      'mutation { createApiKey(role: VIEWER, label: "ci") { key apiKey { id role label } } }',
      {},
      bearer(t.alphaAdmin),
    );
    const { key, apiKey } = created.data.createApiKey;
    expect(apiKey).toMatchObject({ role: 'VIEWER', label: 'ci' });
    expect((await gql<any>(t.url, '{ viewer { team role } }', {}, bearer(key))).data.viewer).toEqual({ team: 'alpha', role: 'VIEWER' });
    const listed = (await gql<any>(t.url, '{ apiKeys { id } }', {}, bearer(t.alphaAdmin))).data.apiKeys as Array<{ id: string }>;
    expect(listed).toHaveLength(4);
    // beta's keys are not alpha's to revoke.
    const [betaKey] = api!.server.engine.keys.list('beta');
    expect(
      (await gql<any>(t.url, 'mutation ($id: ID!) { revokeApiKey(id: $id) }', { id: betaKey!.id }, bearer(t.alphaAdmin))).data.revokeApiKey,
    ).toBe(false);
    expect((await gqlResponse(t.url, '{ tasks { name } }', {}, bearer(t.beta))).status).toBe(200);
    expect((await gql<any>(t.url, 'mutation ($id: ID!) { revokeApiKey(id: $id) }', { id: apiKey.id }, bearer(t.alphaAdmin))).data.revokeApiKey).toBe(
      true,
    );
    expect((await gqlResponse(t.url, '{ tasks { name } }', {}, bearer(key))).status).toBe(401);
  });

  it('signs the dashboard in with an HttpOnly, SameSite=Strict session cookie, and out again', async () => {
    const t = await twoTeams();
    const bad = await fetch(`${t.url}auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"key":"sy_nope"}' });
    expect(bad.status).toBe(401);
    const form = await fetch(`${t.url}auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `key=${t.beta}`,
    });
    expect(form.status).toBe(415);
    const signIn = await fetch(`${t.url}auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: t.beta }),
    });
    expect(await signIn.json()).toMatchObject({ signedIn: true, team: 'beta', role: 'submitter' });
    const setCookie = signIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^switchyard_session=sy_[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    expect((await gql<any>(t.url, '{ viewer { team } }', {}, { cookie })).data.viewer.team).toBe('beta');
    expect(await (await fetch(`${t.url}auth/session`, { headers: { cookie } })).json()).toMatchObject({ signedIn: true, team: 'beta' });
    const signOut = await fetch(`${t.url}auth/session`, { method: 'DELETE', headers: { cookie } });
    expect(signOut.headers.get('set-cookie')).toMatch(/^switchyard_session=; .*Max-Age=0/);
    expect(await (await fetch(`${t.url}auth/session`)).json()).toEqual({ signedIn: false, authRequired: true });
  });
});

describe('fair shares between two teams on a server that requires keys', () => {
  it('finishes the small team’s batch long before the big one submitted first by another team', async () => {
    const t = await twoTeams({ maxBatchSize: 500 });
    // The thread pool is the contended lane: as many slots as threads, far fewer than either batch asks for.
    const fib = (n: number) => ({
      task: 'cpu.fib',
      tag: 'CPU',
      items: Array.from({ length: n }, () => ({ n: 24 })),
      strategy: { executor: 'THREADS' },
    });
    const big = (await submit(t.url, t.beta, fib(400))).result.batch.id as string;
    const small = (await submit(t.url, t.alpha, fib(10))).result.batch.id as string;
    // Each batch's own wall time, first start to end, from its last progress snapshot.
    const wallMs = async (key: string, id: string) => {
      const payloads = await subscribe<any>(
        t.url,
        'subscription ($id: ID!) { batchProgress(id: $id) { done status wallMs } }',
        { id },
        (p) => p.data?.batchProgress.done,
        120_000,
        bearer(key),
      );
      const last = payloads.at(-1)!.data.batchProgress;
      expect(last.status).toBe('SUCCEEDED');
      return last.wallMs as number;
    };
    const [smallMs, bigMs] = await Promise.all([wallMs(t.alpha, small), wallMs(t.beta, big)]);
    // Round-robin over teams: the 10 jobs get every other slot, about 20 of the big batch's 400 turns.
    expect(smallMs / bigMs).toBeLessThan(0.3);
  });
});

describe('quotas and overload', () => {
  it('refuses over a team’s quota of held jobs as QuotaExceededError, and over the server’s as QueueFullError, writing nothing', async () => {
    const t = await twoTeams({ admission: { teamMaxQueuedJobs: 5, maxQueuedJobs: 8 } });
    const long = (n: number) => ({ items: Array.from({ length: n }, () => ({ ms: 30_000 })), strategy: { executor: 'ASYNC', concurrency: 1 } });
    expect((await submit(t.url, t.alpha, long(5))).result.__typename).toBe('SubmitBatchSuccess');
    const over = (await submit(t.url, t.alpha, long(2))).result;
    expect(over).toMatchObject({ __typename: 'QuotaExceededError', quota: 'queuedJobs', limit: 5 });
    expect(over.retryAfterMs).toBeGreaterThan(0);
    // beta has a quota of its own, but the server as a whole holds at most 8 (alpha 5 + beta 3).
    expect((await submit(t.url, t.beta, long(3))).result.__typename).toBe('SubmitBatchSuccess');
    expect((await submit(t.url, t.beta, long(3))).result).toMatchObject({ __typename: 'QueueFullError' });
    const count = async (key: string) => (await gql<any>(t.url, '{ batches { totalCount } }', {}, bearer(key))).data.batches.totalCount;
    expect([await count(t.alpha), await count(t.beta)]).toEqual([1, 1]);
  });

  it('answers 429 with Retry-After over the submission rate, and stays healthy', async () => {
    const t = await twoTeams({ submissionsPerSecond: 3 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => submit(t.url, t.beta)));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(4);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body.errors![0]!.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', quota: 'submissionsPerSecond', limit: 3 });
    const accepted = answers.filter((a) => a.result?.__typename === 'SubmitBatchSuccess').length;
    expect((await gql<any>(t.url, '{ batches { totalCount } }', {}, bearer(t.beta))).data.batches.totalCount).toBe(accepted);
    // Another key has its own budget.
    expect((await submit(t.url, t.alpha)).status).toBe(200);
  });
});
