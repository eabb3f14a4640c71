import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations } from './helpers/axe.js';
import { launchBrowser } from './helpers/browser.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let browser: Browser;
let base: string;
const shots = 'test-results/screenshots';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await createTestApp({ worker: false });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  await t.createPlatformAdmin('acme', 'admin@acme.test');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('message templates in the console', () => {
  it('when an admin edits a template, then the preview follows as they type, a syntax error shows its line, and saving, reset and the layout import work', async () => {
    // bypassCSP only lets the accessibility checker's script in.
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    page.setDefaultTimeout(10_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Organization').fill('acme');
    await page.getByLabel('Email or username').fill('admin@acme.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();

    await page.getByRole('link', { name: 'Message templates' }).click();
    await page.getByRole('heading', { name: 'Message templates' }).waitFor();
    await page.getByRole('button', { name: 'Edit pincode' }).click();
    await page.getByRole('heading', { name: 'The PIN code of a holder' }).waitFor();
    // The default, rendered with the sample values: text and HTML side by side.
    await expect.poll(() => page.getByTestId('preview-text').innerText()).toContain('739104');
    const html = page.frameLocator('iframe[title="HTML preview"]');
    await html.getByText('739104').waitFor();
    await page.getByText('Required fields:').getByText('{{ pin }}').waitFor();

    // Live preview: typing changes it without saving; the legacy alias is the PIN.
    await page.getByLabel('Text body').fill('Hello {{ user.displayName }}, your PIN is !PINCODE!.');
    await expect.poll(() => page.getByTestId('preview-text').innerText()).toBe('Hello Jane Doe, your PIN is 739104.');
    await page.getByLabel('HTML body').fill('<p>Your PIN</p>\n<p>{% if pin %}<b>{{ pin }}</b></p>');
    const error = page.getByTestId('template-syntax-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('Line 2, column 4');
    await page.screenshot({ path: `${shots}/console-template-syntax-error.png`, fullPage: true });
    // A body without the PIN is flagged before saving, and saving it is refused.
    await page.getByLabel('HTML body').fill('<p>No PIN here</p>');
    await page.getByTestId('template-missing').waitFor();
    await expect.poll(() => error.count()).toBe(0);
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('must contain {{ pin }}').waitFor();

    await page.getByLabel('HTML body').fill('<p>Your PIN: <b>!PINCODE!</b></p>');
    await html.getByText('Your PIN: 739104').waitFor();
    await expect.poll(() => page.getByTestId('template-missing').count()).toBe(0);
    // The editor with its preview, checked before any notice appears.
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved').first().waitFor();
    await page.getByRole('table', { name: 'Message kinds' }).getByRole('row', { name: /The PIN code of a holder/ }).getByText('yes (en)').waitFor();
    await page.screenshot({ path: `${shots}/console-templates.png`, fullPage: true });

    // The saved template is what the organization sends now.
    const admin = await t.consoleLogin('acme', 'admin@acme.test');
    const saved = (await t.app.inject({ url: '/api/v1/organizations/acme/templates/pincode', headers: admin })).json();
    expect(saved).toMatchObject({ own: true, source: { text: 'Hello {{ user.displayName }}, your PIN is !PINCODE!.' } });

    await page.getByRole('button', { name: 'Reset to default' }).click();
    await page.getByText('Template reset').first().waitFor();
    await expect.poll(() => page.getByLabel('Text body').inputValue()).toContain("{{ organization.name }} has given {{ user.displayName }}");
    await page.getByRole('table', { name: 'Message kinds' }).getByRole('row', { name: /The PIN code of a holder/ }).getByText('no', { exact: true }).waitFor();

    // Importing layouts needs the environment name: refused, then set on the Organization page.
    await page.getByRole('button', { name: 'Import default layouts' }).click();
    await page.getByTestId('import-refused').getByText('Set the environment name').first().waitFor();
    await page.getByRole('link', { name: 'Organization', exact: true }).click();
    await page.getByLabel('Environment name').fill('TEST');
    await page.getByRole('button', { name: 'Save environment name' }).click();
    await page.getByText('Environment name saved').first().waitFor();
    await page.getByRole('link', { name: 'Message templates' }).click();
    await page.getByText('Environment name:').getByText('TEST').waitFor();
    await page.getByRole('button', { name: 'Import default layouts' }).click();
    await page.getByText('Default layouts imported').first().waitFor();
    await page.getByRole('table', { name: 'Layouts' }).getByText('TEST_PINCODE_EMAIL_BODY').first().waitFor();
    await page.getByRole('table', { name: 'Message kinds' }).getByRole('row', { name: /The PIN code of a holder/ }).getByText('TEST_PINCODE_EMAIL_BODY').waitFor();
    await page.screenshot({ path: `${shots}/console-template-layouts.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
