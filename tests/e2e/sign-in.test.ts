/**
 * The dashboard's sign-in (#8 §1): a real server that requires keys, keys made in its database as `npm run keys`
 * makes them, and Debian's chromium. Each test starts from a browser with no cookies.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openKeyStore } from '@switchyard/engine';
import { screenshot, serverAndBrowser, type RunningServer } from './harness.ts';

type Role = 'viewer' | 'submitter' | 'admin';

/** A key of `team` with `role`, written into the running server's database (it works at once). */
function createKey(server: RunningServer, team: string, role: Role): { key: string; id: string } {
  const store = openKeyStore(server.dbPath);
  try {
    const { key, info } = store.keys.create({ team, role, label: `e2e ${role}` });
    return { key, id: info.id };
  } finally {
    store.close();
  }
}

function revokeKey(server: RunningServer, id: string): void {
  const store = openKeyStore(server.dbPath);
  try {
    expect(store.keys.revoke(id)).toBe(true);
  } finally {
    store.close();
  }
}

/** GraphQL as a script sends it, with a bearer key; throws on any error so a test fails with the server's words. */
async function gqlAs<T = any>(server: RunningServer, key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(new URL('graphql', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok || body.errors?.length) throw new Error(`POST /graphql → ${res.status}: ${JSON.stringify(body)}`);
  return body.data as T;
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function expectSignedInAs(page: Page, team: string, role: Role): Promise<void> {
  await expect.poll(() => page.getByTestId('session-team').textContent(), { timeout: 15_000 }).toBe(team);
  expect(await page.getByTestId('session-role').textContent()).toBe(role);
}

const signInHeading = (page: Page) => page.getByRole('heading', { name: 'Sign in', exact: true });

describe('dashboard sign-in, with keys required', () => {
  const env = serverAndBrowser(undefined, { SWITCHYARD_AUTH: 'required' });
  let keys: Record<Role, { key: string; id: string }>;

  beforeAll(() => {
    keys = {
      viewer: createKey(env.server, 'alpha', 'viewer'),
      submitter: createKey(env.server, 'alpha', 'submitter'),
      admin: createKey(env.server, 'alpha', 'admin'),
    };
  });
  beforeEach(async () => {
    await env.b.context.clearCookies();
  });

  it('asks for a key, shows the refusal of a wrong one, signs in with the right one into an HttpOnly, SameSite=Strict cookie', async () => {
    const { page, context } = env.b;
    await page.goto(env.server.url);
    await signInHeading(page).waitFor();
    expect(await page.getByLabel('API key', { exact: true }).getAttribute('type')).toBe('password');
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);

    await signIn(page, 'sy_not-a-key-this-server-made');
    const refusal = page.locator('#signin-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('role')).toBe('alert');
    expect(await refusal.textContent()).toMatch(/not accepted/);
    expect(await page.getByLabel('API key', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await context.cookies()).toEqual([]);
    await screenshot(page, 'sign-in-refused');

    await signIn(page, keys.submitter.key);
    await expectSignedInAs(page, 'alpha', 'submitter');
    await page.getByRole('heading', { name: 'Overview', exact: true }).waitFor();
    // The overview's figures came through the cookie: no error box, and the lanes are listed.
    await page.getByRole('heading', { name: 'Lanes', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);

    const session = (await context.cookies()).find((c) => c.name === 'switchyard_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', value: keys.submitter.key });
    const visible = await page.evaluate(() => document.cookie);
    expect(visible).not.toContain('switchyard_session');
    expect(visible).not.toContain(keys.submitter.key);
    await screenshot(page, 'signed-in-submitter');

    // A reload keeps the session: the cookie, not page state, carries it.
    await page.reload();
    await expectSignedInAs(page, 'alpha', 'submitter');
  });

  it('a viewer sees no submit, cancel or retry actions, where a submitter of the same team does', async () => {
    const { page } = env.b;
    const submitted = await gqlAs(
      env.server,
      keys.submitter.key,
      `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) {
        __typename ... on SubmitBatchSuccess { batch { id jobs(first: 1) { edges { node { id } } } } } ... on Error { message } } }`,
      { input: { task: 'io.sleep', tag: 'IO', name: 'e2e long sleep', items: [{ ms: 600_000 }], timeoutMs: 700_000 } },
    );
    expect(submitted.submitBatch.__typename).toBe('SubmitBatchSuccess');
    const batchId: string = submitted.submitBatch.batch.id;
    const jobId: string = submitted.submitBatch.batch.jobs.edges[0].node.id;
    try {
      await page.goto(env.server.url);
      await signIn(page, keys.viewer.key);
      await expectSignedInAs(page, 'alpha', 'viewer');
      await page.getByRole('heading', { name: 'Lanes', exact: true }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Overview', 'Batches', 'Failures', 'Compare', 'Schedules', 'Decision table']);
      expect(await page.getByRole('link', { name: 'Submit a batch' }).count()).toBe(0);

      await nav.getByRole('link', { name: 'Batches' }).click();
      await page.getByRole('link', { name: /e2e long sleep/ }).waitFor();
      expect(await page.getByRole('link', { name: 'Submit a batch' }).count()).toBe(0);

      await page.goto(new URL(`batch/?id=${encodeURIComponent(batchId)}`, env.server.url).href);
      await page.getByRole('heading', { name: /e2e long sleep/ }).waitFor();
      await page.getByTestId('batch-status').waitFor();
      expect(await page.getByRole('button', { name: /Cancel batch|Retry failed/ }).count()).toBe(0);

      await page.goto(new URL(`job/?id=${encodeURIComponent(jobId)}`, env.server.url).href);
      await page.getByRole('heading', { name: new RegExp(`Job #${jobId}`) }).waitFor();
      expect(await page.getByRole('button', { name: 'Cancel job' }).count()).toBe(0);

      await page.goto(new URL('compare/', env.server.url).href);
      await page.getByRole('heading', { name: 'Compare strategies' }).waitFor();
      await page
        .getByRole('heading', { name: /comparisons/i })
        .first()
        .waitFor();
      expect(await page.getByRole('button', { name: /^Compare \d/ }).count()).toBe(0);

      await page.goto(new URL('submit/', env.server.url).href);
      await page.getByTestId('role-notice').waitFor();
      expect(await page.getByTestId('role-notice').textContent()).toMatch(/needs the submitter role.*viewer/);
      expect(await page.getByLabel('Items', { exact: true }).count()).toBe(0);
      await screenshot(page, 'viewer-submit-page');

      // The same batch page for a submitter has the buttons the viewer's lacked.
      await env.b.context.clearCookies();
      await page.goto(new URL(`batch/?id=${encodeURIComponent(batchId)}`, env.server.url).href);
      await signIn(page, keys.submitter.key);
      await expectSignedInAs(page, 'alpha', 'submitter');
      await page.getByRole('button', { name: 'Cancel batch' }).waitFor();
      expect(await page.getByRole('button', { name: /Retry failed/ }).count()).toBe(1);
    } finally {
      await gqlAs(env.server, keys.submitter.key, `mutation($id: ID!) { cancelBatch(id: $id) { id } }`, { id: batchId });
    }
  });

  it('sign-out returns to the sign-in screen, and the browser is refused again', async () => {
    const { page, context } = env.b;
    await page.goto(env.server.url);
    await signIn(page, keys.viewer.key);
    await expectSignedInAs(page, 'alpha', 'viewer');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInHeading(page).waitFor();
    expect(await page.getByTestId('session').count()).toBe(0);
    expect((await context.cookies()).some((c) => c.name === 'switchyard_session')).toBe(false);
    const status = await page.evaluate(
      async () =>
        (await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { team } }"}' }))
          .status,
    );
    expect(status).toBe(401);
  });

  it('a key revoked meanwhile brings the sign-in screen back at the next request', async () => {
    const { page } = env.b;
    const doomed = createKey(env.server, 'alpha', 'viewer');
    await page.goto(env.server.url);
    await signIn(page, doomed.key);
    await expectSignedInAs(page, 'alpha', 'viewer');
    await page.getByRole('heading', { name: 'Lanes', exact: true }).waitFor();
    revokeKey(env.server, doomed.id);
    // A client-side navigation: its first query is refused with 401.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Decision table' }).click();
    await signInHeading(page).waitFor({ timeout: 15_000 });
    expect(await page.getByText(/Your session ended/).count()).toBe(1);
  });

  it('a submitter submits a batch from the dashboard', async () => {
    const { page } = env.b;
    await page.goto(new URL('submit/', env.server.url).href);
    await signIn(page, keys.submitter.key);
    await expectSignedInAs(page, 'alpha', 'submitter');
    await page.getByLabel('Task', { exact: true }).selectOption('io.sleep');
    await page.getByLabel('Items', { exact: true }).fill(Array.from({ length: 10 }, () => '{"ms": 20}').join('\n'));
    await expect.poll(() => page.getByTestId('items-count').textContent()).toContain('10 items');
    await page.getByLabel('Name (optional)').fill('e2e signed-in batch');
    await page.getByRole('button', { name: /^Submit 10 items$/ }).click();
    await page.waitForURL(/\/batch\/\?id=/);
    const id = new URL(page.url()).searchParams.get('id')!;
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toMatch(/Succeeded/);
    const d = await gqlAs(env.server, keys.viewer.key, `query($id: ID!) { batch(id: $id) { name counts { succeeded } } }`, { id });
    expect(d.batch).toEqual({ name: 'e2e signed-in batch', counts: { succeeded: 10 } });
  });

  it('an admin creates a key on the Keys page, sees it once, and revokes it after confirming', async () => {
    const { page } = env.b;
    await page.goto(env.server.url);
    await signIn(page, keys.admin.key);
    await expectSignedInAs(page, 'alpha', 'admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByLabel('Role', { exact: true }).selectOption('VIEWER');
    await page.getByLabel('Label (optional)').fill('e2e made in the browser');
    await page.getByRole('button', { name: 'Create key' }).click();
    const made = (await page.getByTestId('new-key-value').textContent())!;
    expect(made).toMatch(/^sy_/);
    expect(await page.getByTestId('new-key').textContent()).toMatch(/shown only this once/);
    const verify = async () =>
      (
        await fetch(new URL('auth/session', env.server.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ key: made }),
        })
      ).status;
    expect(await verify()).toBe(200);

    const row = page.locator('tr', { hasText: 'e2e made in the browser' });
    await row.waitFor();
    await row.getByRole('button', { name: /^Revoke key/ }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(() => row.textContent()).toMatch(/revoked/);
    expect(await verify()).toBe(401);
    await screenshot(page, 'keys-page');
  });

  it('an admin switches the overview to every team’s figures; a submitter has no such switch', async () => {
    const { page } = env.b;
    // Two fresh teams: gamma (an admin, no work of its own) and delta (3 finished jobs).
    const admin = createKey(env.server, 'gamma', 'admin');
    const other = createKey(env.server, 'delta', 'submitter');
    const d = await gqlAs(
      env.server,
      other.key,
      `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) { __typename ... on SubmitBatchSuccess { batch { id } } } }`,
      { input: { task: 'io.sleep', tag: 'IO', items: [{ ms: 1 }, { ms: 1 }, { ms: 1 }] } },
    );
    const id: string = d.submitBatch.batch.id;
    await expect
      .poll(
        async () =>
          (await gqlAs(env.server, other.key, `query($id: ID!) { batch(id: $id) { counts { succeeded } } }`, { id })).batch.counts.succeeded,
        {
          timeout: 20_000,
        },
      )
      .toBe(3);

    await page.goto(env.server.url);
    await signIn(page, admin.key);
    await expectSignedInAs(page, 'gamma', 'admin');
    const succeeded = page.locator('[data-total="succeeded"]');
    await succeeded.waitFor();
    expect(await succeeded.textContent()).toBe('0');
    await page.getByLabel('All teams (engine-wide)').check();
    await expect.poll(async () => Number((await succeeded.textContent())?.replace(/\D/g, '')), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);

    await env.b.context.clearCookies();
    await page.reload();
    await signIn(page, keys.submitter.key);
    await expectSignedInAs(page, 'alpha', 'submitter');
    await succeeded.waitFor();
    expect(await page.getByLabel('All teams (engine-wide)').count()).toBe(0);
  });
});

describe('dashboard in open local mode', () => {
  const env = serverAndBrowser();

  it('shows the default team as admin in open local mode, with no sign-in and no sign-out', async () => {
    const { page } = env.b;
    await page.goto(env.server.url);
    await expectSignedInAs(page, 'default', 'admin');
    expect(await page.getByTestId('session').textContent()).toMatch(/open local mode/);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await signInHeading(page).count()).toBe(0);
    await page.getByRole('link', { name: 'Submit a batch' }).waitFor();
  });
});
