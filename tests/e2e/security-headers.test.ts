/**
 * The dashboard under its security headers, in a real chromium: the Content-Security-Policy, framing, sniffing and
 * referrer headers are there, and the app still works under them: no CSP violation while the overview renders live
 * data and every other page loads. A deliberate inline script proves the policy is enforced and the listener hears it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, serverAndBrowser, submitBatch } from './harness.ts';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Records every securitypolicyviolation of every document the page loads, from before its first script runs. */
async function recordViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __violations: Violation[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);
}

describe('security headers on the dashboard', () => {
  const env = serverAndBrowser();

  it('serves every page with a strict CSP, and the overview renders live data without a violation', async () => {
    const { page } = env.b;
    const violations = await recordViolations(page);
    const cspConsoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspConsoleErrors.push(m.text());
    });
    // Work running while the overview is open (about 20 s of it, so it still runs however slow the host is): its
    // progress bar and its lane card's live figures come from the subscription.
    const batch = await submitBatch(env.server, {
      task: 'io.sleep',
      name: 'e2e csp load',
      items: Array.from({ length: 2_000 }, () => ({ ms: 100 })),
      strategy: { executor: 'ASYNC', concurrency: 10 },
    });

    const response = await page.goto(env.server.url);
    const headers = response!.headers();
    const csp = headers['content-security-policy']!;
    console.log(`[e2e] dashboard CSP: ${csp}`);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');

    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    const card = page.locator(`section[data-lane="${batch.route.lane}"]`);
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('progressbar', { name: /e2e csp load.*progress/ }).count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(async () => Number(await card.getByTestId('throughput-chart').getAttribute('data-sum')), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await screenshot(page, 'overview-under-csp');
    expect(await violations()).toEqual([]);

    // Every other page, loaded directly (each HTML file has its own inline scripts, so its own hashes).
    for (const path of ['batches/', `batch/?id=${batch.id}`, 'submit/', 'compare/', 'decisions/']) {
      const r = await page.goto(new URL(path, env.server.url).href);
      expect(r!.headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
      await page.locator('main h1').first().waitFor({ timeout: 30_000 });
      expect(await violations(), path).toEqual([]);
    }
    expect(cspConsoleErrors).toEqual([]);

    // The policy is enforced: an injected inline script is refused, and reported.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(async () => (await violations()).map((v) => v.directive)).toContain('script-src-elem');
  });

  it('answers the API and the static assets with nosniff too', async () => {
    const graphql = await fetch(new URL('graphql', env.server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(graphql.headers.get('x-content-type-options')).toBe('nosniff');
    expect(graphql.headers.get('cache-control')).toBe('no-store');
    const html = await (await fetch(env.server.url)).text();
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(new URL(asset, env.server.url));
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  });
});
