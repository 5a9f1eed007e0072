import { describe, expect, it } from 'vitest';
import { batchCounts, gql, screenshot, serverAndBrowser, submitBatch } from './harness.ts';

describe('flow control on the batch page', () => {
  const env = serverAndBrowser();

  it('pauses a running batch (no new starts, running jobs finish), resumes it, and changes its concurrency', async () => {
    const { page } = env.b;
    // 100 jobs of 300 ms, 2 at a time: about 15 s of work, still running throughout the test.
    const batch = await submitBatch(env.server, {
      task: 'io.sleep',
      name: 'e2e pause me',
      items: Array.from({ length: 100 }, () => ({ ms: 300 })),
      strategy: { executor: 'ASYNC', concurrency: 2 },
    });
    await page.goto(new URL(`batch/?id=${batch.id}`, env.server.url).href);
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toMatch(/Running/);
    await expect.poll(() => page.getByTestId('flow-state').textContent()).toBe('Yes');

    await page.getByRole('button', { name: 'Pause batch' }).click();
    await expect.poll(() => page.getByTestId('flow-state').textContent(), { timeout: 15_000 }).toBe('Paused');
    await page.getByRole('button', { name: 'Resume batch' }).waitFor();
    // The running jobs finish; then nothing more starts, even while another batch keeps the lane busy.
    await expect.poll(async () => (await batchCounts(env.server, batch.id)).counts.running, { timeout: 15_000 }).toBe(0);
    const held = await batchCounts(env.server, batch.id);
    const other = await submitBatch(env.server, { task: 'io.sleep', items: Array.from({ length: 20 }, () => ({ ms: 5 })) });
    await expect.poll(async () => (await batchCounts(env.server, other.id)).status, { timeout: 15_000 }).toBe('SUCCEEDED');
    const still = await batchCounts(env.server, batch.id);
    expect(still.counts).toEqual(held.counts);
    expect(still.status).toBe('RUNNING');
    await screenshot(page, 'paused-batch');

    await page.getByRole('button', { name: 'Resume batch' }).click();
    await expect.poll(() => page.getByTestId('flow-state').textContent(), { timeout: 15_000 }).toBe('Yes');
    await expect
      .poll(async () => (await batchCounts(env.server, batch.id)).counts.succeeded, { timeout: 15_000 })
      .toBeGreaterThan(held.counts.succeeded);

    // Concurrency: a bad value is refused next to the field; a good one shows and is what the server keeps.
    const input = page.getByLabel('New concurrency');
    await input.fill('0');
    await page.getByRole('button', { name: 'Set concurrency' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'concurrency' }).textContent()).toMatch(/at least 1/);
    await input.fill('5');
    await page.getByRole('button', { name: 'Set concurrency' }).click();
    await expect.poll(() => page.getByTestId('flow-concurrency').textContent(), { timeout: 15_000 }).toBe('5');
    const kept = await gql(env.server, 'query($id: ID!) { batch(id: $id) { concurrency paused } }', { id: batch.id });
    expect(kept.batch).toEqual({ concurrency: 5, paused: false });

    await gql(env.server, 'mutation($id: ID!) { cancelBatch(id: $id) { id } }', { id: batch.id });
  });
});
