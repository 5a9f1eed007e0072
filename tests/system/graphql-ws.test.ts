/**
 * GraphQL over WebSocket (graphql-ws) on the API's own server and path: the typed client's `transport: 'ws'`, a raw
 * graphql-ws client, and the security rules the HTTP path has (keys per operation, roles, the submission rate, Origin,
 * limits, masking, and a server close that ends every socket).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, MessageType, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { SwitchyardClient } from '@switchyard/client';
import { WS_MAX_PAYLOAD_BYTES } from '../../apps/api/src/ws/graphql-ws.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/api-server.ts';

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      __typename
      ... on SubmitBatchSuccess { batch { id status counts { succeeded } } }
      ... on Error { message }
    }
  }
`;
const PROGRESS = /* GraphQL */ `subscription ($id: ID!) { batchProgress(id: $id) { seq done status counts { succeeded } } }`;

let api: TestServer | undefined;
const toClose: Array<() => unknown> = [];

afterEach(async () => {
  for (const close of toClose.splice(0)) await close();
  await api?.stop();
  api = undefined;
});

async function start(options: TestServerOptions = {}) {
  api = await startTestServer(options);
  return { url: api.server.url, wsUrl: `${api.server.url.replace(/^http/, 'ws')}graphql` };
}

function typedClient(url: string, apiKey?: string) {
  const client = new SwitchyardClient({ url, apiKey, transport: 'ws' });
  toClose.push(() => client.close());
  return client;
}

interface RawOptions {
  readonly params?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/** A raw graphql-ws client, as anyone would write it; closed after the test. */
function rawClient(wsUrl: string, options: RawOptions = {}): Client {
  class HeaderWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: options.headers ?? {} });
    }
  }
  const client = createClient({
    url: wsUrl,
    webSocketImpl: HeaderWebSocket,
    retryAttempts: 0,
    lazyCloseTimeout: 10_000,
    connectionParams: options.params,
  });
  toClose.push(() => client.dispose());
  return client;
}

/** One operation's single result; rejects with what graphql-ws rejects with (errors array, close event, error event). */
function once<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  return new Promise<FormattedExecutionResult<T, unknown>>((resolve, reject) => {
    let result: FormattedExecutionResult<T, unknown> | undefined;
    client.subscribe<T>({ query, variables }, { next: (r) => (result = r), error: reject, complete: () => resolve(result!) });
  });
}

