import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, launchBrowser, screenshot, startServer, type RunningBrowser, type RunningServer } from './harness.ts';

const ITEMS = 16;
// About 0.1 s of CPU per item here: one to two seconds per strategy, long enough to watch a run live.
const TEMPLATE = { password: 'pw-{{index}}', salt: 'NaCl', iterations: 400_000, keylen: 32, digest: 'sha256' };

describe('compare page', () => {
  let server: RunningServer;
  let b: RunningBrowser;

  beforeAll(async () => {
    server = await startServer();
    b = await launchBrowser({ width: 1280, height: 1000 });
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('runs SEQUENTIAL vs THREADS from the form, live, then shows the verdict, bars, timelines and exports', async () => {
    const { page } = b;
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(new URL('compare/', server.url).href);

    await page.getByLabel('Task', { exact: true }).selectOption('cpu.pbkdf2');
    await expect.poll(() => page.getByTestId('task-example').textContent()).toContain('"iterations"');
    // The template starts as the task's example.
    expect(JSON.parse(await page.getByLabel('Item template (JSON)').inputValue())).toMatchObject({ password: 'hunter2' });
    await page.getByLabel('Number of items').fill(String(ITEMS));
    await page.getByLabel('Item template (JSON)').fill(JSON.stringify(TEMPLATE, null, 2));
    await page.getByLabel('Name (optional)').fill('e2e seq vs threads');

    // Strategies: the default list is SEQUENTIAL then THREADS; add a third and remove it again.
    expect(await page.getByLabel('Executor 1', { exact: true }).inputValue()).toBe('SEQUENTIAL');
    expect(await page.getByLabel('Executor 2', { exact: true }).inputValue()).toBe('THREADS');
    await page.getByRole('button', { name: '+ Add strategy' }).click();
    await page.getByLabel('Executor 3', { exact: true }).waitFor();
    await page.getByRole('button', { name: /^Remove strategy 3/ }).click();
    await page.getByLabel('Executor 3', { exact: true }).waitFor({ state: 'detached' });
    await screenshot(page, 'compare-form');

    await page.getByRole('button', { name: `Compare 2 strategies on ${ITEMS} items` }).click();
    await page.waitForURL(/\/compare\/view\/\?id=/);
    const id = new URL(page.url()).searchParams.get('id')!;
    expect(id).toBeTruthy();

    // Live: the strategy running now, with a named progress bar, while it runs.
    const current = page.getByRole('progressbar', { name: /Current run (SEQUENTIAL|THREADS).* progress/ });
    await current.waitFor({ timeout: 30_000 });
    const runningText = await page.getByTestId('current-run').textContent();
    console.log(`[e2e] comparison ${id} live: ${runningText}`);
    expect(runningText).toMatch(/Running now: (SEQUENTIAL|THREADS)/);
    await screenshot(page, 'compare-running');

    await expect.poll(() => page.getByTestId('comparison-status').textContent(), { timeout: 90_000 }).toMatch(/succeeded · 2 of 2/);
    expect(loads).toBe(1); // no reload: the result arrived through the subscription
    await expect.poll(() => page.locator('.live').first().textContent()).toBe('Finished');

    const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
    console.log(`[e2e] verdict: ${verdict}`);
    expect(verdict).toMatch(/Fastest: (THREADS|SEQUENTIAL)/);
    expect(verdict).toContain('THREADS');

    // Bars: one per strategy in the wall-time, throughput and speedup charts.
    for (const chart of ['wall-chart', 'throughput-bars', 'speedup-chart']) {
      await expect.poll(() => page.getByTestId(chart).locator('.recharts-bar-rectangle').count()).toBe(2);
    }
    // Every figure in the table.
    const table = page.getByTestId('figures-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.textContent()).toMatch(/SEQUENTIAL×1[\s\S]*THREADS×\d/);

    // Task-stream timelines, fetched once the comparison ended: one rectangle per job in each run.
    for (const t of ['timeline-0', 'timeline-1']) {
      await expect.poll(() => page.getByTestId(t).locator('[data-testid="timeline-job"]').count(), { timeout: 15_000 }).toBe(ITEMS);
    }
    const seqSlots = Number(await page.getByTestId('timeline-0').getAttribute('data-slots'));
    const thrSlots = Number(await page.getByTestId('timeline-1').getAttribute('data-slots'));
    console.log(
      `[e2e] timeline slots: SEQUENTIAL ${seqSlots}, THREADS ${thrSlots}; captions: ${(await page.locator('figure.timeline figcaption').allTextContents()).join(' | ')}`,
    );
    expect(thrSlots).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'compare-results');

    // Export: Markdown (a table and the verdict) and JSON (the whole comparison, timelines included).
    const [mdDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
    expect(mdDownload.suggestedFilename()).toBe(`comparison-${id}.md`);
    const md = await readFile(await mdDownload.path(), 'utf8');
    console.log(`[e2e] markdown export:\n${md}`);
    expect(md).toContain('# e2e seq vs threads');
    expect(md).toContain('| Strategy | Status | Wall (ms) | Throughput (jobs/s) | Speedup | Ideal | Efficiency |');
    expect(md).toMatch(/\| SEQUENTIAL×1( \(fastest\))? \| SUCCEEDED \|/);
    expect(md).toMatch(/\| THREADS×\d( \(fastest\))? \| SUCCEEDED \|/);
    expect(md).toContain(`**Verdict:** ${verdict}`);

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    const json = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
    expect(json.id).toBe(id);
    expect(json.runs).toHaveLength(2);
    expect(json.runs[1].timeline).toHaveLength(ITEMS);

    await page.getByRole('button', { name: 'Copy Markdown' }).click();
    await page.getByText('Markdown copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(md);

    // The page agrees with the API.
    const api = await gql(server, `query($id: ID!) { comparison(id: $id) { status verdict runs { executor } } }`, { id });
    expect(api.comparison.status).toBe('SUCCEEDED');
    expect(api.comparison.verdict).toBe(verdict);

    // And the list of past comparisons links to it, with the fastest strategy.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compare' }).click();
    const row = page.locator(`tr[data-comparison-id="${id}"]`);
    await row.waitFor();
    const rowText = await row.textContent();
    expect(rowText).toContain('e2e seq vs threads');
    expect(rowText).toContain('Succeeded');
    expect(rowText).toMatch(/(THREADS|SEQUENTIAL)×\d \(/);
    await screenshot(page, 'compare-list');
  });

  it('loads the classic presets and shows API errors next to their fields', async () => {
    const { page } = b;
    await page.goto(new URL('compare/', server.url).href);
    await page.getByLabel('Task', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'CPU: SEQUENTIAL vs ASYNC vs THREADS' }).click();
    await page.waitForURL(/preset=cpu/);
    expect(await page.getByLabel('Task', { exact: true }).inputValue()).toBe('cpu.pbkdf2');
    expect(await page.getByLabel('Number of items').inputValue()).toBe('40');
    expect(JSON.parse(await page.getByLabel('Item template (JSON)').inputValue())).toMatchObject({ iterations: 50_000 });
    for (const [i, k] of ['SEQUENTIAL', 'ASYNC', 'THREADS'].entries())
      expect(await page.getByLabel(`Executor ${i + 1}`, { exact: true }).inputValue()).toBe(k);

    await page.getByRole('button', { name: 'I/O sweep: ASYNC at 1, 10, 100, 1000' }).click();
    await page.waitForURL(/preset=io-sweep/);
    expect(await page.getByLabel('Task', { exact: true }).inputValue()).toBe('io.sleep');
    expect(await page.getByLabel('Number of items').inputValue()).toBe('1000');
    expect(await page.getByLabel('Sweep executor').inputValue()).toBe('ASYNC');
    expect(await page.getByLabel('Concurrencies').inputValue()).toBe('1, 10, 100, 1000');
    await page.getByRole('button', { name: 'Compare 4 strategies on 1,000 items' }).waitFor();

    // The server's answers land next to their fields: a concurrency of 0 in the sweep, then a negative timeout.
    await page.getByLabel('Concurrencies').fill('0, 10');
    await page.getByRole('button', { name: /^Compare 2 strategies/ }).click();
    const strategiesError = page.locator('#strategies-error');
    await strategiesError.waitFor({ timeout: 15_000 });
    console.log(`[e2e] sweep error shown: ${await strategiesError.textContent()}`);
    expect(await page.getByLabel('Concurrencies').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Concurrencies').fill('10, 100');
    await page.getByLabel('Timeout per job (ms)').fill('-5');
    await page.getByRole('button', { name: /^Compare 2 strategies/ }).click();
    const timeoutError = page.locator('#timeoutMs-error');
    await timeoutError.waitFor({ timeout: 15_000 });
    console.log(`[e2e] timeoutMs error shown: ${await timeoutError.textContent()}`);
    expect(await page.getByLabel('Timeout per job (ms)').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toContain('/compare/');
    expect(page.url()).not.toContain('/view/');
    await screenshot(page, 'compare-field-errors');
  });
});
