import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './helpers/browser.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let browser: Browser;
let base: string;
const shots = 'test-results/screenshots';

// A 1×1 PNG, as the file an admin picks for the icon.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

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

describe('apps in a real browser', () => {
  it('when an admin registers an app with an icon and assigns it to a user in the console, then the user sees it as a link on their account page', async () => {
    const admin = await t.consoleLogin('acme', 'admin@acme.test');
    const gail = await t.createUser(admin, 'acme', { username: 'gail', email: 'gail@acme.test', firstName: 'Gail' });
    const set = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${gail.id}/password`, headers: admin, payload: { password: PASSWORD, temporary: false } });
    expect(set.statusCode, set.body).toBe(200);

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Organization').fill('acme');
    await page.getByLabel('Email or username').fill('admin@acme.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();

    await page.getByRole('link', { name: 'Apps' }).click();
    await page.getByRole('heading', { name: 'Apps' }).waitFor();
    await page.getByRole('button', { name: 'Register app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register app' });
    await dialog.getByLabel('Name').fill('Expenses');
    // A script address is refused with the reason, next to the field.
    await dialog.getByLabel('Address').fill('javascript:alert(1)');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await dialog.getByText('Only http:// and https:// addresses are allowed').waitFor();
    await dialog.getByLabel('Address').fill('https://expenses.acme.test/');
    await dialog.getByLabel('Description').fill('Claim travel costs');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'expenses.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByRole('button', { name: 'Register' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: /Expenses/ }).first().waitFor();

    await page.getByRole('button', { name: 'Assignments of Expenses' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign Expenses' });
    await assign.getByText('Nobody yet.').waitFor();
    await assign.getByLabel('Users').fill('gai');
    await page.getByRole('option', { name: 'gail (gail@acme.test)' }).click();
    await assign.getByRole('button', { name: 'Assign', exact: true }).click();
    await assign.getByRole('table', { name: 'Assignments of Expenses' }).getByRole('cell', { name: 'gail', exact: true }).waitFor();
    await page.screenshot({ path: `${shots}/console-apps-assign.png`, fullPage: true });
    await page.keyboard.press('Escape');

    // The user page says why the app is hers.
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: 'gail' }).click();
    await page.getByRole('tab', { name: 'Apps' }).click();
    const section = page.getByRole('region', { name: 'Apps' });
    await section.getByRole('link', { name: 'Expenses' }).waitFor();
    await section.getByText('Assigned directly').waitFor();

    const user = await (await browser.newContext()).newPage();
    await user.goto(`${base}/o/acme/login`);
    await user.getByLabel('Username or email').fill('gail');
    await user.getByLabel('Password').fill(PASSWORD);
    await user.getByRole('button', { name: 'Sign in' }).click();
    await user.getByRole('heading', { name: 'Your account' }).waitFor();
    const apps = user.getByRole('region', { name: 'Your apps' });
    const link = apps.getByRole('link', { name: 'Expenses' });
    expect(await link.getAttribute('href')).toBe('https://expenses.acme.test/');
    await apps.getByText('Claim travel costs').waitFor();
    // The icon loads from this server, under the page's own content policy.
    const icon = apps.locator('img');
    await expect.poll(() => icon.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(new URL((await icon.getAttribute('src'))!, base).origin).toBe(base);
    await user.screenshot({ path: `${shots}/account-apps.png`, fullPage: true });
  }, 90_000);
});
