import { describe, expect, it } from 'vitest';
import { screenshot, submitBatch, serverAndBrowser } from './harness.ts';

describe('mis-tagged work on the batch page', () => {
  const env = serverAndBrowser();

  it('warns that a CPU-bound batch tagged IO blocked the event loop, and suggests CPU', async () => {
    const { page } = env.b;
    const batch = await submitBatch(env.server, {
      task: 'cpu.fib',
      tag: 'IO',
      name: 'e2e fib tagged IO',
      items: Array.from({ length: 8 }, () => ({ n: 30 })),
    });
    await page.goto(new URL(`batch/?id=${batch.id}`, env.server.url).href);
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toMatch(/Succeeded/);
    await expect
      .poll(() => page.getByTestId('diagnosis').textContent(), { timeout: 15_000 })
      .toMatch(/Mis-tagged\? Tagged IO but looks CPU-bound: blocked the event loop/);
    expect(await page.getByTestId('diagnosis').textContent()).toContain('Suggested tag: CPU');
    await screenshot(page, 'mistagged-batch');
  });
});
