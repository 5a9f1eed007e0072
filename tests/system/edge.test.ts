/**
 * The HTTP and GraphQL edge against real servers on loopback: CORS, CSRF, the limits on an operation, what the
 * schema and errors reveal, and job stacks without server paths. Every refused request is checked to have written
 * nothing (the refusals happen before any resolver runs: a mutation that got as far as its resolver would write).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print, type DocumentNode } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { buildSchema } from '@switchyard/schema';
import { APP_ROOT } from '../../packages/engine/src/redact-stack.ts';
import { configFromEnv } from '../../apps/api/src/config.ts';
import { createEdge, GRAPHQL_LIMITS } from '../../apps/api/src/edge/edge.ts';
import * as webDocuments from '../../apps/web/src/gql/graphql.ts';
import * as clientDocuments from '../../packages/client/src/gql/graphql.ts';
import { startTestServer, type TestServer } from '../helpers/api-server.ts';
import { gql } from '../helpers/graphql.ts';

const ALLOWED = 'http://dashboard.example:8080';
const OTHER = 'http://evil.example';

let open: TestServer; // open local mode: schema exposed, one allowed origin
let closed: TestServer; // as when auth is required: schema hidden, no allowed origin
let broken: TestServer; // its database is closed under it by the one test that uses it

beforeAll(async () => {
  // Started together: a server takes seconds to start on a loaded 2-core host, and these three are independent.
  [open, closed, broken] = await Promise.all([
    startTestServer({ exposeSchema: true, corsOrigins: [ALLOWED] }),
    startTestServer({ exposeSchema: false }),
    startTestServer({ exposeSchema: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([open?.stop(), closed?.stop(), broken?.stop()]);
});

const endpoint = (s: TestServer) => `${s.server.url}graphql`;
const batchCount = async (s: TestServer) =>
  (await gql<{ batches: { totalCount: number } }>(s.server.url, '{ batches { totalCount } }')).data!.batches.totalCount;
const SUBMIT_NOOP = 'mutation { submitBatch(input: { task: "noop", items: [{}] }) { __typename } }';

async function postJson(s: TestServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint(s), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { response, body: (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

describe('CORS', () => {
  it('answers an allowed origin with exactly that origin, credentials, and Vary: Origin', async () => {
    const { response, body } = await postJson(open, { query: '{ batches { totalCount } }' }, { origin: ALLOWED });
    expect(body.data).toBeDefined();
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('never reflects another origin, on the allowlisting server or on the default one', async () => {
    for (const s of [open, closed]) {
      const { response } = await postJson(s, { query: '{ batches { totalCount } }' }, { origin: OTHER });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('lets a preflight from the allowed origin through with the CSRF header, and gives another origin nothing', async () => {
    const preflight = (origin: string) =>
      fetch(endpoint(open), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-graphql-yoga-csrf' },
      });
    const allowed = await preflight(ALLOWED);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-graphql-yoga-csrf');
    const other = await preflight(OTHER);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-headers')).toBeNull();
  });
});

/** A request with a Host header of our choosing (fetch may not set one): the status, and the body's error code. */
function withHost(s: TestServer, host: string, init: { upgrade?: boolean } = {}): Promise<{ status: number; code: unknown }> {
  const url = new URL(endpoint(s));
  const body = JSON.stringify({ query: '{ batches { totalCount } }' });
  const headers: Record<string, string> = init.upgrade
    ? {
        host,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-protocol': 'graphql-transport-ws',
      }
    : { host, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname: url.hostname, port: url.port, path: url.pathname, method: init.upgrade ? 'GET' : 'POST', headers });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, code: undefined });
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          code: (JSON.parse(text || '{}') as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors?.[0]?.extensions?.code,
        }),
      );
    });
    req.on('error', reject);
    req.end(init.upgrade ? undefined : body);
  });
}

