import { describe, expect, it } from 'vitest';
import { gql, screenshot, serverAndBrowser, submitBatch } from './harness.ts';

describe('retention on the dashboard', () => {
  const env = serverAndBrowser();

  it('shows the database on the overview, and purges a finished batch after a confirmation', async () => {
    const { page } = env.b;
    const batch = await submitBatch(env.server, { task: 'noop', name: 'e2e purge me', items: [{}, {}, {}] });
    await expect
      .poll(async () => (await gql(env.server, `query($id: ID!) { batch(id: $id) { done } }`, { id: batch.id })).batch.done, { timeout: 30_000 })
      .toBe(true);

    await page.goto(env.server.url);
    await expect.poll(() => page.getByTestId('db-size').textContent(), { timeout: 30_000 }).toMatch(/^\d+(\.\d)? (B|KiB|MiB)$/);
    await expect.poll(() => page.getByTestId('db-oldest').textContent()).toMatch(/ago$/);
    expect(await page.getByTestId('db-retention').textContent()).toBe('30d');

    await page.goto(new URL(`batch/?id=${batch.id}`, env.server.url).href);
    await page.getByRole('button', { name: 'Purge batch' }).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain(`Delete e2e purge me (#${batch.id}) and its 3 jobs for good?`);
    // "Keep it" backs out without deleting anything.
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect((await gql(env.server, `query($id: ID!) { batch(id: $id) { id } }`, { id: batch.id })).batch).not.toBeNull();

    await page.getByRole('button', { name: 'Purge batch' }).click();
    await page.getByRole('button', { name: 'Yes, delete batch' }).click();
    await page.waitForURL(/\/batches\/\?purged=/, { timeout: 30_000 });
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'was deleted' }).textContent())
      .toBe(`Batch ${batch.id} was deleted with its jobs.`);
    expect((await gql(env.server, `query($id: ID!) { batch(id: $id) { id } }`, { id: batch.id })).batch).toBeNull();
    await screenshot(page, 'purged-batch');
  });

  it('draws a finished batch’s throughput when opened after it ended, and the lanes over a stored range', async () => {
    const { page } = env.b;
    const batch = await submitBatch(env.server, {
      task: 'io.sleep',
      name: 'e2e chart me',
      items: Array.from({ length: 8 }, () => ({ ms: 300 })),
      strategy: { executor: 'ASYNC', concurrency: 2 },
    });
    await expect
      .poll(async () => (await gql(env.server, `query($id: ID!) { batch(id: $id) { done } }`, { id: batch.id })).batch.done, { timeout: 30_000 })
      .toBe(true);
    await page.goto(new URL(`batch/?id=${batch.id}`, env.server.url).href);
    const chart = page.getByRole('figure', { name: /e2e chart me.*throughput/ });
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(await chart.textContent()).toContain('jobs/s');

    await page.goto(env.server.url);
    await page.getByLabel('Throughput over').selectOption('HOUR');
    // The io lane has finished jobs this minute: its stored-history chart has them (the minute under way included).
    const io = page.locator('[data-lane="io"]').getByTestId('throughput-chart');
    await expect.poll(async () => Number(await io.getAttribute('data-sum')), { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, 'overview-hour');
  });
});
