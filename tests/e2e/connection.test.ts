/** What the dashboard says when its server goes away and comes back (a restart on the same port). */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/temp.ts';
import { closedPort, launchBrowser, screenshot, type RunningBrowser } from './harness.ts';

describe('the connection state', () => {
  const dir = tempDir('switchyard-e2e-conn-');
  const env = { SWITCHYARD_DB: join(dir.path, 'switchyard.db'), NODE_ENV: 'production' };
  let server: ServerProcess | undefined;
  let b: RunningBrowser | undefined;
  afterAll(async () => {
    await b?.close();
    await server?.stop(10_000);
    dir.remove();
  });

  it('says Reconnecting… with greyed figures and their age while the server is gone, and recovers on its return', async () => {
    const port = await closedPort();
    server = await startServerProcess({ ...env, PORT: String(port) }, { timeoutMs: 60_000 });
    b = await launchBrowser();
    const { page } = b;
    await page.goto(server.url);
    const badge = page.locator('[data-live-state]').first();
    await expect.poll(() => badge.getAttribute('data-live-state'), { timeout: 30_000 }).toBe('live');
    await page.locator('[data-total="queued"]').waitFor();

    await server.stop(10_000);
    await expect.poll(() => badge.getAttribute('data-live-state'), { timeout: 20_000 }).toBe('reconnecting');
    expect(await badge.textContent()).toContain('Reconnecting…');
    await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toMatch(/last updated \d+ s ago/);
    await page.locator('[data-stale="true"]').waitFor();
    const figure = await page
      .locator('[data-total="queued"]')
      .evaluate((el) => ({ opacity: getComputedStyle(el).opacity, filter: getComputedStyle(el).filter }));
    expect(Number(figure.opacity)).toBeLessThan(1);
    expect(figure.filter).toContain('grayscale');
    await screenshot(page, 'reconnecting');

    // Back on the same port, with the same database: the stream reconnects by itself.
    server = await startServerProcess({ ...env, PORT: String(port) }, { timeoutMs: 60_000 });
    await expect.poll(() => badge.getAttribute('data-live-state'), { timeout: 30_000 }).toBe('live');
    expect(await page.locator('[data-stale="true"]').count()).toBe(0);
  });
});