describe('DNS rebinding: an open server answers only requests that name it by a loopback Host', () => {
  it('refuses another Host over HTTP and on a WebSocket upgrade, and serves localhost and 127.0.0.1', async () => {
    const port = new URL(open.server.url).port;
    expect(await withHost(open, `evil.example:${port}`)).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect((await withHost(open, `evil.example:${port}`, { upgrade: true })).status).toBe(403);
    expect((await withHost(open, `localhost:${port}`)).status).toBe(200);
    expect((await withHost(open, `127.0.0.1:${port}`)).status).toBe(200);
    expect((await withHost(open, `127.0.0.1:${port}`, { upgrade: true })).status).toBe(101);
  });
});

describe('CSRF: simple requests need a header a form cannot set', () => {
  it('refuses a form-urlencoded mutation without it, and writes nothing', async () => {
    const before = await batchCount(closed);
    const response = await fetch(endpoint(closed), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: OTHER },
      body: new URLSearchParams({ query: SUBMIT_NOOP }).toString(),
    });
    expect(response.status).toBe(403);
    expect(JSON.stringify(await response.json())).toContain('CSRF');
    expect(await batchCount(closed)).toBe(before);
  });

  it('refuses a multipart upload without it, writes nothing, and accepts the same upload with it', async () => {
    const upload = (headers: Record<string, string>) => {
      const form = new FormData();
      const query = 'mutation($input: SubmitBatchFileInput!, $file: File!) { submitBatchFile(input: $input, file: $file) { __typename } }';
      form.set('operations', JSON.stringify({ query, variables: { input: { task: 'noop' }, file: null } }));
      form.set('map', JSON.stringify({ 0: ['variables.file'] }));
      form.set('0', new File(['{}\n{}\n'], 'items.jsonl'));
      return fetch(endpoint(closed), { method: 'POST', body: form, headers });
    };
    const before = await batchCount(closed);
    const refused = await upload({});
    expect(refused.status).toBe(403);
    await refused.body?.cancel();
    expect(await batchCount(closed)).toBe(before);
    const accepted = await upload({ 'x-graphql-yoga-csrf': '1' });
    expect((await accepted.json()).data.submitBatchFile.__typename).toBe('SubmitBatchSuccess');
    expect(await batchCount(closed)).toBe(before + 1);
  });

  it('refuses a text/plain POST (what a form with enctype=text/plain sends)', async () => {
    const response = await fetch(endpoint(closed), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: SUBMIT_NOOP }),
    });
    expect(response.status).toBe(403);
    await response.body?.cancel();
  });

  it('refuses a GET query without the header and answers it with the header', async () => {
    const url = `${endpoint(closed)}?query=${encodeURIComponent('{ batches { totalCount } }')}`;
    const refused = await fetch(url);
    expect(refused.status).toBe(403);
    await refused.body?.cancel();
    const answered = await fetch(url, { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(answered.status).toBe(200);
    expect((await answered.json()).data.batches.totalCount).toBeTypeOf('number');
  });
});

