import { describe, expect, it } from 'vitest';
import { closedPort, screenshot, submitBatch, serverAndBrowser } from './harness.ts';

describe('failed jobs', () => {
  const env = serverAndBrowser();

  it('opens a timed-out job from the failures and reads its error', async () => {
    const { page } = env.b;
    const batch = await submitBatch(env.server, { task: 'cpu.fib', name: 'e2e runaway fib', items: [{ n: 45 }], timeoutMs: 200, maxAttempts: 1 });
    await page.goto(new URL(`batch/?id=${batch.id}`, env.server.url).href);
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toMatch(/Failed/);
    const sample = page.getByRole('region', { name: 'Failures' }).getByRole('link', { name: /^Job #/ });
    await sample.first().click();
    await page.waitForURL(/\/job\/\?id=/);
    const code = await page.getByTestId('job-error-code').textContent();
    const message = await page.getByTestId('job-error-message').textContent();
    console.log(`[e2e] timed-out job error: ${code} — ${message}`);
    expect(message).toMatch(/time/i);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Timed out/);
    await screenshot(page, 'timed-out-job');
  });

  it('shows the error of an http.check against a closed loopback port', async () => {
    const { page } = env.b;
    const port = await closedPort();
    const batch = await submitBatch(env.server, {
      task: 'http.check',
      name: 'e2e closed port',
      items: [{ url: `http://127.0.0.1:${port}/` }],
      maxAttempts: 1,
    });
    await page.goto(new URL(`batch/?id=${batch.id}`, env.server.url).href);
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toMatch(/Failed/);
    await page
      .getByRole('region', { name: 'Failures' })
      .getByRole('link', { name: /^Job #/ })
      .first()
      .click();
    await page.waitForURL(/\/job\/\?id=/);
    const code = await page.getByTestId('job-error-code').textContent();
    const message = await page.getByTestId('job-error-message').textContent();
    console.log(`[e2e] http.check error: ${code} — ${message}`);
    expect(`${code} ${message}`).toMatch(/ECONNREFUSED|refused|connect/i);
    await screenshot(page, 'http-check-failed-job');
  });
});
