/** The Failures page in chromium: failed jobs across batches, grouped by error, filtered in the URL, retried in bulk. */
import { describe, expect, it } from 'vitest';
import { closedPort, gql, screenshot, serverAndBrowser, submitBatch } from './harness.ts';

describe('the Failures page', () => {
  const env = serverAndBrowser();

  it('groups refused URLs across two batches into one row, filters by code, and retries them in bulk', async () => {
    const { page } = env.b;
    const ports = await Promise.all(Array.from({ length: 6 }, () => closedPort()));
    const urls = ports.map((p) => ({ url: `http://127.0.0.1:${p}/` }));
    const a = await submitBatch(env.server, { task: 'http.check', name: 'e2e refused a', items: urls.slice(0, 3), maxAttempts: 1 });
    const b = await submitBatch(env.server, { task: 'http.check', name: 'e2e refused b', items: urls.slice(3), maxAttempts: 1 });
    const t = await submitBatch(env.server, { task: 'cpu.fib', name: 'e2e timeout', items: [{ n: 45 }], timeoutMs: 100, maxAttempts: 1 });
    const status = async (id: string) => (await gql(env.server, `query($id: ID!) { batch(id: $id) { done } }`, { id })).batch.done;
    await expect.poll(async () => (await status(a.id)) && (await status(b.id)) && (await status(t.id)), { timeout: 30_000 }).toBe(true);

    await page.goto(new URL('failures/', env.server.url).href);
    await expect.poll(() => page.getByTestId('failures-total').textContent(), { timeout: 15_000 }).toMatch(/^7 failed/);
    const groups = page.getByTestId('failure-group');
    // Six refused connections to six ports are one group; the timeout is another.
    await expect.poll(() => groups.count()).toBe(2);
    const refused = groups.filter({ hasText: 'ECONNREFUSED' });
    await expect.poll(() => refused.count()).toBe(1);
    const row = (await refused.first().innerText()).replace(/\s+/g, ' ');
    console.log(`[e2e] refused group: ${row}`);
    expect(row).toMatch(/<addr>|<url>/);
    expect(row).toMatch(/\b6\b/);
    await screenshot(page, 'failures-page');

    // Filter by the code from the group: the URL says so, and only the refused jobs are listed.
    await refused.first().getByRole('button', { name: 'ECONNREFUSED' }).click();
    await page.waitForURL(/code=ECONNREFUSED/);
    await expect.poll(() => page.getByTestId('failures-total').textContent()).toMatch(/^6 failed/);
    await expect.poll(() => page.getByTestId('failed-job').count()).toBe(6);

    // Bulk retry by filter, after a confirmation: six jobs in two batches, and they run (and fail) again.
    await page.getByRole('button', { name: 'Retry matching jobs…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Retry them' }).click();
    await expect.poll(() => page.getByTestId('bulk-outcome').textContent(), { timeout: 15_000 }).toMatch(/Retried 6 jobs in 2 batches/);
    await expect
      .poll(
        async () => {
          const d = await gql(
            env.server,
            `query($id: ID!) { batch(id: $id) { done jobs(first: 3) { edges { node { attempts attemptsInBudget } } } } }`,
            {
              id: a.id,
            },
          );
          return d.batch.done && d.batch.jobs.edges.every((e: any) => e.node.attempts === 2 && e.node.attemptsInBudget === 1);
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    // The timed-out job was not in the filter: it was not retried.
    const timedOut = await gql(env.server, `query($id: ID!) { batch(id: $id) { jobs(first: 1) { edges { node { attempts } } } } }`, { id: t.id });
    expect(timedOut.batch.jobs.edges[0].node.attempts).toBe(1);
    await screenshot(page, 'failures-page-after-retry');
  });
});

describe('the job page', () => {
  const env = serverAndBrowser();

  it('shows what the task logged and its last progress message', async () => {
    const { page } = env.b;
    const batch = await submitBatch(env.server, { task: 'cpu.primes', name: 'e2e primes log', items: [{ limit: 200_000 }] });
    const job = async () =>
      (await gql(env.server, `query($id: ID!) { batch(id: $id) { done jobs(first: 1) { edges { node { id } } } } }`, { id: batch.id })).batch;
    await expect.poll(async () => (await job()).done, { timeout: 30_000 }).toBe(true);
    const id = (await job()).jobs.edges[0].node.id;
    await page.goto(new URL(`job/?id=${id}`, env.server.url).href);
    await expect.poll(() => page.getByTestId('job-progress-message').textContent(), { timeout: 15_000 }).toBe('sieved; counted the primes');
    const log = await page.getByTestId('job-logs').textContent();
    expect(log).toMatch(/PROGRESS\s+sieved; counted the primes/);
    expect(log).toMatch(/INFO\s+primes counted \{"count":17984\}/);
    await screenshot(page, 'job-page-logs');
  });
});
