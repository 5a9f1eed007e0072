/** Shared e2e plumbing: the real server (as `npm start` runs it), Debian's chromium, GraphQL over fetch, screenshots. */
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServerProcess } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/temp.ts';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface RunningServer {
  url: string;
  pid: number;
  /** The server's SQLite file, e.g. to create API keys in it with openKeyStore (as `npm run keys` does). */
  dbPath: string;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `node --import tsx apps/api/src/main.ts` on a random port with a fresh database.
 * E2E_SERVER_ARGS (space-separated node arguments) replaces the entry, e.g. to aim the tests at a stub.
 * `env` adds to the server's environment, e.g. `{ SWITCHYARD_AUTH: 'required' }`.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = tempDir('switchyard-e2e-db-');
  const dbPath = join(dir.path, 'switchyard.db');
  const args = process.env.E2E_SERVER_ARGS?.split(/\s+/).filter(Boolean);
  const server = await startServerProcess(
    { SWITCHYARD_DB: dbPath, NODE_ENV: 'production', ...env },
    { timeoutMs: START_TIMEOUT_MS, ...(args ? { args } : {}) },
  );
  return {
    url: server.url,
    pid: server.child.pid!,
    dbPath,
    output: server.output,
    async stop() {
      await server.stop(STOP_TIMEOUT_MS);
      dir.remove();
    },
  };
}

export interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/**
 * Debian's chromium, headless, with a throwaway profile. Never downloads a browser. Playwright refuses a
 * `--user-data-dir` argument, so the fresh profile is given as a persistent context's directory instead.
 */
export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<RunningBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'switchyard-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[browser console] ${m.text()}`);
  });
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      if (errors.length > 0) console.log(`[browser] uncaught page errors:\n${errors.join('\n')}`);
    },
  };
}

/** GraphQL over fetch; throws on transport or GraphQL errors so a test fails with the server's words. */
export async function gql<T = any>(server: { url: string }, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(new URL('graphql', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T; errors?: { message: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`POST /graphql → ${res.status}: ${text.slice(0, 500)}`);
  }
  if (body.errors?.length)
    throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}\nquery: ${query}\nvariables: ${JSON.stringify(variables).slice(0, 300)}`);
  return body.data as T;
}

export const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      __typename
      ... on SubmitBatchSuccess { batch { id status total route { lane executor concurrency rule } } }
      ... on Error { message }
    }
  }
`;

export async function submitBatch(server: { url: string }, input: Record<string, unknown>): Promise<{ id: string; route: { lane: string } }> {
  const d = await gql(server, SUBMIT, { input });
  if (d.submitBatch.__typename !== 'SubmitBatchSuccess') throw new Error(`submitBatch → ${JSON.stringify(d.submitBatch)}`);
  return d.submitBatch.batch;
}

export async function batchCounts(server: { url: string }, id: string) {
  const d = await gql(server, `query($id: ID!) { batch(id: $id) { status total counts { queued running succeeded failed cancelled timedOut } } }`, {
    id,
  });
  return d.batch as {
    status: string;
    total: number;
    counts: Record<'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timedOut', number>;
  };
}

export { closedPort } from '../helpers/ports.ts';

let shotsDir: string | undefined;
/** Saves a full-page screenshot into this run's temporary folder and prints where. */
export async function screenshot(page: Page, name: string): Promise<string> {
  shotsDir ??= mkdtempSync(join(tmpdir(), 'switchyard-e2e-shots-'));
  const path = join(shotsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`[e2e] screenshot: ${path}`);
  return path;
}

/** One server and one browser for the tests of a describe block: started before them, stopped after them. */
export function serverAndBrowser(
  viewport?: { width: number; height: number },
  serverEnv: Record<string, string> = {},
): { readonly server: RunningServer; readonly b: RunningBrowser } {
  const env = {} as { server: RunningServer; b: RunningBrowser };
  beforeAll(async () => {
    env.server = await startServer(serverEnv);
    env.b = await launchBrowser(viewport);
  });
  afterAll(async () => {
    await env.b?.close();
    await env.server?.stop();
  });
  return env;
}
