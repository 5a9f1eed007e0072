import { describe, expect, it } from 'vitest';
import { gql, screenshot, serverAndBrowser } from './harness.ts';

describe('schedules page', () => {
  const env = serverAndBrowser();

  it('creates a seconds-cron schedule, shows its runs arrive live, pauses, resumes and deletes it', async () => {
    const { page } = env.b;
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(new URL('schedules/', env.server.url).href);

    // A bad cron is refused next to its field, and nothing is created.
    await page.getByLabel('Name', { exact: true }).fill('e2e tick');
    await page.getByLabel('Cron', { exact: true }).fill('61 * * * * *');
    await page.getByLabel('Task', { exact: true }).selectOption('noop');
    await page.getByLabel(/^Items/).fill('[{}]');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await expect.poll(() => page.locator('#cron-error').textContent()).toMatch(/second/i);
    expect((await gql(env.server, '{ schedules { totalCount } }')).schedules.totalCount).toBe(0);

    await page.getByLabel('Cron', { exact: true }).fill('* * * * * *');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    const row = page.locator('tr[data-schedule-id]', { hasText: 'e2e tick' });
    await row.waitFor();
    await expect.poll(() => row.getByTestId('schedule-state').textContent()).toBe('Active');
    // Runs arrive without a reload: the count climbs while the page is open.
    await expect.poll(async () => Number(await row.getByTestId('schedule-runs').textContent()), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => row.getByRole('link').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'schedules-running');

    await row.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.getByTestId('schedule-state').textContent()).toBe('Paused');
    await expect.poll(() => row.getByTestId('schedule-next').textContent()).toBe('—');
    await row.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => row.getByTestId('schedule-state').textContent()).toBe('Active');

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await gql(env.server, '{ schedules { totalCount } }')).schedules.totalCount).toBe(0);
    expect(loads).toBe(1);
  });
});
