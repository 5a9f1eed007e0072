import { describe, expect, it } from 'vitest';
import { batchCounts, screenshot, serverAndBrowser } from './harness.ts';

describe('submit form', () => {
  const env = serverAndBrowser();

  it('submits a batch from the form and shows it reaching 100% without a reload', async () => {
    const { page } = env.b;
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(new URL('submit/', env.server.url).href);
    await page.getByLabel('Task', { exact: true }).selectOption('io.sleep');
    const items = Array.from({ length: 60 }, (_, i) => JSON.stringify({ ms: 50 + (i % 5) * 10 })).join('\n');
    await page.getByLabel('Items', { exact: true }).fill(items);
    await expect.poll(() => page.getByTestId('items-count').textContent()).toContain('60 items');
    await page.getByLabel('Name (optional)').fill('e2e form batch');
    await page.getByRole('button', { name: /^Submit 60 items$/ }).click();

    await page.waitForURL(/\/batch\/\?id=/);
    const id = new URL(page.url()).searchParams.get('id')!;
    expect(id).toBeTruthy();
    const bar = page.getByRole('progressbar', { name: /e2e form batch.*progress/ });
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 60_000 }).toBe('100');
    await expect.poll(() => page.getByTestId('batch-status').textContent()).toMatch(/Succeeded/);
    // One document load: the submit page. The batch page and its progress came without reloading.
    expect(loads).toBe(1);
    const counts = await batchCounts(env.server, id);
    expect(counts.counts.succeeded).toBe(60);
    await screenshot(page, 'submit-batch-100-percent');
  });

  it('offers every executor of the schema as a strategy override, PROCESSES included', async () => {
    const { page } = env.b;
    await page.goto(new URL('submit/', env.server.url).href);
    const executor = page.getByLabel('Executor', { exact: true });
    await executor.waitFor();
    const offered = await executor.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(expect.arrayContaining(['SEQUENTIAL', 'ASYNC', 'THREADS', 'PROCESSES']));
    await executor.selectOption('PROCESSES');
    expect(await executor.inputValue()).toBe('PROCESSES');
  });

  it('shows unreadable rows and the API field errors next to their fields', async () => {
    const { page } = env.b;
    await page.goto(new URL('submit/', env.server.url).href);
    await page.getByLabel('Task', { exact: true }).selectOption('io.sleep');
    // A CSV file read in the browser: header row, one good row, one row the schema says is not a number.
    await page.getByLabel('Upload a CSV or JSON file').check();
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from('ms\n10\nsoon\n20\n') });
    await expect.poll(() => page.getByTestId('items-count').textContent()).toContain('2 items read from items.csv');
    await page.getByText(/Line 3: column "ms": expected/).waitFor();

    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from('ms\n10\n20\n') });
    await expect.poll(() => page.getByTestId('items-count').textContent()).toContain('2 items read');
    await page.getByLabel('Timeout per job (ms)').fill('-5');
    await page.getByRole('button', { name: /^Submit 2 items$/ }).click();
    const timeoutError = page.locator('#timeoutMs-error');
    await timeoutError.waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Timeout per job (ms)').getAttribute('aria-invalid')).toBe('true');
    console.log(`[e2e] timeoutMs error shown: ${await timeoutError.textContent()}`);
    await screenshot(page, 'submit-field-errors');
    expect(page.url()).toContain('/submit/');
  });
});