/** What became of a bare upgrade: the HTTP status it was refused with, or 101 when it was accepted. */
function upgradeStatus(wsUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws', { headers });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.once('open', () => {
      resolve(101);
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

const closeCode = async (promise: Promise<unknown>) => {
  const reason = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  return (reason as { code?: number } | null)?.code;
};

describe('GraphQL over WebSocket', () => {
  it('submit-and-wait over the typed client returns the finished batch, on one connection; subscriptions work too', async () => {
    const { url, wsUrl } = await start();
    const client = typedClient(url);
    for (let i = 0; i < 3; i++) {
      const result = await client.submit({ task: 'io.sleep', tag: 'IO', items: [{ ms: 1 }], waitMs: 10_000 });
      if (!result.ok) throw new Error(`refused: ${result.error.message}`);
      expect(result.batch).toMatchObject({ status: 'SUCCEEDED', done: true, counts: { succeeded: 1 } });
      expect(result.batch.id).toMatch(/^b_/);
    }
    // The batch is the one HTTP sees.
    const http = new SwitchyardClient({ url });
    toClose.push(() => http.close());
    const submitted = await client.submit({ task: 'io.sleep', items: Array.from({ length: 6 }, () => ({ ms: 20 })) });
    if (!submitted.ok) throw new Error('refused');

    // waitFor follows batchProgress over the socket.
    const seqs: number[] = [];
    const final = await client.waitFor(submitted.batch.id, { onProgress: (p) => seqs.push(p.seq) });
    expect(final).toMatchObject({ status: 'SUCCEEDED', counts: { succeeded: 6 } });
    expect(seqs.length).toBeGreaterThan(0);
    expect(await http.batch(submitted.batch.id)).toMatchObject({ id: submitted.batch.id, status: 'SUCCEEDED' });

    // A raw graphql-ws subscription, as any client would open it, ends with done.
    const raw = rawClient(wsUrl);
    const events: Array<{ done: boolean; status: string }> = [];
    for await (const event of raw.iterate<{ batchProgress: { done: boolean; status: string } }>({
      query: PROGRESS,
      variables: { id: submitted.batch.id },
    })) {
      events.push(event.data!.batchProgress);
      if (event.data!.batchProgress.done) break;
    }
    expect(events.at(-1)).toMatchObject({ done: true, status: 'SUCCEEDED' });

    // Live results (jobsFinished) over the socket, and an abort that ends a wait at once.
    const live = await client.submit({ task: 'io.sleep', items: Array.from({ length: 4 }, (_, i) => ({ ms: 5 * i })) });
    if (!live.ok) throw new Error('refused');
    const seen: number[] = [];
    for await (const job of client.results(live.batch.id, { live: true })) seen.push(job.index);
    expect(seen.sort()).toEqual([0, 1, 2, 3]);
    const long = await client.submit({ task: 'io.sleep', items: [{ ms: 60_000 }] });
    if (!long.ok) throw new Error('refused');
    const controller = new AbortController();
    const waiting = client.waitFor(long.batch.id, { signal: controller.signal, onProgress: () => controller.abort(new Error('enough waiting')) });
    await expect(waiting).rejects.toThrow('enough waiting');
    expect(await client.cancel(long.batch.id)).toMatchObject({ id: long.batch.id });
  });

  it('the same edge rules apply: Armor limits, syntax errors as answers (the socket stays open), no introspection, a payload limit', async () => {
    const { wsUrl } = await start({ exposeSchema: false });
    const raw = rawClient(wsUrl);
    const deep = `{ batches(first: 1) { edges { node { jobs(first: 1) { edges { node { batch { jobs(first: 1) { edges { node { id } } } } } } } } } } }`;
    const refused = await once(raw, deep).catch((errors: unknown) => errors);
    expect(refused).toMatchObject([{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
    expect(JSON.stringify(refused)).toMatch(/depth/i);
    const syntax = await once(raw, '{ tasks { name ').catch((errors: unknown) => errors);
    expect(syntax).toMatchObject([{ message: expect.stringMatching(/Syntax Error/) }]);
    // Introspection is off when the schema is not exposed, over WebSocket too.
    const introspection = await once(raw, '{ __schema { types { name } } }').catch((errors: unknown) => errors);
    expect(JSON.stringify(introspection)).toMatch(/introspection/i);
    // …nor suggestions: a wrong enum value in the variables is named, the right ones are not spelled out.
    const enumTypo = await once(raw, 'query($s: BatchStatus) { batches(status: $s) { totalCount } }', { s: 'QUEUD' }).catch(
      (errors: unknown) => errors,
    );
    expect(JSON.stringify(enumTypo)).toContain('QUEUD');
    expect(JSON.stringify(enumTypo)).not.toMatch(/Did you mean/);
    // Still connected: the next operation works.
    expect((await once<{ tasks: Array<{ name: string }> }>(raw, '{ tasks { name } }')).data?.tasks.map((t) => t.name)).toContain('io.sleep');
    // A message over the payload limit closes its socket (1009); the server goes on serving the others.
    const huge = { input: { task: 'io.sleep', items: [{ ms: 1, pad: 'x'.repeat(WS_MAX_PAYLOAD_BYTES) }] } };
    expect(await closeCode(once(rawClient(wsUrl), SUBMIT, huge))).toBe(1009);
    expect((await once(raw, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('close() ends open WebSocket subscriptions first (1001) and resolves', async () => {
    const { url, wsUrl } = await start();
    const client = typedClient(url);
    const submitted = await client.submit({ task: 'io.sleep', items: [{ ms: 60_000 }] });
    if (!submitted.ok) throw new Error('refused');
    const raw = rawClient(wsUrl);
    const first = new Promise<void>((resolve) => raw.on('message', (m) => m.type === MessageType.Next && resolve()));
    const ended = closeCode(once(raw, PROGRESS, { id: submitted.batch.id }));
    await first;
    await api!.stop();
    api = undefined;
    expect(await ended).toBe(1001);
  });
});

describe('GraphQL over WebSocket with keys required', () => {
  async function twoTeams(options: TestServerOptions = {}) {
    const started = await start({ auth: 'required', ...options });
    const { keys } = api!.server.engine;
    const alpha = keys.create({ team: 'alpha', role: 'submitter' });
    return {
      ...started,
      alpha: alpha.key,
      alphaId: alpha.info.id,
      alphaViewer: keys.create({ team: 'alpha', role: 'viewer' }).key,
      beta: keys.create({ team: 'beta', role: 'submitter' }).key,
    };
  }

  it('no key, an unknown or malformed one is refused; a valid key in connection_init, header or cookie works, until revoked', async () => {
    const { url, wsUrl, alpha, alphaId } = await twoTeams();
    // No key at all: the upgrade is accepted (connection_init may bring one), connection_init without one is closed 4401.
    expect(await closeCode(once(rawClient(wsUrl), '{ __typename }'))).toBe(4401);
    expect(await closeCode(once(rawClient(wsUrl, { params: { authorization: 'Bearer sy_not-a-key' } }), '{ __typename }'))).toBe(4401);
    expect(await closeCode(once(rawClient(wsUrl, { params: { authorization: 42 } }), '{ __typename }'))).toBe(4401);
    // A wrong key on the upgrade is refused there, as HTTP refuses it.
    expect(await upgradeStatus(wsUrl, { authorization: 'Bearer sy_not-a-key' })).toBe(401);
    expect(await upgradeStatus(wsUrl, { authorization: 'Basic abc' })).toBe(401);
    expect(await upgradeStatus(wsUrl, { authorization: `Bearer ${alpha}` })).toBe(101);
    // The typed client reports the refusal as UNAUTHENTICATED, without a key and with a wrong one.
    await expect(typedClient(url).tasks()).rejects.toMatchObject({ kind: 'UNAUTHENTICATED' });
    await expect(typedClient(url, 'sy_not-a-key').tasks()).rejects.toMatchObject({ kind: 'UNAUTHENTICATED', status: 401 });

    const viaInit = rawClient(wsUrl, { params: { authorization: `Bearer ${alpha}` } });
    expect((await once(viaInit, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    const viaCookie = rawClient(wsUrl, { headers: { cookie: `switchyard_session=${alpha}` } });
    expect((await once(viaCookie, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect((await typedClient(url, alpha).tasks()).map((t) => t.name)).toContain('io.sleep');

    // Revoked while the socket is open: the next operation on it is refused (UNAUTHENTICATED) and writes nothing.
    expect(api!.server.engine.keys.revoke(alphaId)).toBe(true);
    const refused = await once(viaInit, SUBMIT, { input: { task: 'io.sleep', items: [{ ms: 1 }] } }).catch((errors: unknown) => errors);
    expect(refused).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(api!.server.engine.listBatches({ team: 'alpha' }, 10).items).toHaveLength(0);
  });

  it("another team's batch is null; roles and the submission rate apply as over HTTP; a foreign Origin is refused (403)", async () => {
    const { url, wsUrl, alpha, alphaViewer, beta } = await twoTeams({ submissionsPerSecond: 1, corsOrigins: ['https://app.example.com'] });
    const alphaClient = typedClient(url, alpha);
    const submitted = await alphaClient.submit({ task: 'io.sleep', items: [{ ms: 1 }], waitMs: 10_000 });
    if (!submitted.ok) throw new Error('refused');
    expect(await alphaClient.batch(submitted.batch.id)).toMatchObject({ id: submitted.batch.id });
    expect(await typedClient(url, beta).batch(submitted.batch.id)).toBeNull();

    const viewer = rawClient(wsUrl, { params: { authorization: `Bearer ${alphaViewer}` } });
    const forbidden = await once(viewer, SUBMIT, { input: { task: 'io.sleep', items: [{ ms: 1 }] } });
    expect(forbidden.errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);

    // One submission a second per key: alpha's second one at once is over the rate.
    const again = await once(rawClient(wsUrl, { params: { authorization: `Bearer ${alpha}` } }), SUBMIT, {
      input: { task: 'io.sleep', items: [{ ms: 1 }] },
    });
    expect(again.errors).toMatchObject([{ extensions: { code: 'QUOTA_EXCEEDED', quota: 'submissionsPerSecond' } }]);
    expect(again.errors![0]!.extensions).not.toHaveProperty('http');

    // Cross-site WebSocket hijacking: a page of a foreign origin gets no socket, even with the session cookie.
    const host = new URL(wsUrl).host;
    const cookie = `switchyard_session=${alpha}`;
    expect(await upgradeStatus(wsUrl, { origin: 'https://evil.example', cookie })).toBe(403);
    expect(await upgradeStatus(wsUrl, { origin: 'null', cookie })).toBe(403);
    expect(await upgradeStatus(wsUrl, { origin: `http://${host}`, cookie })).toBe(101);
    expect(await upgradeStatus(wsUrl, { origin: 'https://app.example.com', cookie })).toBe(101);
    // Not the GraphQL path: no WebSocket there.
    expect(await upgradeStatus(wsUrl.replace(/graphql$/, 'elsewhere'), { cookie })).toBe(404);
  });
});
