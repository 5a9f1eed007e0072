import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/temp.ts';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.ts';
import { launchBrowser, screenshot, type RunningBrowser } from './harness.ts';

const START_MS = 120_000;

describe('workers page', () => {
  let redis: RedisServer;
  let server: ServerProcess;
  let worker: WorkerProcess;
  let b: RunningBrowser;
  let dir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    dir = tempDir('switchyard-e2e-workers-');
    redis = await startRedis();
    const env = { SWITCHYARD_REDIS_URL: redis.url, SWITCHYARD_REMOTE_HEARTBEAT_MS: '300', SWITCHYARD_WORKER_SLOTS: '1' };
    [server, worker, b] = await Promise.all([
      startServerProcess(
        { ...env, SWITCHYARD_DB: join(dir.path, 'switchyard.db'), NODE_ENV: 'production', LOG_LEVEL: 'warn' },
        { timeoutMs: START_MS },
      ),
      startWorkerProcess(env, { timeoutMs: START_MS }),
      launchBrowser(),
    ]);
  }, START_MS + 30_000);

  afterAll(async () => {
    await b?.close();
    await Promise.all([server?.stop(), worker?.stop()]);
    await redis?.stop();
    dir?.remove();
  });

  it('lists a live worker and shows it gone when it stops, without a reload', async () => {
    const { page } = b;
    await page.goto(new URL('workers/', server.url).href);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    const row = page.locator(`tr[data-worker="${worker.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.getAttribute('data-gone')).toBe('false');
    expect(await row.textContent()).toContain('alive');
    expect(await row.locator('td').nth(2).textContent()).toMatch(/0\s*\/\s*1/);
    await expect.poll(() => page.getByTestId('workers-summary').textContent()).toMatch(/1 live worker, 0 of 1 slots busy/);
    await screenshot(page, 'workers-live');

    // SIGTERM: it drains, says it stopped, and the page shows it gone — pushed, not polled.
    expect(await worker.stop()).toBe(0);
    await expect.poll(() => row.getAttribute('data-gone'), { timeout: 15_000 }).toBe('true');
    expect(await row.textContent()).toContain('gone');
    await expect.poll(() => page.getByTestId('workers-summary').textContent()).toMatch(/0 live workers, 0 of 0 slots busy/);
    await screenshot(page, 'workers-gone');
  });
});
