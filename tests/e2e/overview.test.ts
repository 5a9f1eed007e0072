import { describe, expect, it } from 'vitest';
import { screenshot, submitBatch, serverAndBrowser } from './harness.ts';

describe('overview', () => {
  const env = serverAndBrowser();

  it('moves the lane throughput chart while a batch runs', async () => {
    const { page } = env.b;
    await page.goto(env.server.url);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    // ~20 s of I/O work: 2,000 jobs of 100 ms, 10 at a time.
    const batch = await submitBatch(env.server, {
      task: 'io.sleep',
      name: 'e2e overview load',
      items: Array.from({ length: 2_000 }, () => ({ ms: 100 })),
      strategy: { executor: 'ASYNC', concurrency: 10 },
    });
    const card = page.locator(`section[data-lane="${batch.route.lane}"]`);
    await card.waitFor({ timeout: 30_000 });
    const chart = card.getByTestId('throughput-chart');
    const area = chart.locator('path.recharts-area-area');
    await expect.poll(async () => Number(await chart.getAttribute('data-sum')), { timeout: 30_000 }).toBeGreaterThan(0);
    await area.waitFor({ timeout: 30_000 });
    const before = { d: await area.getAttribute('d'), sum: Number(await chart.getAttribute('data-sum')) };
    await expect.poll(async () => Number(await chart.getAttribute('data-sum')), { timeout: 30_000 }).toBeGreaterThan(before.sum);
    await expect.poll(() => area.getAttribute('d'), { timeout: 30_000 }).not.toBe(before.d);
    const throughput = await card.getByTestId('lane-throughput').textContent();
    console.log(`[e2e] lane ${batch.route.lane}: chart sum ${before.sum} → ${await chart.getAttribute('data-sum')}, throughput ${throughput}`);
    await expect.poll(() => page.getByRole('progressbar', { name: /e2e overview load.*progress/ }).count()).toBe(1);
    await screenshot(page, 'overview-chart-moving');
  });
});
