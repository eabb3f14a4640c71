import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './helpers/browser.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

describe('the console import page', () => {
  it('when an admin checks a CSV and then imports it, then the progress bar advances to done, bad rows show with their line, and the users exist', async () => {
    await t.createOrg('acme');
    await t.createPlatformAdmin('acme', 'admin@acme.test');
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Organization').fill('acme');
    await page.getByLabel('Email or username').fill('admin@acme.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Import users' }).click();
    await page.getByRole('heading', { name: 'Import users' }).waitFor();

    // Large enough to take a few batches, so the bar is seen between empty and full.
    const lines = ['username,email,Dept'];
    for (let i = 1; i <= 20_000; i++) lines.push(`web-${i},web${i}@acme.test,Ops`);
    lines.splice(3, 0, 'web-bad,not-an-email,Ops');
    const csv = Buffer.from(`${lines.join('\n')}\n`);
    await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByLabel('Column mapping').fill('Dept=attributes.department');

    // Every value the progress bar takes, recorded in the page as it changes.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { seen: number[] }).seen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid=import-progress] [role=progressbar]') ?? document.querySelector('[data-testid=import-progress][role=progressbar]');
        const v = bar?.getAttribute('aria-valuenow');
        if (v !== null && v !== undefined) seen.push(Number(v));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('heading', { name: 'Dry run result: nothing was written' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('import-counts').textContent()).toContain('20001 rows: 20000 would be created, 0 existing, 1 not valid');
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain('4web-badNot imported');
    expect(await report.textContent()).toContain('email: "not-an-email" is not an email address');
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    expect(seen.at(-1)).toBe(100);
    expect(seen.some((v) => v > 0 && v < 100), `progress values: ${seen.join(',')}`).toBe(true);
    expect(await t.db.selectFrom('users').select('id').where('username', 'like', 'web-%').execute()).toHaveLength(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Dry run: check every row and report, create nobody').uncheck();
    await page.getByRole('button', { name: 'Import users' }).click();
    await page.getByRole('heading', { name: 'Import result' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('import-counts').textContent()).toContain('20001 rows: 20000 created');
    expect(await t.db.selectFrom('users').select('id').where('username', 'like', 'web-%').execute()).toHaveLength(20_000);
    const one = await t.db.selectFrom('users').select('attributes').where('username', '=', 'web-7').executeTakeFirstOrThrow();
    expect(one.attributes).toEqual({ department: 'Ops' });
    await expect.poll(() => page.getByRole('table', { name: 'Recent imports' }).textContent()).toContain('csv (dry run)');
  }, 180_000);
});
