import { describe, expect, it } from 'vitest';
import { batchCounts, screenshot, submitBatch, serverAndBrowser } from './harness.ts';

describe('batch detail actions', () => {
  const env = serverAndBrowser();

  it('cancels a running batch and shows it stop', async () => {
    const { page } = env.b;
    // 200 jobs of 1 s, 4 at a time: about 50 s of work, so it is surely still running when cancelled.
    const batch = await submitBatch(env.server, {
      task: 'io.sleep',
      name: 'e2e cancel me',
      items: Array.from({ length: 200 }, () => ({ ms: 1_000 })),
      strategy: { executor: 'ASYNC', concurrency: 4 },
    });
    await page.goto(new URL(`batch/?id=${batch.id}`, env.server.url).href);
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toMatch(/Running/);
    const bar = page.getByRole('progressbar', { name: /e2e cancel me.*progress/ });
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Cancel batch' }).click();
    await page.getByRole('button', { name: 'Yes, cancel batch' }).click();
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toMatch(/Cancelled/);
    await page.getByRole('button', { name: 'Cancel batch' }).waitFor({ state: 'detached' });

    // Stopped for real: nothing queued or running, and the finished count no longer moves.
    const after = await batchCounts(env.server, batch.id);
    expect(after.status).toBe('CANCELLED');
    expect(after.counts.running + after.counts.queued).toBe(0);
    expect(after.counts.cancelled).toBeGreaterThan(0);
    const cancelledText = await page.locator('[data-count="cancelled"]').textContent();
    console.log(`[e2e] cancelled batch ${batch.id}: ${JSON.stringify(after.counts)}; page shows ${cancelledText} cancelled`);
    await expect.poll(() => page.locator('[data-count="cancelled"]').textContent()).toBe(after.counts.cancelled.toLocaleString('en-US'));
    // Cancelled jobs are not work done: the bar reads the done share and the cancelled share apart, never 100%.
    const tenths = (n: number) => Math.floor((n / 200) * 1000) / 10;
    const donePct = tenths(after.counts.succeeded + after.counts.failed + after.counts.timedOut);
    const cancelledPct = tenths(after.counts.cancelled);
    expect(donePct).toBeLessThan(100);
    await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe(String(donePct));
    expect(await bar.getAttribute('aria-valuetext')).toMatch(new RegExp(`^${donePct}% done, ${cancelledPct}% cancelled \\(`));
    expect(await page.getByTestId('progress-cancelled').textContent()).toContain(`${cancelledPct}% cancelled`);
    await screenshot(page, 'cancelled-batch');
    const later = await batchCounts(env.server, batch.id);
    expect(later.counts.succeeded).toBe(after.counts.succeeded);
  });
});