describe('limits on an operation, refused before any resolver runs', () => {
  const aliased = (n: number) =>
    `mutation { ${Array.from({ length: n }, (_, i) => `a${i}: submitBatch(input: { task: "noop", items: [{}] }) { __typename }`).join(' ')} }`;

  it.each([
    [
      'the Job.batch → Batch.jobs cycle, nested',
      'mutation { submitBatch(input: { task: "noop", items: [{}] }) { ... on SubmitBatchSuccess { batch { jobs { edges { node { batch { jobs { edges { node { batch { id } } } } } } } } } } } }',
      /depth limit of 8 exceeded/,
    ],
    ['1,000 aliases', aliased(1_000), /limit of \d+ exceeded/],
    ['20 aliases', aliased(20), /Aliases limit of 15 exceeded, found 20/],
    [
      'too many tokens',
      `mutation { submitBatch(input: { task: "noop", items: [${'{}, '.repeat(1_000)}] }) { __typename } }`,
      /Token limit of 2000 exceeded/,
    ],
    [
      'too many directives',
      `mutation { submitBatch(input: { task: "noop", items: [{}] }) { ${'__typename @include(if: true) '.repeat(21)} } }`,
      /Directives limit of 20 exceeded/,
    ],
    [
      'too costly: a page of 500 batches each with a page of 500 jobs',
      '{ batches(first: 500) { edges { node { jobs(first: 500) { edges { node { id } } } } } } }',
      /Cost limit of 50000 exceeded/,
    ],
  ])('%s', async (_, query, message) => {
    const before = await batchCount(closed);
    const { body } = await postJson(closed, { query });
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(message);
    expect(body.errors?.[0]?.extensions?.code).toMatch(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/);
    expect(await batchCount(closed)).toBe(before);
  });

  it('refuses a batch of operations (a JSON array) outright', async () => {
    const before = await batchCount(closed);
    const { response, body } = await postJson(closed, [{ query: SUBMIT_NOOP }, { query: SUBMIT_NOOP }]);
    expect(response.status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Batching is not supported/);
    expect(await batchCount(closed)).toBe(before);
  });

  it('passes every operation the dashboard and the client send (their generated documents), and counts them as they are', () => {
    const { parse, validate, schema } = createYoga({
      schema: buildSchema(),
      plugins: createEdge({ corsOrigins: [], exposeSchema: false }).plugins,
    }).getEnveloped({});
    const documents = [
      ...Object.entries(webDocuments)
        .filter(([name]) => name.endsWith('Document'))
        .map(([name, doc]) => [`web ${name}`, print(doc as DocumentNode)] as const),
      ...Object.entries(clientDocuments)
        .filter(([name]) => name.endsWith('Document'))
        .map(([name, doc]) => [`client ${name}`, (doc as { toString(): string }).toString()] as const),
    ];
    expect(documents.length).toBeGreaterThan(30);
    const failures = documents.flatMap(([name, text]) => validate(schema, parse(text)).map((e: Error) => `${name}: ${e.message}`));
    expect(failures).toEqual([]);
    // …and the same pipeline does refuse: the check above could fail.
    expect(
      validate(schema, parse(`{ ${Array.from({ length: GRAPHQL_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: tasks { name }`).join(' ')} }`)),
    ).toHaveLength(1);
  });
});

describe('what the schema and errors reveal', () => {
  const TYPO = '{ batchez { totalCount } }';

  it('open local mode: introspection, suggestions and GraphiQL are on', async () => {
    const { body } = await postJson(open, { query: '{ __schema { queryType { name } } }' });
    expect(body.data.__schema.queryType.name).toBe('Query');
    expect((await postJson(open, { query: TYPO })).body.errors![0]!.message).toMatch(/Did you mean "batches"/);
    const graphiql = await fetch(endpoint(open), { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    const page = await graphiql.text();
    expect(page).toMatch(/graphiql/i);
    expect(page).toContain('x-graphql-yoga-csrf'); // its own requests pass the CSRF check, GET or SSE
  });

  it('schema hidden: no introspection, no suggestions (validation or enum values), no GraphiQL; __typename still works', async () => {
    const introspection = await postJson(closed, { query: '{ __schema { queryType { name } } }' });
    expect(introspection.body.data).toBeUndefined();
    expect(introspection.body.errors![0]!.message).toMatch(/introspection has been disabled/);
    expect((await postJson(closed, { query: '{ __type(name: "Job") { fields { name } } }' })).body.errors![0]!.message).toMatch(/introspection/);
    const typo = (await postJson(closed, { query: TYPO })).body.errors![0]!.message;
    expect(typo).toContain('Cannot query field "batchez"');
    expect(typo).not.toMatch(/Did you mean|batches/);
    const enumTypo = await postJson(closed, { query: 'query($s: BatchStatus) { batches(status: $s) { totalCount } }', variables: { s: 'QUEUD' } });
    expect(enumTypo.body.errors![0]!.message).toContain('"QUEUD"');
    expect(enumTypo.body.errors![0]!.message).not.toMatch(/Did you mean|QUEUED/);
    const graphiql = await fetch(endpoint(closed), { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).not.toMatch(/graphiql/i);
    expect((await postJson(closed, { query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
  });

  it('every answer carries nosniff, no framing, no referrer, and no-store', async () => {
    const { response } = await postJson(closed, { query: '{ __typename }' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('masks an unexpected error: no message, stack or path, even with NODE_ENV=development', async () => {
    // A real fault: the server's database closed under it, so the resolver's query throws.
    const nodeEnv = process.env.NODE_ENV;
    try {
      await broken.server.engine.close();
      process.env.NODE_ENV = 'development';
      const { body } = await postJson(broken, { query: '{ batches { totalCount } }' });
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const text = JSON.stringify(body);
      expect(text).not.toMatch(/stack|originalError|\.ts:|node_modules/);
      expect(text).not.toContain(APP_ROOT);
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
  });
});

describe('job error stacks', () => {
  it('show where the task failed, relative to the repository, with no server path', async () => {
    const submitted = await gql<{ submitBatch: any }>(
      closed.server.url,
      `mutation { submitBatch(input: { task: "test.broken", items: [{ message: "boom" }], maxAttempts: 1, waitMs: 20000 }) {
         ... on SubmitBatchSuccess { batch { status jobs { edges { node { id error { code message stack } } } } } } } }`,
    );
    const batch = submitted.data!.submitBatch.batch;
    expect(batch.status).toBe('FAILED');
    const { id, error } = batch.jobs.edges[0].node;
    expect(error).toMatchObject({ code: 'BROKEN', message: 'boom' });
    expect(error.stack).toMatch(/tests\/fixtures\/test-tasks\.ts:\d+:\d+/);
    expect(error.stack).not.toContain(APP_ROOT);
    expect(error.stack).not.toContain('file://');
    // The same through Job.error and each attempt's error.
    const job = await gql<{ job: any }>(closed.server.url, 'query($id: ID!) { job(id: $id) { error { stack } history { error { stack } } } }', {
      id,
    });
    for (const stack of [job.data!.job.error.stack, ...job.data!.job.history.map((a: any) => a.error.stack)]) {
      expect(stack).toMatch(/tests\/fixtures\/test-tasks\.ts/);
      expect(stack).not.toContain(APP_ROOT);
    }
  });
});

describe('configuration of the edge', () => {
  it('leaves schema exposure to the auth mode unless SWITCHYARD_GRAPHIQL says 1 or 0', () => {
    expect(configFromEnv({}).exposeSchema).toBeUndefined();
    expect(configFromEnv({ SWITCHYARD_AUTH: 'required', SWITCHYARD_GRAPHIQL: '1' }).exposeSchema).toBe(true);
    expect(configFromEnv({ SWITCHYARD_GRAPHIQL: '0' }).exposeSchema).toBe(false);
    expect(() => configFromEnv({ SWITCHYARD_GRAPHIQL: 'yes' })).toThrow(/SWITCHYARD_GRAPHIQL/);
  });

  it('hides the schema on a server that requires keys, and shows it in open local mode', async () => {
    const [open, closed] = await Promise.all([startTestServer(), startTestServer({ auth: 'required' })]);
    try {
      const { key } = closed.server.engine.keys.create({ team: 'ops', role: 'viewer' });
      const introspect = (url: string, headers: Record<string, string> = {}) => gql(url, '{ __schema { queryType { name } } }', {}, headers);
      expect((await introspect(open.server.url)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await introspect(closed.server.url, { authorization: `Bearer ${key}` })).errors?.[0]?.message).toMatch(/introspection/i);
    } finally {
      await Promise.all([open.stop(), closed.stop()]);
    }
  });

  it('reads SWITCHYARD_CORS_ORIGINS as exact origins, and refuses anything else naming the variable', () => {
    expect(configFromEnv({}).corsOrigins).toEqual([]);
    expect(configFromEnv({ SWITCHYARD_CORS_ORIGINS: 'https://ops.example.com, http://localhost:3000/' }).corsOrigins).toEqual([
      'https://ops.example.com',
      'http://localhost:3000',
    ]);
    for (const bad of ['*', 'https://ops.example.com/app', 'ops.example.com', 'ftp://files.example.com']) {
      expect(() => configFromEnv({ SWITCHYARD_CORS_ORIGINS: bad }), bad).toThrow(/SWITCHYARD_CORS_ORIGINS: .* is not an origin/);
    }
  });
});
